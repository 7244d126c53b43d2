#!/usr/bin/env bash
# Prints the kernel benchmark's figures (OUT/results.txt: "TOOL SIZE OP SECONDS" lines) as Markdown
# tables, one per table size: seconds, and ratios to the C floor and to ipvsadm (time / reference,
# so below 1 is faster). Usage: report.sh OUT
set -euo pipefail
out=$1
echo "Kernel: $(sed 's/^kernel //' "$out/kernel.txt" 2>/dev/null || echo unknown); host: $(nproc) cores," \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); qemu TCG"
[ -s "$out/failures.txt" ] && { echo && echo "Failed runs:" && sed 's/^/- /' "$out/failures.txt"; }
awk '
{ t[$1] = 1; s[$2] = 1; v[$1 " " $2 " " $3] = $4; if (!($2 in order)) { order[$2] = ++n; sz[n] = $2 } }
function cell(x) { return x == "" ? "-" : x }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
END {
	split("floor ipvsadm jipvsadm inprocess", tools, " ")
	split("load read read-again reconcile flush", ops, " ")
	for (k = 1; k <= n; k++) {
		size = sz[k]; split(size, d, "x")
		printf "\n### %s services x %s real servers (%d rules)\n\n", d[1], d[2], d[1] * (d[2] + 1)
		print "| tool | operation | seconds | / floor | / ipvsadm |"
		print "|---|---|---:|---:|---:|"
		for (i = 1; i <= 4; i++) for (j = 1; j <= 5; j++) {
			x = v[tools[i] " " size " " ops[j]]
			if (x == "") continue
			f = v["floor " size " " (ops[j] == "read-again" ? "read" : ops[j])]
			a = v["ipvsadm " size " " (ops[j] == "read-again" ? "read" : ops[j])]
			printf "| %s | %s | %s | %s | %s |\n", tools[i], ops[j], x, ratio(x, f), ratio(x, a)
		}
		l = v["inprocess " size " load"]; r = v["inprocess " size " reconcile"]
		if (l != "" && r != "") printf "\nIn-process reconcile of the 1%% change / in-process full load: %.1f%%\n", 100 * r / l
	}
}' "$out/results.txt"
