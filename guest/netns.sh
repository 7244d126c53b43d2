#!/usr/bin/env bash
# Test networks inside the ipvs4j guest (run as root in the guest: guest.sh run ... -- guest/netns.sh ...).
# The guest has no NIC; everything lives in network namespaces made here, with documentation
# addresses only. The director is the guest's root namespace.
#
#   netns.sh nat [N]   client ns ipvs-cl (203.0.113.2, default via 203.0.113.1) ->
#                      director (VIP 192.0.2.1 on lo) -> bridge ipvsbr0 198.51.100.1/24 ->
#                      real servers ipvs-rs1..N at 198.51.100.2.., default via 198.51.100.1.
#   netns.sh dr [N]    one bridge ipvsbr0 198.51.100.1/24 for all; real servers carry the VIP
#                      192.0.2.1 on lo (arp_ignore=1, arp_announce=2) and answer the client
#                      (ipvs-cl, 198.51.100.100, route to 192.0.2.0/24 via .1) directly.
#   netns.sh get URL   one HTTP GET from the client namespace; prints the body ("rs1", ...).
#   netns.sh clean     removes the namespaces, bridge, veths and the VIP.
# Each real server runs busybox httpd on port 80 whose / answers "rsI".
# The addresses can be changed with VIP=... (the service address the client targets).
set -euo pipefail

VIP=${VIP:-192.0.2.1}
WWW=/tmp/ipvs4j-netns

veth_into() { # ns ifname-in-ns host-side-name
	ip link add "$3" type veth peer name "$2" netns "$1"
	ip link set "$3" up
}

real_servers() { # N
	local i ns
	ip link add ipvsbr0 type bridge
	ip addr add 198.51.100.1/24 dev ipvsbr0
	ip link set ipvsbr0 up
	for ((i = 1; i <= $1; i++)); do
		ns=ipvs-rs$i
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		veth_into "$ns" eth0 "vrs$i"
		ip link set "vrs$i" master ipvsbr0
		ip -n "$ns" addr add "198.51.100.$((i + 1))/24" dev eth0
		ip -n "$ns" link set eth0 up
		ip -n "$ns" route add default via 198.51.100.1
		mkdir -p "$WWW/rs$i"
		echo "rs$i" >"$WWW/rs$i/index.html"
		ip netns exec "$ns" busybox httpd -p 80 -h "$WWW/rs$i"
	done
}

nat() {
	local n=${1:-2}
	sysctl -qw net.ipv4.ip_forward=1
	ip netns add ipvs-cl
	ip -n ipvs-cl link set lo up
	veth_into ipvs-cl eth0 vcl
	ip addr add 203.0.113.1/24 dev vcl
	ip -n ipvs-cl addr add 203.0.113.2/24 dev eth0
	ip -n ipvs-cl link set eth0 up
	ip -n ipvs-cl route add default via 203.0.113.1
	ip addr add "$VIP/32" dev lo
	real_servers "$n"
}

dr() {
	local n=${1:-2} i ns
	sysctl -qw net.ipv4.ip_forward=1
	ip addr add "$VIP/32" dev lo
	real_servers "$n"
	for ((i = 1; i <= n; i++)); do
		ns=ipvs-rs$i
		ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
		ip -n "$ns" addr add "$VIP/32" dev lo
	done
	ip netns add ipvs-cl
	ip -n ipvs-cl link set lo up
	veth_into ipvs-cl eth0 vcl
	ip link set vcl master ipvsbr0
	ip -n ipvs-cl addr add 198.51.100.100/24 dev eth0
	ip -n ipvs-cl link set eth0 up
	ip -n ipvs-cl route add 192.0.2.0/24 via 198.51.100.1
}

get() {
	# curl, not busybox wget: Debian's static busybox wget crashes with -T.
	ip netns exec ipvs-cl curl -sS --max-time 5 "$1"
}

clean() {
	local ns
	pkill -f "busybox httpd -p 80 -h $WWW/" 2>/dev/null || true
	for ns in $(ip netns list | awk '$1 ~ /^ipvs-/ { print $1 }'); do ip netns del "$ns"; done
	ip link del ipvsbr0 2>/dev/null || true
	ip link del vcl 2>/dev/null || true
	ip addr del "$VIP/32" dev lo 2>/dev/null || true
	rm -rf "$WWW"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
nat | dr | get | clean) "$cmd" "$@" ;;
*)
	sed -n '2,/^set -e/p' "$0" | sed '$d' >&2
	exit 2
	;;
esac
