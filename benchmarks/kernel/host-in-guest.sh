#!/usr/bin/env bash
# Runs inside a freshly booted guest (see host-bench.sh): host setup with ip and sysctl against ipvs4j's
# Host, ROUNDS rounds, each tool in a fresh network namespace per round, the tools' order alternating
# from round to round. Appends "ROUND TOOL OP N SECONDS" lines to OUT/host.txt.
#
#   host-in-guest.sh OUT ROUNDS "SIZES"      (SIZES: e.g. "100 1000")
#
# Tools: "ip" (ip -batch, ip -j addr show, ip netns exec ... sysctl -n, whole processes timed),
# "ipvs4j" (HostBench in ONE JVM started and warmed up before the first round; only the calls are
# timed), "lvs-preflight" (examples/bin/lvs-preflight --fix, the whole process, JVM start included;
# also lvs-preflight --help and java -version, which start the same JVM and do no host work).
# The namespaces: lo up, dummy0 up with 198.51.100.10/24 (documentation addresses); the N addresses are
# 198.18.(i/256).(i%256)/32 on dummy0, i = 1..N. The preflight's: lo up, a veth pair eth0/eth1 (eth0
# 198.51.100.10/24); the VIP 192.0.2.100.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${IPVS4J_BENCH_CHECKOUT:-$(cd "$here/../.." && pwd)}
out=$1 rounds=$2 sizes=$3
results=$out/host.txt
vip=192.0.2.100
echo "kernel $(uname -r)" >"$out/kernel.txt"
tmp=$(mktemp -d)

for n in $sizes; do
	awk -v n="$n" -v op=add 'BEGIN { for (i = 1; i <= n; i++) printf "addr %s 198.18.%d.%d/32 dev dummy0\n", op, int(i / 256), i % 256 }' >"$tmp/add-$n"
	sed 's/^addr add/addr del/' "$tmp/add-$n" >"$tmp/del-$n"
done

new_namespace() { # NAME
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip -n "$1" link add dummy0 type dummy
	ip -n "$1" addr add 198.51.100.10/24 dev dummy0
	ip -n "$1" link set dummy0 up
}
# A real server's namespace for the preflight: its NIC must do ARP (dummy0 is NOARP, and Preflight rightly
# asks no ARP settings for it), so a veth pair, both ends inside, eth0 with 198.51.100.10/24.
new_real_server() { # NAME
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip -n "$1" link add eth0 type veth peer name eth1
	ip -n "$1" addr add 198.51.100.10/24 dev eth0
	ip -n "$1" link set eth1 up
	ip -n "$1" link set eth0 up
}
record() { # ROUND TOOL OP N SECONDS (round 0, the warm-up, only to stderr)
	[ "$1" = 0 ] || echo "$*" >>"$results"
	echo "$*" >&2
}
# Wall-clock seconds of whole commands (process starts included).
timed() { # ROUND TOOL OP N COMMAND...
	local r=$1 tool=$2 op=$3 n=$4 t0 t1
	shift 4
	t0=$EPOCHREALTIME
	"$@"
	t1=$EPOCHREALTIME
	record "$r" "$tool" "$op" "$n" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')"
}
addresses_on_dummy0() { ip -n "$1" -o -4 addr show dev dummy0 | wc -l; }
fail() { echo "host-in-guest: $*" >&2 && exit 1; }

# The ipvs4j side: one JVM for the whole run, fed one command a line (HostBench). C1 only, as the
# kernel benchmark's in-process JVM (C2's code crashed JVMs under TCG; JAVA_OPTS can undo it).
cp=$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")
# shellcheck disable=SC2086 # JAVA_OPTS splits into words
coproc JVM { exec java -XX:TieredStopAtLevel=1 ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
	-cp "$cp" io.github.ipvs4j.benchmarks.HostBench; }
keys=
jvm() { # COMMAND...: its figures into the results (round 0's, the warm-up's, only to stderr)
	local line
	echo "$*" >&"${JVM[1]}"
	while IFS= read -r line <&"${JVM[0]}"; do
		case $line in
		done) return 0 ;;
		KEYS\ *) keys=${line#KEYS } ;;
		'#'*) echo "$line" >&2 ;;
		*) record $line ;;
		esac
	done
	fail "the JVM ended"
}

ip_round() { # ROUND NS
	local r=$1 ns=$2 n first=1 count
	for n in $sizes; do
		timed "$r" ip add "$n" ip -n "$ns" -batch "$tmp/add-$n"
		[ "$(addresses_on_dummy0 "$ns")" -eq $((n + 1)) ] || fail "ip: not $n addresses added"
		timed "$r" ip list "$n" ip -n "$ns" -j addr show >/dev/null
		if [ -n "$first" ]; then
			count=$(wc -w <<<"$keys")
			# shellcheck disable=SC2086 # the keys split into words
			timed "$r" ip settings "$count" ip netns exec "$ns" sysctl -n $keys >/dev/null
			first=
		fi
		timed "$r" ip remove "$n" ip -n "$ns" -batch "$tmp/del-$n"
		[ "$(addresses_on_dummy0 "$ns")" -eq 1 ] || fail "ip: addresses left after the removal"
	done
}
ipvs4j_round() { # ROUND NS
	# shellcheck disable=SC2086 # the sizes split into words
	jvm run "$1" "$2" dummy0 $sizes
}
# A DR real server's preflight fix of a namespace with nothing set up for it. The shell's equivalent
# makes the three changes Preflight.fix makes there (checked in the warm-up's "# changes:" line), blind:
# it reads nothing before or after.
preflight_ok() { # NS
	[[ $(ip -n "$1" -o addr show dev lo) == *" $vip/32 "* ]] &&
		[ "$(ip netns exec "$1" sysctl -n net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce | tr '\n' ' ')" = "1 2 " ] ||
		fail "preflight in $1: the VIP or the ARP settings are not there"
}
shell_fix() { # NS
	ip -n "$1" addr add "$vip/32" dev lo
	ip netns exec "$1" sysctl -q -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
}
preflight() { # ROUND TOOL
	local r=$1 tool=$2 ns=pf-$1-$2
	new_real_server "$ns"
	case $tool in
	ip) timed "$r" ip preflight-fix 3 shell_fix "$ns" ;;
	ipvs4j) jvm preflight "$r" "$ns" "$vip" ;;
	lvs-preflight)
		timed "$r" lvs-preflight java-version 0 java -version 2>/dev/null
		timed "$r" lvs-preflight help 0 "$root/examples/bin/lvs-preflight" --help >/dev/null
		timed "$r" lvs-preflight preflight-fix 3 "$root/examples/bin/lvs-preflight" --role real-server --mode dr \
			--vip "$vip" --netns "$ns" --fix >/dev/null
		;;
	esac
	preflight_ok "$ns"
	ip netns delete "$ns"
}

# Warm-up, untimed: the JVM loads and compiles the library's paths twice over; the command-line tools'
# files (ip, sysctl, the JVM of lvs-preflight with its class path and archive) get into the page cache.
new_namespace warm
jvm keys warm
jvm warmup warm dummy0 $sizes $sizes
new_real_server warm-pf
jvm preflight 0 warm-pf "$vip"
ip netns delete warm-pf
ip_round 0 warm 2>/dev/null
ip netns delete warm
"$root/examples/bin/lvs-preflight" --help >/dev/null

for r in $(seq 1 "$rounds"); do
	order="ip ipvs4j"
	pforder="ip ipvs4j lvs-preflight"
	if [ $((r % 2)) -eq 0 ]; then
		order="ipvs4j ip"
		pforder="lvs-preflight ipvs4j ip"
	fi
	echo "== round $r: $order; preflight $pforder" >&2
	for tool in $order; do
		new_namespace "hb-$r-$tool"
		"${tool}_round" "$r" "hb-$r-$tool"
		ip netns delete "hb-$r-$tool"
	done
	for tool in $pforder; do
		preflight "$r" "$tool"
	done
done
exec {JVM[1]}>&-
wait "$JVM_PID" || true
rm -rf "$tmp"
