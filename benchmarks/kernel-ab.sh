#!/usr/bin/env bash
# A/B two checkouts on the real kernel in ONE guest boot, interleaved, so that the guest's run-to-run
# spread (often larger than the difference sought) hits both sides alike. Each checkout is built by
# kernel-bench.sh --checkout DIR --prepare-only into OUT/A and OUT/B (both must write the same rules
# files); then one guest runs kernel/in-guest.sh once per letter of ORDER, with that side's build
# (IPVS4J_BENCH_CHECKOUT): A and B run TOOLS, R runs the reference tools (on A's files; they are the
# same on both sides). Prints median and min-max per side, tool and operation.
#
#   benchmarks/kernel-ab.sh A_DIR B_DIR [--size 10000x8] [--order RABBAABBA] [--tools "inprocess jipvsadm"]
#                           [--reference "floor ipvsadm"] [--out DIR]
#   benchmarks/kernel-ab.sh --report OUT     (the table again, from OUT/ab.txt)
# OUT/ab.txt: "SIDE ROUND TOOL SIZE OP SECONDS" lines (ROUND: the letter's place in ORDER).
# Environment: as kernel-bench.sh (GUEST_SH, JAVA_OPTS, IPVS4J_GUEST_APPEND).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

report() { # OUT
	echo "Order $(cat "$1/order.txt"); A = $(cat "$1/A.txt"); B = $(cat "$1/B.txt"); $(cat "$1/A/kernel.txt" 2>/dev/null)"
	sed 's/^/Host /' "$1/load.txt"
	[ ! -s "$1/failures.txt" ] || { echo "Failed runs:" && sed 's/^/- /' "$1/failures.txt"; }
	echo
	echo "| tool | operation | A median | A min-max | B median | B min-max | B/A (medians) | n |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|"
	sort -k3,3 -k5,5 -k1,1 -k6,6n "$1/ab.txt" | awk '
	function median(k) { return n[k] % 2 ? x[k, (n[k] + 1) / 2] : (x[k, n[k] / 2] + x[k, n[k] / 2 + 1]) / 2 }
	function cells(k) { return n[k] ? sprintf("%.3f | %.3f-%.3f", median(k), x[k, 1], x[k, n[k]]) : "- | -" }
	{ k = $1 " " $3 " " $5; x[k, ++n[k]] = $6; if (!(($3 " " $5) in seen)) { seen[$3 " " $5] = 1; rows[++r] = $3 " " $5 } }
	END {
		for (i = 1; i <= r; i++) {
			split(rows[i], t, " ")
			a = "A " rows[i]; b = "B " rows[i]; ref = "R " rows[i]
			if (n[ref]) { printf "| %s | %s | %s | (reference) | | | %d |\n", t[1], t[2], cells(ref), n[ref]; continue }
			ratio = n[a] && n[b] && median(a) > 0 ? sprintf("%.2f", median(b) / median(a)) : "-"
			printf "| %s | %s | %s | %s | %s | %d/%d |\n", t[1], t[2], cells(a), cells(b), ratio, n[a], n[b]
		}
	}'
}

if [ "${1:-}" = --report ]; then
	report "$2"
	exit 0
fi

if [ "${1:-}" = --in-guest ]; then # --in-guest OUT SIZE ORDER A_DIR B_DIR TOOLS REFERENCE
	out=$2 size=$3 order=$4 tools=$7 reference=$8
	declare -A dir=([A]=$5 [B]=$6 [R]=$root)
	for ((i = 0; i < ${#order}; i++)); do
		side=${order:i:1} round=$((i + 1))
		files=$out/$side list=$tools
		[ "$side" != R ] || files=$out/A list=$reference
		echo "== round $round: $side ($list)" >&2
		rm -f "$files/results.txt"
		# shellcheck disable=SC2086 # the tool list splits into words
		IPVS4J_BENCH_CHECKOUT=${dir[$side]} bash "$root/benchmarks/kernel/in-guest.sh" "$size" "$files" "$round-$round" $list ||
			echo "$side round $round failed (exit $?)" >>"$out/failures.txt"
		[ ! -f "$files/failures.txt" ] || { sed "s/^/$side: /" "$files/failures.txt" >>"$out/failures.txt" && rm "$files/failures.txt"; }
		[ ! -f "$files/results.txt" ] || sed "s/^/$side $round /" "$files/results.txt" >>"$out/ab.txt"
	done
	exit 0
fi

[ $# -ge 2 ] || { echo "usage: $0 A_DIR B_DIR [--size S] [--order ORDER] [--tools LIST] [--reference LIST] [--out DIR]" >&2 && exit 2; }
a=$(realpath "$1") b=$(realpath "$2")
shift 2
size=10000x8 order=RABBAABBA tools="inprocess jipvsadm" reference="floor ipvsadm"
out=$root/benchmarks/target/kernel-ab
while [ $# -gt 0 ]; do
	case $1 in
	--size) size=$2 && shift 2 ;;
	--order) order=$2 && shift 2 ;;
	--tools) tools=$2 && shift 2 ;;
	--reference) reference=$2 && shift 2 ;;
	--out) out=$2 && shift 2 ;;
	*) echo "kernel-ab: unknown option $1" >&2 && exit 2 ;;
	esac
done
[[ $order =~ ^[ABR]+$ ]] || { echo "kernel-ab: ORDER is made of A, B and R" >&2 && exit 2; }
mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out/ab.txt" "$out/failures.txt" "$out/load.txt"
bench=$root/benchmarks/kernel-bench.sh
"$bench" --checkout "$a" --prepare-only --sizes "$size" --tools "$tools $reference" --out "$out/A"
"$bench" --checkout "$b" --prepare-only --sizes "$size" --tools "$tools" --out "$out/B"
cmp -s "$out/A/rules/load-$size.rules" "$out/B/rules/load-$size.rules" &&
	cmp -s "$out/A/rules/change-$size.rules" "$out/B/rules/change-$size.rules" ||
	{ echo "kernel-ab: the two checkouts write different tables" >&2 && exit 1; }
echo "$order" >"$out/order.txt"
echo "$(git -C "$a" rev-parse --short HEAD) ($a)" >"$out/A.txt"
echo "$(git -C "$b" rev-parse --short HEAD) ($b)" >"$out/B.txt"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) before the guest" >>"$out/load.txt"
# As kernel-bench.sh: the guest keeps time with the TSC unless IPVS4J_GUEST_APPEND says otherwise.
export IPVS4J_GUEST_APPEND=${IPVS4J_GUEST_APPEND-clocksource=tsc tsc=reliable}
"${GUEST_SH:-$root/guest/guest.sh}" run --rw "$out" --timeout 5400 --cwd "$root" --env "JAVA_OPTS=${JAVA_OPTS:-}" -- \
	bash "$root/benchmarks/kernel-ab.sh" --in-guest "$out" "$size" "$order" "$a" "$b" "$tools" "$reference" >&2 ||
	echo "guest failed (exit $?)" | tee -a "$out/failures.txt" >&2
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after the guest; guest kernel options: $IPVS4J_GUEST_APPEND" >>"$out/load.txt"
report "$out"
