#!/usr/bin/env bash
# Prints the kernel benchmark's figures (OUT/results.txt: "TOOL SIZE OP SECONDS" lines) as Markdown
# tables, one per table size: seconds (the best of the rounds), and ratios to the C floor and to ipvsadm (time / reference,
# so below 1 is faster). Usage: report.sh OUT
set -euo pipefail
out=$1
echo "Kernel: $(sed 's/^kernel //' "$out/kernel.txt" 2>/dev/null || echo unknown); host: $(nproc) cores," \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); qemu TCG"
[ -s "$out/load.txt" ] && sed 's/^/Host /' "$out/load.txt"
[ -s "$out/failures.txt" ] && { echo && echo "Failed runs:" && sed 's/^/- /' "$out/failures.txt"; }
awk '
{ k = $1 " " $2 " " $3; if (!(k in v) || $4 < v[k]) v[k] = $4; if (!($2 in order)) { order[$2] = ++n; sz[n] = $2 } }
function cell(x) { return x == "" ? "-" : x }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
END {
	split("floor ipvsadm jipvsadm inprocess", tools, " ")
	nops = split("load read read-again reconcile reconcile-plan reconcile-execute flush" \
		" load-incremental reconcile-incremental reconcile-incremental-plan reconcile-incremental-execute", ops, " ")
	for (j = 1; j <= nops; j++) ops[nops + j] = ops[j] "-warm"
	nops *= 2
	for (k = 1; k <= n; k++) {
		size = sz[k]; split(size, d, "x")
		printf "\n### %s services x %s real servers (%d rules)\n\n", d[1], d[2], d[1] * (d[2] + 1)
		print "| tool | operation | seconds | / floor | / ipvsadm |"
		print "|---|---|---:|---:|---:|"
		for (i = 1; i <= 4; i++) for (j = 1; j <= nops; j++) {
			x = v[tools[i] " " size " " ops[j]]
			if (x == "") continue
			# -plan and -execute are halves with nothing to compare to; -incremental compares to the same change.
			base = ops[j]; sub(/-warm$/, "", base); sub(/-again$/, "", base); sub(/-incremental$/, "", base)
			f = v["floor " size " " base]
			a = v["ipvsadm " size " " base]
			printf "| %s | %s | %s | %s | %s |\n", tools[i], ops[j], x, ratio(x, f), ratio(x, a)
		}
		l = v["inprocess " size " load"]; r = v["inprocess " size " reconcile"]
		if (l != "" && r != "") printf "\nIn-process reconcile of the 1%% change / in-process full load: %.1f%%", 100 * r / l
		l = v["inprocess " size " load-warm"]; r = v["inprocess " size " reconcile-warm"]
		if (l != "" && r != "") printf " (warm: %.1f%%)", 100 * r / l
		printf "\n"
		l = v["inprocess " size " load"]; r = v["inprocess " size " reconcile-incremental"]
		if (l != "" && r != "") {
			printf "\nIn-process incremental reconcile (a kept table) / in-process full load: %.1f%%", 100 * r / l
			l = v["inprocess " size " load-warm"]; r = v["inprocess " size " reconcile-incremental-warm"]
			if (l != "" && r != "") printf " (warm: %.1f%%)", 100 * r / l
			printf "\n"
		}
	}
}' "$out/results.txt"
