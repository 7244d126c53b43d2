#!/usr/bin/env bash
# Runs inside a freshly booted guest (see kernel-bench.sh): one tool against the fresh kernel table,
# load, full read, 1% change, flush. Appends "TOOL SIZE OP SECONDS" lines to OUT/results.txt.
# Usage: in-guest.sh TOOL SIZE OUT   (TOOL: ipvsadm | floor | inprocess | jipvsadm; SIZE: 10000x8)
set -euo pipefail
tool=$1 size=$2 out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
rules=$out/rules
load=$rules/load-$size.rules
change=$rules/change-$size.rules
services=${size%x*} per=${size#*x}

# NAT real servers sit on the documentation /24s; give the director an address on each.
ip link set dummy0 up
ip addr add 198.51.100.254/24 dev dummy0
ip addr add 203.0.113.254/24 dev dummy0
echo "kernel $(uname -r)" >"$out/kernel.txt"

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
	cp=$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")
	# JAVA_OPTS (e.g. a JFR recording into OUT) passes through from kernel-bench.sh's environment.
	java ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.github.ipvs4j.benchmarks.InProcess \
		"$services" "$per" | while read -r op secs rest; do
		record "$op" "${secs#seconds=}"
	done
	expect_lines 0
	;;
*)
	echo "in-guest: unknown tool $tool" >&2
	exit 2
	;;
esac
