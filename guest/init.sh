#!/bin/busybox sh
# shellcheck shell=dash
# PID 1 of the ipvs4j test guest (busybox ash, inside the initramfs that guest.sh builds).
# It loads the modules, mounts the host's root read-only over 9p, chroots into it to run one
# job, reports the job's exit status through the "ctl" share, and powers the machine off.
# Nothing here may exit: PID 1 exiting panics the kernel (then qemu stops, and the host reports
# a guest failure because no status was written).

export PATH=/bin:/sbin

say() { echo "init: $*" >/dev/console; }
halt() {
	sync
	poweroff -f
	reboot -f # -no-reboot makes qemu exit on a reboot too
	sleep 3600
}
die() {
	say "FATAL: $*"
	halt
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
kver=$(uname -r)

# Load in the order computed on the host by `modprobe --show-depends` (crc32c_generic first:
# without it libcrc32c, hence ip_vs, fails with "unknown symbol").
while read -r ko; do
	insmod "/lib/modules/$kver/$ko" || say "insmod $ko failed"
done </etc/modules.boot
# Modules the kernel asks for later (request_module) are loaded by busybox modprobe from here.
echo /sbin/modprobe >/proc/sys/kernel/modprobe

opts=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /host /hostro
# The root share never changes while the guest runs, so it may be cached aggressively.
mount -t 9p -o "$opts,ro,cache=loose" hostroot /host || die "cannot mount the host root over 9p"
# A view of the host root without the mounts below, to re-expose host dirs hidden by the tmpfs.
mount --bind /host /hostro
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -t devtmpfs devtmpfs /host/dev
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /host/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
mount -t tmpfs -o mode=1777 tmpfs /host/tmp
mount -t tmpfs -o mode=755 tmpfs /host/run
ctl=/host/run/ipvs4j-guest
mkdir -p "$ctl"
mount -t 9p -o "$opts" ctl "$ctl" || die "cannot mount the ctl share"
echo booted >"$ctl/booted"

# The guest's modules, for `modprobe -d /run/ipvs4j-modules NAME` in the chroot (the host's
# /lib/modules has no modules of this kernel, and it is read-only).
mkdir -p "/host/run/ipvs4j-modules/lib/modules/$kver"
mount --bind "/lib/modules/$kver" "/host/run/ipvs4j-modules/lib/modules/$kver"

# ctl/mounts: "bind PATH" re-exposes a host path hidden under /tmp or /run;
# "rw TAG PATH" mounts the writable share TAG at PATH; "module NAME" loads a module.
while read -r kind a b; do
	case $kind in
	module)
		modprobe "$a" || die "cannot load module $a"
		;;
	bind)
		mkdir -p "/host$a"
		mount --bind "/hostro$a" "/host$a" || die "cannot expose $a"
		;;
	rw)
		mkdir -p "/host$b" 2>/dev/null
		mount -t 9p -o "$opts" "$a" "/host$b" || die "cannot mount writable share $b"
		;;
	esac
done <"$ctl/mounts"

hostname ipvs4j-guest
ip link set lo up

# The job's stdout and stderr go to their own virtio-serial ports, which qemu writes to the
# host's stdout and stderr. Ports appear asynchronously after virtio_console binds.
port() {
	for p in /sys/class/virtio-ports/*; do
		[ "$(cat "$p/name" 2>/dev/null)" = "$1" ] && echo "/dev/${p##*/}" && return 0
	done
	return 1
}
i=0
until out=$(port stdout) && err=$(port stderr); do
	i=$((i + 1))
	[ $i -gt 100 ] && die "virtio-serial ports did not appear"
	sleep 0.1
done

chroot /host /bin/bash /run/ipvs4j-guest/job.sh </dev/null >"$out" 2>"$err"
echo $? >"$ctl/status.tmp" && mv "$ctl/status.tmp" "$ctl/status"
halt
