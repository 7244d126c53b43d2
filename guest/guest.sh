#!/usr/bin/env bash
# Real-kernel test harness for ipvs4j: boots Debian's kernel (which has IPVS) in qemu under TCG,
# shares the host's root read-only over 9p, and runs a command or the JUnit console launcher in it.
# See guest/README.md. Subcommands: prepare, run, junit, selftest.
set -euo pipefail

GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${IPVS4J_GUEST_CACHE:-$HOME/.cache/ipvs4j-guest}
GUEST_JAVA_HOME=${IPVS4J_GUEST_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
MEM_MB=${IPVS4J_GUEST_MEM:-2048}
CPUS=${IPVS4J_GUEST_CPUS:-2}
JUNIT_VERSION=1.14.1
JUNIT_JAR=$CACHE/junit/junit-platform-console-standalone-$JUNIT_VERSION.jar
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# Host packages: qemu and what builds the initramfs, plus the tools the guest runs from the
# shared host root (ipvsadm, ip, setpriv, busybox httpd/nc/wget, curl).
PACKAGES=(qemu-system-x86 busybox-static kmod cpio xz-utils ipvsadm iproute2 util-linux curl)
# Loaded at every boot, in this order (dependencies are added by modprobe --show-depends).
BOOT_MODULES=(crc32c_generic virtio_pci 9pnet_virtio 9p virtio_console
	ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_sh ip_vs_dh ip_vs_mh ip_vs_lblc ip_vs_lblcr
	ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf dummy veth bridge ipip)
# Shipped in the initramfs but loaded only on demand (modprobe in the guest, or the kernel).
EXTRA_MODULES=(ip_vs_ftp ip_vs_pe_sip fou fou6 ip_gre ip6_tunnel ip6_gre sit macvlan tun
	nf_conntrack_netlink)

TMP_DIRS=()
cleanup() { rm -rf ${TMP_DIRS[@]+"${TMP_DIRS[@]}"}; }
trap cleanup EXIT

log() { echo "guest: $*" >&2; }
die() {
	log "error: $*"
	exit 125
}

usage() {
	cat <<'EOF'
usage: guest.sh prepare [--refresh]
       guest.sh run [--rw DIR]... [--env NAME=VALUE]... [--module NAME]... [--timeout S] [--cwd DIR]
                    -- COMMAND [ARG]...
       guest.sh junit (--classpath CP | --classpath-file FILE)... --reports DIR [--scan DIR]...
                      [--include-classname REGEX] [--rw DIR]... [--env NAME=VALUE]... [--module NAME]...
                      [--timeout S] [--jvm-arg ARG]...
       guest.sh selftest
`--if VALUE LABEL` before the subcommand makes the call a no-op unless VALUE is "true" (Maven).
Environment: IPVS4J_GUEST_CACHE, IPVS4J_GUEST_MEM (MiB), IPVS4J_GUEST_CPUS, IPVS4J_GUEST_CPU_MODEL,
             IPVS4J_GUEST_JAVA_HOME, IPVS4J_GUEST_DEBUG=1 (kernel console to stderr),
             IPVS4J_GUEST_APPEND (extra kernel arguments).
EOF
}

# ---------------------------------------------------------------- prepare

apt_updated=
apt_update_once() {
	[ -n "$apt_updated" ] && return 0
	log "apt-get update"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
	apt_updated=1
}

missing_packages() {
	local p
	for p in "${PACKAGES[@]}"; do
		[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || echo "$p"
	done
}

install_packages() {
	local missing
	mapfile -t missing < <(missing_packages)
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); install them as root"
	apt_update_once
	log "installing ${missing[*]}"
	local out
	out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" 2>&1) || { echo "$out" >&2 && die "apt-get install failed"; }
}

# The kernel package that linux-image-amd64 points at, e.g. linux-image-6.1.0-56-amd64.
resolve_kernel_package() {
	local pkg
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$pkg" ]; then
		apt_update_once
		pkg=$(apt-cache depends linux-image-amd64 | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	fi
	[ -n "$pkg" ] || die "cannot resolve the kernel package behind linux-image-amd64"
	echo "$pkg"
}

# Everything that shapes the initramfs; a change of any of it builds a new one.
initramfs_key() {
	{
		cat "$GUEST_DIR/init.sh"
		echo "${BOOT_MODULES[*]} / ${EXTRA_MODULES[*]}"
		dpkg-query -W -f='${Version}' busybox-static
	} | sha256sum | cut -c1-12
}

download_kernel() { # kdir pkg
	local kdir=$1 pkg=$2 tmp
	[ -s "$kdir/kernel.deb" ] && return 0
	log "downloading $pkg"
	mkdir -p "$kdir"
	tmp=$(mktemp -d "$kdir/dl.XXXXXX")
	# As root into a private directory: apt's sandbox user could not write there.
	local dl=(apt-get download -qq -o APT::Sandbox::User=root "$pkg")
	if ! (cd "$tmp" && "${dl[@]}" >&2); then
		apt_update_once
		(cd "$tmp" && "${dl[@]}" >&2) || die "apt-get download $pkg failed"
	fi
	mv "$tmp"/*.deb "$kdir/kernel.deb"
	rm -rf "$tmp"
}

build_initramfs() { # kdir kver out
	local kdir=$1 kver=$2 out=$3 work m line ko bb a
	log "building initramfs for $kver"
	work=$(mktemp -d "$kdir/build.XXXXXX")
	dpkg-deb -x "$kdir/kernel.deb" "$work/k"
	cp "$work/k/boot/vmlinuz-$kver" "$kdir/vmlinuz"
	depmod -b "$work/k" "$kver"

	local rd=$work/rd mods=$work/rd/lib/modules/$kver
	mkdir -p "$rd"/{bin,sbin,etc,proc,sys,dev,host,hostro} "$mods"
	: >"$rd/etc/modules.boot"
	declare -A seen=()
	for m in "${BOOT_MODULES[@]}" "${EXTRA_MODULES[@]}"; do
		# Lines are "insmod /path/x.ko [params]" or "builtin x"; dependencies come first.
		line=$(modprobe -d "$work/k" -S "$kver" --show-depends "$m") || die "module $m not found in $kver"
		while read -r a ko _; do
			[ "$a" = insmod ] || continue
			ko=${ko#"$work/k/lib/modules/$kver/"}
			[ -n "${seen[$ko]:-}" ] && continue
			seen[$ko]=1
			mkdir -p "$mods/$(dirname "$ko")"
			cp "$work/k/lib/modules/$kver/$ko" "$mods/$ko"
			case " ${BOOT_MODULES[*]} " in
			*" $m "*) echo "$ko" >>"$rd/etc/modules.boot" ;;
			esac
		done <<<"$line"
	done
	cp "$work/k/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$mods/"
	depmod -b "$rd" "$kver"

	bb=$(dpkg -L busybox-static | grep -m1 -E '/bin/busybox$')
	cp "$bb" "$rd/bin/busybox"
	for a in $("$rd/bin/busybox" --list); do
		[ -e "$rd/bin/$a" ] || ln -s busybox "$rd/bin/$a"
	done
	ln -s ../bin/busybox "$rd/sbin/modprobe"
	install -m 755 "$GUEST_DIR/init.sh" "$rd/init"
	mknod -m 600 "$rd/dev/console" c 5 1 2>/dev/null || true
	(cd "$rd" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$work"
}

# Under TCG the bzImage spends ~4 s decompressing itself; qemu boots the uncompressed ELF
# directly through its PVH entry point instead (Debian's kernel has CONFIG_PVH=y).
extract_vmlinux() { # bzImage out
	local off
	off=$(LC_ALL=C grep -abo -m1 $'\xfd7zXZ\x00' "$1" | head -n1 | cut -d: -f1) || true
	rm -f "$2" "$2.none"
	if [ -z "$off" ]; then
		touch "$2.none"
		log "warning: no xz-compressed vmlinux in the bzImage; booting the slower bzImage"
		return 0
	fi
	tail -c +$((off + 1)) "$1" | xz -dc >"$2.tmp" 2>/dev/null || true # trailing data is expected
	if [ "$(head -c 4 "$2.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
		mv "$2.tmp" "$2"
	else
		rm -f "$2.tmp"
		touch "$2.none"
		log "warning: no vmlinux in the bzImage; booting the slower bzImage"
	fi
}

fetch_junit() {
	[ -s "$JUNIT_JAR" ] && return 0
	command -v mvn >/dev/null || die "mvn is needed to fetch the JUnit console launcher"
	log "fetching junit-platform-console-standalone $JUNIT_VERSION"
	local out
	out=$(mvn -B -q "$DEP_PLUGIN:copy" \
		-Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_VERSION" \
		-DoutputDirectory="$CACHE/junit" 2>&1) || { echo "$out" >&2 && die "cannot fetch the JUnit console launcher"; }
}

cmd_prepare() {
	local refresh='' pkg kver kdir key
	while [ $# -gt 0 ]; do
		case $1 in
		--refresh) refresh=1 ;;
		*) die "prepare: unknown option $1" ;;
		esac
		shift
	done
	mkdir -p "$CACHE"
	# Several builds (worktrees, CI) may share the cache and apt: one prepare at a time.
	local lock
	exec {lock}>"$CACHE/.lock"
	flock "$lock"
	install_packages
	# The kernel is pinned in the cache once chosen, so a prepared machine needs no apt look-up;
	# --refresh picks up a newer linux-image-amd64. Fresh lists first: an old list may name a
	# kernel package the archive no longer has.
	if [ -n "$refresh" ] || [ ! -s "$CACHE/kernel-package" ]; then
		apt_update_once
		resolve_kernel_package >"$CACHE/kernel-package.tmp"
		mv "$CACHE/kernel-package.tmp" "$CACHE/kernel-package"
	fi
	pkg=$(cat "$CACHE/kernel-package")
	kver=${pkg#linux-image-}
	kdir=$CACHE/$kver
	key=$(initramfs_key)
	if [ ! -s "$kdir/initramfs-$key.cpio.gz" ] || [ ! -s "$kdir/vmlinuz" ]; then
		download_kernel "$kdir" "$pkg"
		# Older initramfs files stay: other checkouts of guest/ may still boot them.
		build_initramfs "$kdir" "$kver" "$kdir/initramfs-$key.cpio.gz"
	fi
	if [ ! -s "$kdir/vmlinux" ] && [ ! -e "$kdir/vmlinux.none" ]; then
		extract_vmlinux "$kdir/vmlinuz" "$kdir/vmlinux"
	fi
	fetch_junit
	exec {lock}>&-
	log "ready: kernel $kver, cache $CACHE"
}

# ---------------------------------------------------------------- run

# qemu separates options with commas; a literal comma in a path is written twice.
qemu_escape() { printf '%s' "${1//,/,,}"; }

# Is PATH hidden inside the guest by the tmpfs on /tmp or /run?
under_tmpfs() {
	case $1 in /tmp | /tmp/* | /run | /run/*) return 0 ;; esac
	return 1
}

# Options shared by run and junit (arrays filled by parse_common).
RW=() ENVS=() EXPOSE=() MODULES=() TIMEOUT=900 CWD=$PWD
parse_common() { # returns the number of words consumed in CONSUMED
	CONSUMED=0
	case $1 in
	--rw)
		[ -d "${2:-}" ] || die "--rw: not a directory: ${2:-}"
		RW+=("$(realpath "$2")")
		CONSUMED=2
		;;
	--env)
		[[ ${2:-} == [A-Za-z_]*=* ]] || die "--env expects NAME=VALUE"
		ENVS+=("$2")
		CONSUMED=2
		;;
	--timeout)
		[[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--timeout expects seconds"
		TIMEOUT=$2
		CONSUMED=2
		;;
	--module)
		[[ ${2:-} =~ ^[A-Za-z0-9_-]+$ ]] || die "--module expects a module name"
		MODULES+=("$2")
		CONSUMED=2
		;;
	--cwd)
		[ -d "${2:-}" ] || die "--cwd: not a directory: ${2:-}"
		CWD=$(realpath "$2")
		CONSUMED=2
		;;
	esac
}

guest_files() { # sets KVER KERNEL INITRD; prepares first if anything is missing
	local tries
	for tries in 1 2; do
		if [ -s "$CACHE/kernel-package" ] && command -v qemu-system-x86_64 >/dev/null; then
			KVER=$(sed 's/^linux-image-//' "$CACHE/kernel-package")
			KERNEL=$CACHE/$KVER/vmlinux
			[ -s "$KERNEL" ] || KERNEL=$CACHE/$KVER/vmlinuz
			INITRD=$CACHE/$KVER/initramfs-$(initramfs_key).cpio.gz
			[ -s "$KERNEL" ] && [ -s "$INITRD" ] && return 0
		fi
		[ "$tries" = 1 ] && cmd_prepare
	done
	die "the guest is not prepared and prepare did not fix it"
}

# boot_guest COMMAND [ARG]...: one fresh guest runs COMMAND; returns its exit status.
boot_guest() {
	local tmp ctl job i p v qpid wpid rc status
	guest_files
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipvs4j-guest.XXXXXX")
	ctl=$tmp/ctl
	mkdir -p "$ctl"
	TMP_DIRS+=("$tmp")

	# The job: a clean environment, the working directory, then the command itself.
	job=$ctl/job.sh
	{
		echo "# generated by guest.sh"
		echo "export PATH=$(printf %q "$GUEST_JAVA_HOME/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")"
		echo "export JAVA_HOME=$(printf %q "$GUEST_JAVA_HOME")"
		echo "export HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 TERM=dumb TMPDIR=/tmp"
		echo "export IPVS4J_IN_GUEST=1 IPVS4J_GUEST_DIR=$(printf %q "$GUEST_DIR")"
		[ -n "${CI:-}" ] && echo "export CI=$(printf %q "$CI")"
		for v in ${ENVS[@]+"${ENVS[@]}"}; do echo "export ${v%%=*}=$(printf %q "${v#*=}")"; done
		echo "cd -- $(printf %q "$CWD") || exit 125"
		printf 'exec'
		printf ' %q' "$@"
		echo
	} >"$job"

	# Host dirs the guest would otherwise not see (hidden by its tmpfs /tmp and /run).
	: >"$ctl/mounts"
	# (Listed before the writable shares, which may lie inside them.)
	for p in "$GUEST_DIR" "$CWD" ${EXPOSE[@]+"${EXPOSE[@]}"}; do
		under_tmpfs "$p" && [ -d "$p" ] && echo "bind $p" >>"$ctl/mounts"
	done
	for p in ${MODULES[@]+"${MODULES[@]}"}; do echo "module $p" >>"$ctl/mounts"; done
	# shellcheck disable=SC2054 # commas belong to qemu's option syntax
	local qemu=(qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot
		-machine pc -accel tcg -cpu "${IPVS4J_GUEST_CPU_MODEL:-qemu64}" -smp "$CPUS" -m "$MEM_MB" -nic none
		-kernel "$KERNEL" -initrd "$INITRD"
		-append "console=ttyS0 panic=-1 loglevel=4 mitigations=off printk.time=1 ${IPVS4J_GUEST_APPEND:-}"
		-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
		-fsdev "local,id=ctl,path=$(qemu_escape "$ctl"),security_model=none,multidevs=remap"
		-device virtio-9p-pci,fsdev=ctl,mount_tag=ctl
		-device virtio-serial-pci
		-chardev "file,id=out,path=$(qemu_escape "$tmp/out")" -device virtserialport,chardev=out,name=stdout
		-chardev "file,id=err,path=$(qemu_escape "$tmp/err")" -device virtserialport,chardev=err,name=stderr)
	if [ "${IPVS4J_GUEST_DEBUG:-}" = 1 ]; then
		qemu+=(-chardev "file,id=con,path=$(qemu_escape "$tmp/err")" -serial chardev:con)
	else
		qemu+=(-chardev "file,id=con,path=$(qemu_escape "$tmp/console.log")" -serial chardev:con)
	fi
	i=0
	for p in ${RW[@]+"${RW[@]}"}; do
		qemu+=(-fsdev "local,id=rw$i,path=$(qemu_escape "$p"),security_model=none,multidevs=remap"
			-device "virtio-9p-pci,fsdev=rw$i,mount_tag=rw$i")
		echo "rw rw$i $p" >>"$ctl/mounts"
		i=$((i + 1))
	done

	# The job's stdout and stderr come through FIFOs copied by cat, so our own file offsets
	# advance with them (qemu opening /dev/fd/1 itself would overwrite a redirected file).
	# We hold each FIFO open for writing until qemu is gone, so cat sees its end of file then,
	# whether or not qemu ever opened it. qemu's own messages go to a log.
	local wout werr cout cerr
	mkfifo "$tmp/out" "$tmp/err"
	cat "$tmp/out" &
	cout=$!
	cat "$tmp/err" >&2 &
	cerr=$!
	exec {wout}<>"$tmp/out" {werr}<>"$tmp/err"
	"${qemu[@]}" </dev/null >"$tmp/qemu.log" 2>&1 {wout}>&- {werr}>&- &
	qpid=$!
	# A guest that hangs is killed; the marker file tells the timeout apart from a crash.
	(
		trap 'kill $spid 2>/dev/null; exit 0' TERM
		sleep "$TIMEOUT" &
		spid=$!
		wait $spid
		touch "$tmp/timed-out"
		kill "$qpid" 2>/dev/null
	) </dev/null >/dev/null 2>&1 {wout}>&- {werr}>&- &
	wpid=$!
	# shellcheck disable=SC2064
	trap "kill $qpid $wpid 2>/dev/null; exit 130" INT TERM
	rc=0
	wait "$qpid" || rc=$?
	kill "$wpid" 2>/dev/null || true
	wait "$wpid" 2>/dev/null || true
	trap - INT TERM
	exec {wout}>&- {werr}>&-
	wait "$cout" "$cerr" || true

	if [ -e "$tmp/timed-out" ]; then
		log "error: timed out after ${TIMEOUT}s; the guest was killed"
		show_console "$tmp"
		return 124
	fi
	if [ ! -s "$ctl/status" ]; then
		if [ ! -e "$ctl/booted" ]; then
			log "error: the guest did not boot (qemu exit status $rc)"
		else
			log "error: the guest stopped before the command finished (qemu exit status $rc)"
		fi
		show_console "$tmp"
		return 125
	fi
	status=$(cat "$ctl/status")
	return "$status"
}

show_console() {
	if [ -s "$1/qemu.log" ]; then
		log "qemu said:"
		sed 's/^/  /' "$1/qemu.log" >&2
	fi
	if [ -s "$1/console.log" ]; then
		log "last lines of the guest console:"
		tail -n 40 "$1/console.log" | sed 's/^/  /' >&2
	fi
}

cmd_run() {
	while [ $# -gt 0 ]; do
		case $1 in
		--) shift && break ;;
		-*)
			parse_common "$@"
			[ "$CONSUMED" -gt 0 ] || die "run: unknown option $1"
			shift "$CONSUMED"
			;;
		*) break ;;
		esac
	done
	[ $# -gt 0 ] || die "run: no command given"
	local rc=0
	boot_guest "$@" || rc=$?
	return "$rc"
}

# ---------------------------------------------------------------- junit

cmd_junit() {
	local cp='' reports='' include='.*KernelIT' jvm=() scan=() e
	while [ $# -gt 0 ]; do
		case $1 in
		--classpath) cp=$cp:${2:?--classpath needs a value} && shift 2 ;;
		--classpath-file) cp=$cp:$(tr -d '\n' <"${2:?--classpath-file needs a file}") && shift 2 ;;
		--reports) reports=${2:?--reports needs a directory} && shift 2 ;;
		--include-classname) include=${2:?} && shift 2 ;;
		--jvm-arg) jvm+=("${2:?}") && shift 2 ;;
		--scan) scan+=("$(realpath "${2:?}")") && shift 2 ;;
		*)
			parse_common "$@"
			[ "$CONSUMED" -gt 0 ] || die "junit: unknown option $1"
			shift "$CONSUMED"
			;;
		esac
	done
	cp=$(sed -e 's/::*/:/g' -e 's/^://' -e 's/:$//' <<<"$cp")
	[ -n "$cp" ] || die "junit: --classpath or --classpath-file is required"
	[ -n "$reports" ] || die "junit: --reports is required"
	[ -s "$JUNIT_JAR" ] || cmd_prepare
	mkdir -p "$reports"
	reports=$(realpath "$reports")
	rm -f "$reports"/TEST-*.xml "$reports"/hs_err_pid*.log "$reports"/crash-attempt*.log
	RW+=("$reports")

	# Scan the classpath's directories (not its jars) unless told which to scan.
	local entries=()
	IFS=: read -r -a entries <<<"$cp"
	if [ ${#scan[@]} -eq 0 ]; then
		for e in "${entries[@]}"; do [ -d "$e" ] && scan+=("$e"); done
	fi
	[ ${#scan[@]} -gt 0 ] || die "junit: no directory to scan for tests"
	# Bind mounts want directories: a jar is exposed through its directory.
	for e in "${entries[@]}" "$JUNIT_JAR"; do
		[ -f "$e" ] && e=$(dirname "$e")
		under_tmpfs "$e" && EXPOSE+=("$e")
	done

	# A JVM crash report would otherwise stay in the guest's /tmp.
	jvm=("-XX:ErrorFile=$reports/hs_err_pid%p.log" ${jvm[@]+"${jvm[@]}"})
	# Under TCG the guest's JVM now and then dies of a fault in JIT-compiled JDK code (SIGSEGV with
	# si_code SI_KERNEL, about one run in 10-20, whatever the tests do). Only such a crash is retried,
	# in a fresh guest, at most twice; a test failure never is. Each crash report is kept.
	local rc attempt crash
	for attempt in 1 2 3; do
		rc=0
		boot_guest java "${jvm[@]}" -jar "$JUNIT_JAR" execute \
			--disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
			--class-path "$cp" --scan-class-path "$(
				IFS=:
				echo "${scan[*]}"
			)" \
			--include-classname "$include" --reports-dir "$reports" || rc=$?
		crash=$(find "$reports" -maxdepth 1 -name 'hs_err_pid*.log' -print -quit)
		[ -n "$crash" ] && [ "$attempt" -lt 3 ] || break
		mv "$crash" "$reports/crash-attempt$attempt-$(basename "$crash")"
		log "warning: the JVM crashed in the guest (attempt $attempt of 3, status $rc; report:" \
			"$reports/crash-attempt$attempt-$(basename "$crash")); rerunning every test in a fresh guest"
		rm -f "$reports"/TEST-*.xml
	done

	summarize "$reports" "$rc"
}

# Counts the results in the JUnit XML reports; prints "kernel: N passed, N failed, N skipped".
summarize() { # reports-dir launcher-exit-status
	local tests=0 failed=0 skipped=0 f attrs
	attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$attrs" | grep . || echo 0; }
	for f in "$1"/TEST-*.xml; do
		[ -e "$f" ] || continue
		# The first <testsuite ...> tag holds the engine's totals.
		attrs=$(tr '\n' ' ' <"$f" | grep -o -m1 '<testsuite [^>]*>' || true)
		tests=$((tests + $(attr tests)))
		failed=$((failed + $(attr failures) + $(attr errors)))
		skipped=$((skipped + $(attr skipped)))
	done
	echo "kernel: $((tests - failed - skipped)) passed, $failed failed, $skipped skipped"
	for f in "$1"/hs_err_pid*.log; do [ -e "$f" ] && log "error: the JVM crashed, see $f"; done
	if [ "$2" -ne 0 ]; then
		[ "$2" -eq 2 ] && log "error: no tests were found"
		log "error: the kernel tests failed (status $2)"
		return 1
	fi
	[ "$failed" -eq 0 ] || return 1
	[ "$tests" -gt 0 ] || { log "error: no tests ran" && return 1; }
}

# ---------------------------------------------------------------- selftest

cmd_selftest() {
	local rc=0
	boot_guest bash "$GUEST_DIR/selftest.sh" || rc=$?
	return "$rc"
}

# ---------------------------------------------------------------- main

main() {
	# --if VALUE LABEL: the Maven profile runs us for every module; only "true" ones test.
	if [ "${1:-}" = --if ]; then
		[ "${2:-}" = true ] || return 0
		shift 3
	fi
	local sub=${1:-}
	[ $# -gt 0 ] && shift
	case $sub in
	prepare) cmd_prepare "$@" ;;
	run) cmd_run "$@" ;;
	junit) cmd_junit "$@" ;;
	selftest) cmd_selftest "$@" ;;
	-h | --help | help) usage ;;
	*)
		usage >&2
		exit 2
		;;
	esac
}

main "$@"
