#!/usr/bin/env bash
# Runs inside a freshly booted guest (see kernel-bench.sh). For each round and each tool, a new network
# namespace gives the tool a fresh kernel table (IPVS keeps its table and its trash of removed real
# servers per namespace): load, full read, 1% change, flush, back to back, so that every tool meets
# the same conditions within minutes of the others. Appends "TOOL SIZE OP SECONDS" lines to
# OUT/results.txt.
# Usage: in-guest.sh SIZE OUT ROUNDS TOOL...   (SIZE: 10000x8; TOOL: floor ipvsadm jipvsadm inprocess;
#                                              ROUNDS: N, or FIRST-LAST to go on numbering the namespaces)
#        in-guest.sh --one TOOL SIZE OUT       (one tool in the current namespace)
# IPVS4J_BENCH_CHECKOUT: the checkout whose jipvsadm and InProcess run (default: this one).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${IPVS4J_BENCH_CHECKOUT:-$(cd "$here/../.." && pwd)}

# A namespace whose dummy0 holds an address on each real-server /24 (NAT destinations need a route).
new_namespace() { # NAME
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip -n "$1" link add dummy0 type dummy
	ip -n "$1" addr add 198.51.100.254/24 dev dummy0
	ip -n "$1" addr add 203.0.113.254/24 dev dummy0
	ip -n "$1" link set dummy0 up
}

if [ "${1:-}" != --one ]; then
	size=$1 out=$2 rounds=$3
	shift 3
	echo "kernel $(uname -r)" >"$out/kernel.txt"
	# shellcheck disable=SC2086 # FIRST-LAST becomes two arguments
	for round in $(seq ${rounds/-/ }); do
		for tool in "$@"; do
			new_namespace "$tool-$round"
			# In process: more fresh tables, for the warm round and for each round's incremental reconciler.
			[ "$tool" = inprocess ] && for ns in warm incremental warm-incremental; do new_namespace "$tool-$round-$ns"; done
			ip netns exec "$tool-$round" bash "$here/in-guest.sh" --one "$tool" "$size" "$out" "$tool-$round-warm" \
				"$tool-$round-incremental" "$tool-$round-warm-incremental" ||
				echo "$tool $size round $round failed" | tee -a "$out/failures.txt" >&2
			ip netns delete "$tool-$round"
		done
	done
	exit 0
fi

tool=$2 size=$3 out=$4
shift 4 # the rest: the in-process runner's other namespaces
rules=$out/rules
load=$rules/load-$size.rules
change=$rules/change-$size.rules
services=${size%x*} per=${size#*x}

record() {
	echo "$tool $size $1 $2" >>"$out/results.txt"
	echo "$tool $size $1 $2" >&2
}
# Wall-clock seconds of a whole command (process start included).
timed() { # OP COMMAND... (stdin/stdout as given)
	local op=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	"$@"
	t1=$EPOCHREALTIME
	record "$op" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
}
# The table must hold exactly what was loaded (ipvsadm -Sn prints one line per service and server).
expect_lines() { # EXPECTED
	local n
	n=$(ipvsadm -Sn | wc -l)
	[ "$n" -eq "$1" ] || { echo "in-guest: expected $1 rules in the table, found $n" >&2 && exit 1; }
}
loaded=$(wc -l <"$load")
changed=$(( $(wc -l <"$load") + $(grep -c '^-A' "$change" || true) * (per + 1) - $(grep -c '^-D' "$change" || true) * (per + 1) ))

case $tool in
ipvsadm | jipvsadm)
	cmd=ipvsadm
	[ "$tool" = jipvsadm ] && cmd=$root/examples/bin/jipvsadm
	# One untimed listing of the empty table first, so that the timed commands find the tool's files in
	# the page cache, as on a director that has run it before. The first process of a fresh guest
	# otherwise reads them over 9p (for jipvsadm: the JVM, its modules and the CDS archive, some
	# 100 MB); in one guest on a busy host the first jipvsadm -R of 10000x8 took 17.2 s, the next 9.8 s.
	"$cmd" -Ln >/dev/null
	timed load "$cmd" -R <"$load"
	expect_lines "$loaded"
	timed read "$cmd" -Sn >/dev/null
	timed reconcile "$cmd" -R <"$change"
	expect_lines "$changed"
	timed flush "$cmd" -C
	expect_lines 0
	;;
floor)
	floor=$out/ipvs-floor
	# The floor's own clock covers only its netlink exchange (requests encoded beforehand).
	for step in "load load $load" "read read" "reconcile load $change" "flush flush"; do
		set -- $step
		op=$1
		shift
		line=$("$floor" "$@")
		record "$op" "$(sed -n 's/^seconds=\([0-9.]*\).*/\1/p' <<<"$line")"
		case $op in
		load) expect_lines "$loaded" ;;
		read) grep -q "realservers=$(( loaded - services ))" <<<"$line" || { echo "floor read: $line" >&2 && exit 1; } ;;
		reconcile) expect_lines "$changed" ;;
		esac
	done
	;;
inprocess)
	# The second round (-warm) runs in another fresh namespace, once the JVM is warm; so does each
	# round's incremental load and change (a flush leaves the removed real servers in the kernel's trash,
	# which a load into the same namespace would have to search).
	cp=$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")
	# JAVA_OPTS (e.g. a JFR recording into OUT) passes through from kernel-bench.sh's environment.
	# C1 only, as jipvsadm runs: with C2, each of the three in-process JVMs of one run crashed under
	# TCG (SIGSEGV in compiled code, or an impossible value); JAVA_OPTS=-XX:TieredStopAtLevel=4 undoes it.
	java -XX:TieredStopAtLevel=1 ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.github.ipvs4j.benchmarks.InProcess \
		"$services" "$per" "$@" | while read -r op secs rest; do
		case $secs in
		seconds=*) record "$op" "${secs#seconds=}" ;;
		*) echo "$op $secs $rest" >&2 ;; # anything else the JVM says (JFR, a crash report)
		esac
	done
	expect_lines 0
	;;
*)
	echo "in-guest: unknown tool $tool" >&2
	exit 2
	;;
esac
