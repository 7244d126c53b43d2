#!/usr/bin/env bash
# Runs inside the guest (guest.sh selftest): proves the guest has a working IPVS, the tools the
# tests use, an unprivileged mode, and real traffic through a NAT virtual service.
set -uo pipefail

passed=0 failed=0
check() { # name command...
	local name=$1 out start=$SECONDS
	shift
	if out=$("$@" 2>&1); then
		echo "ok - $name ($((SECONDS - start)) s)"
		passed=$((passed + 1))
	else
		echo "not ok - $name"
		printf '    %s\n' "${out//$'\n'/$'\n    '}"
		failed=$((failed + 1))
	fi
}

proc_ip_vs() {
	[ -e /proc/net/ip_vs ] && head -n1 /proc/net/ip_vs | grep -q 'IP Virtual Server'
}

ipvsadm_rules() {
	ipvsadm -C &&
		ipvsadm -A -t 192.0.2.1:80 -s rr &&
		ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m &&
		local saved
	saved=$(ipvsadm -Sn) || return 1
	echo "$saved"
	grep -qx -- '-A -t 192.0.2.1:80 -s rr' <<<"$saved" &&
		grep -qx -- '-a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 1' <<<"$saved" &&
		ipvsadm -C
}

# One restore and one save: under TCG each ipvsadm exec costs.
schedulers() {
	local s port=8000 rules='' saved bad=0
	for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
		port=$((port + 1))
		rules+="-A -t 192.0.2.1:$port -s $s"$'\n'
	done
	ipvsadm -C && ipvsadm -R <<<"$rules" || return 1
	saved=$(ipvsadm -Sn) || return 1
	ipvsadm -C
	while read -r line; do
		grep -qxF -- "$line" <<<"$saved" || {
			echo "missing after restore: $line"
			bad=1
		}
	done <<<"${rules%$'\n'}"
	return $bad
}

java_runs() {
	java -version
}

unprivileged_denied() {
	local out
	if out=$(setpriv --reuid=65534 --regid=65534 --clear-groups ipvsadm -Ln 2>&1); then
		echo "an unprivileged ipvsadm -Ln succeeded: $out"
		return 1
	fi
	echo "$out"
	grep -qiE 'permission denied|operation not permitted' <<<"$out"
}

# NAT, wrr with weights 1 (rs1) and 2 (rs2), six sequential HTTP requests from the client.
nat_wrr_traffic() {
	local netns=$IPVS4J_GUEST_DIR/netns.sh got=() want="rs2 rs1 rs2 rs2 rs1 rs2"
	"$netns" clean
	"$netns" nat 2 || return 1
	ipvsadm -C
	ipvsadm -A -t 192.0.2.1:80 -s wrr &&
		ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 1 &&
		ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.3:80 -m -w 2 || return 1
	for _ in 1 2 3 4 5 6; do
		got+=("$("$netns" get http://192.0.2.1/)")
	done
	echo "answers: ${got[*]} (want $want)"
	ipvsadm -Ln
	ipvsadm -C
	"$netns" clean
	[ "${got[*]}" = "$want" ]
}

# DR, rr: real servers answer the client directly and alternate (which one comes first is up
# to rr's position in the destination list, so only the alternation is checked).
dr_rr_traffic() {
	local netns=$IPVS4J_GUEST_DIR/netns.sh got=()
	"$netns" clean
	"$netns" dr 2 || return 1
	ipvsadm -C
	ipvsadm -A -t 192.0.2.1:80 -s rr &&
		ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.2:80 -g &&
		ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.3:80 -g || return 1
	for _ in 1 2 3 4; do
		got+=("$("$netns" get http://192.0.2.1/)")
	done
	echo "answers: ${got[*]} (want rs1 and rs2 alternating)"
	ipvsadm -C
	"$netns" clean
	[[ "${got[*]}" == "rs1 rs2 rs1 rs2" || "${got[*]}" == "rs2 rs1 rs2 rs1" ]]
}

check "/proc/net/ip_vs exists" proc_ip_vs
check "ipvsadm adds a service and a NAT destination, -Sn shows them" ipvsadm_rules
check "all 13 schedulers can be used" schedulers
check "java runs" java_runs
check "setpriv as nobody: ipvsadm -Ln is denied" unprivileged_denied
check "NAT wrr 1:2 traffic gives rs2 rs1 rs2 rs2 rs1 rs2" nat_wrr_traffic
check "DR rr traffic alternates rs1 rs2" dr_rr_traffic

echo "selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
