#!/usr/bin/env bash
# Side-by-side benchmark on the real kernel (Debian's 6.1, in qemu/TCG through guest/guest.sh): for each
# table size and each tool, a freshly booted guest (so every load meets an empty kernel table with an
# empty trash) loads the table, reads it whole, applies a 1% change and flushes. Then prints the figures
# and their ratios to ipvsadm and to the C floor client. See benchmarks/README.md.
#
#   benchmarks/kernel-bench.sh [--sizes "10000x8 1000x8 50000x2"] [--tools "floor ipvsadm inprocess jipvsadm"]
#                              [--out DIR]
# Environment: GUEST_SH (default: guest/guest.sh of this checkout); JAVA_OPTS for the in-process JVM.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="1000x8 10000x8 50000x2"
tools="floor ipvsadm inprocess jipvsadm"
out=$root/benchmarks/target/kernel-bench
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2 && shift 2 ;;
	--tools) tools=$2 && shift 2 ;;
	--out) out=$2 && shift 2 ;;
	*) echo "usage: $0 [--sizes LIST] [--tools LIST] [--out DIR]" >&2 && exit 2 ;;
	esac
done
guest=${GUEST_SH:-$root/guest/guest.sh}
[ -x "$guest" ] || { echo "kernel-bench: no guest harness at $guest (set GUEST_SH)" >&2 && exit 2; }
if [[ " $tools " == *" jipvsadm "* ]] && [ ! -x "$root/examples/bin/jipvsadm" ]; then
	echo "kernel-bench: examples/bin/jipvsadm is missing; leaving jipvsadm out" >&2
	tools=$(sed 's/\bjipvsadm\b//' <<<"$tools")
fi

mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out/results.txt" "$out/kernel.txt"

echo "building" >&2
build=(package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime)
if [[ " $tools " == *" jipvsadm "* ]]; then
	(cd "$root" && mvn -B -q -Dstyle.color=never -pl benchmarks,examples -am "${build[@]}") >&2
else
	(cd "$root" && mvn -B -q -Dstyle.color=never -pl benchmarks -am "${build[@]}") >&2
fi
gcc -O2 -Wall -o "$out/ipvs-floor" "$root/benchmarks/kernel/ipvs-floor.c"
java -cp "$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/classpath.txt")" \
	io.github.ipvs4j.benchmarks.RulesFiles "$out/rules" $sizes
"$guest" prepare >&2

for size in $sizes; do
	for tool in $tools; do
		echo "== $tool $size (fresh guest)" >&2
		"$guest" run --rw "$out" --timeout 3000 --cwd "$root" --env "JAVA_OPTS=${JAVA_OPTS:-}" -- \
			bash "$root/benchmarks/kernel/in-guest.sh" "$tool" "$size" "$out" >&2 ||
			echo "$tool $size failed (exit $?)" | tee -a "$out/failures.txt" >&2
	done
done

"$root/benchmarks/kernel/report.sh" "$out"
