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

# Under TCG every exec costs, so each namespace is configured by one `ip -batch`.
root_batch() { ip -batch -; }
ns_batch() { ip -n "$1" -batch -; }

real_servers() { # N
	local i ns
	root_batch <<-EOF
		link add ipvsbr0 type bridge
		addr add 198.51.100.1/24 dev ipvsbr0
		link set ipvsbr0 up
	EOF
	for ((i = 1; i <= $1; i++)); do
		ns=ipvs-rs$i
		ip netns add "$ns"
		root_batch <<-EOF
			link add vrs$i type veth peer name eth0 netns $ns
			link set vrs$i master ipvsbr0 up
		EOF
		ns_batch "$ns" <<-EOF
			link set lo up
			addr add 198.51.100.$((i + 1))/24 dev eth0
			link set eth0 up
			route add default via 198.51.100.1
		EOF
		mkdir -p "$WWW/rs$i"
		echo "rs$i" >"$WWW/rs$i/index.html"
		ip netns exec "$ns" busybox httpd -p 80 -h "$WWW/rs$i"
	done
}

client() { # address/prefix route...
	ip netns add ipvs-cl
	ip link add vcl type veth peer name eth0 netns ipvs-cl
	ns_batch ipvs-cl <<-EOF
		link set lo up
		addr add $1 dev eth0
		link set eth0 up
		route add $2
	EOF
}

nat() {
	local n=${1:-2}
	sysctl -qw net.ipv4.ip_forward=1
	client 203.0.113.2/24 "default via 203.0.113.1"
	root_batch <<-EOF
		addr add 203.0.113.1/24 dev vcl
		link set vcl up
		addr add $VIP/32 dev lo
	EOF
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
	client 198.51.100.100/24 "192.0.2.0/24 via 198.51.100.1"
	ip link set vcl master ipvsbr0 up
}

get() {
	# curl, not busybox wget: Debian's static busybox wget crashes with -T.
	ip netns exec ipvs-cl curl -sS --max-time 5 "$1"
}

clean() {
	pkill -f "busybox httpd -p 80 -h $WWW/" 2>/dev/null || true
	{
		ip netns list | awk '$1 ~ /^ipvs-/ { print "netns del " $1 }'
		echo "link del ipvsbr0"
		echo "link del vcl"
		echo "addr del $VIP/32 dev lo"
	} | ip -force -batch - 2>/dev/null || true
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
