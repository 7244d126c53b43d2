#!/usr/bin/env bash
# Side-by-side benchmark on the real kernel (Debian's 6.1, in qemu/TCG through guest/guest.sh): one
# freshly booted guest per table size; in it, each tool in turn gets a fresh network namespace (so its
# load meets an empty kernel table with an empty trash), loads the table, reads it whole, applies a 1%
# change and flushes. Then prints the figures and their ratios to ipvsadm and to the C floor client
# (the best of the rounds). See benchmarks/README.md.
#
#   benchmarks/kernel-bench.sh [--sizes "10000x8 1000x8 50000x2"] [--tools "floor ipvsadm jipvsadm inprocess"]
#                              [--rounds N] [--out DIR] [--checkout DIR] [--prepare-only]
# --checkout: measure another checkout's build (default: this one); the harness stays this one's.
# --prepare-only: build, compile the floor and write the rules files into OUT, but boot no guest
# (kernel-ab.sh prepares its two checkouts so).
# Environment: GUEST_SH (default: guest/guest.sh of this checkout); JAVA_OPTS for the in-process JVM.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="1000x8 10000x8 50000x2"
tools="floor ipvsadm jipvsadm inprocess"
rounds=1
out=$root/benchmarks/target/kernel-bench
checkout=$root
prepare_only=
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2 && shift 2 ;;
	--tools) tools=$2 && shift 2 ;;
	--rounds) rounds=$2 && shift 2 ;;
	--out) out=$2 && shift 2 ;;
	--checkout) checkout=$(realpath "$2") && shift 2 ;;
	--prepare-only) prepare_only=1 && shift ;;
	*) echo "usage: $0 [--sizes LIST] [--tools LIST] [--rounds N] [--out DIR] [--checkout DIR] [--prepare-only]" >&2 && exit 2 ;;
	esac
done
guest=${GUEST_SH:-$root/guest/guest.sh}
# Under TCG the guest kernel finds its TSC unstable and falls back to the HPET, which qemu emulates:
# every clock read becomes a trip through the device model, which slows the JVM (it reads the clock
# constantly) about 2x and the C tools not at all. Real machines keep time with the TSC; so does the
# guest here, unless IPVS4J_GUEST_APPEND says otherwise.
export IPVS4J_GUEST_APPEND=${IPVS4J_GUEST_APPEND-clocksource=tsc tsc=reliable}
[ -x "$guest" ] || { echo "kernel-bench: no guest harness at $guest (set GUEST_SH)" >&2 && exit 2; }
if [[ " $tools " == *" jipvsadm "* ]] && [ ! -x "$checkout/examples/bin/jipvsadm" ]; then
	echo "kernel-bench: examples/bin/jipvsadm is missing; leaving jipvsadm out" >&2
	tools=$(sed 's/\bjipvsadm\b//' <<<"$tools")
fi

mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out/results.txt" "$out/kernel.txt" "$out/failures.txt" "$out/load.txt"

echo "building $checkout" >&2
build=(package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime)
if [[ " $tools " == *" jipvsadm "* ]]; then
	(cd "$checkout" && mvn -B -q -Dstyle.color=never -pl benchmarks,examples -am "${build[@]}") >&2
else
	(cd "$checkout" && mvn -B -q -Dstyle.color=never -pl benchmarks -am "${build[@]}") >&2
fi
gcc -O2 -Wall -o "$out/ipvs-floor" "$root/benchmarks/kernel/ipvs-floor.c"
java -cp "$checkout/benchmarks/target/classes:$(cat "$checkout/benchmarks/target/classpath.txt")" \
	io.github.ipvs4j.benchmarks.RulesFiles "$out/rules" $sizes
"$guest" prepare >&2
[ -z "$prepare_only" ] || exit 0

for size in $sizes; do
	echo "== $size: $tools (fresh guest, $rounds round(s))" >&2
	# shellcheck disable=SC2086 # the tool list splits into words
	"$guest" run --rw "$out" --timeout 5400 --cwd "$root" --env "JAVA_OPTS=${JAVA_OPTS:-}" \
		--env "IPVS4J_BENCH_CHECKOUT=$checkout" -- \
		bash "$root/benchmarks/kernel/in-guest.sh" "$size" "$out" "$rounds" $tools >&2 ||
		echo "$size: guest failed (exit $?)" | tee -a "$out/failures.txt" >&2
	echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after $size; guest kernel options: $IPVS4J_GUEST_APPEND" >>"$out/load.txt"
done

"$root/benchmarks/kernel/report.sh" "$out"
