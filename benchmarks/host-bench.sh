#!/usr/bin/env bash
# Host setup side by side on the real kernel (Debian's 6.1, in qemu/TCG through guest/guest.sh), in ONE
# guest boot: ip and sysctl against ipvs4j's Host (addresses added, listed and removed; the settings a
# preflight reads) and a DR real server's preflight fix (shell, Preflight.fix in process, lvs-preflight
# --fix as a command). Each round gives each tool a fresh network namespace; the tools' order alternates
# from round to round. Prints per tool and operation the median and min-max of the rounds.
# See benchmarks/README.md ("Host setup") and kernel/host-in-guest.sh.
#
#   benchmarks/host-bench.sh [--rounds 5] [--sizes "100 1000"] [--out DIR]
#   benchmarks/host-bench.sh --report OUT     (the table again, from OUT/host.txt)
# OUT/host.txt: "ROUND TOOL OP N SECONDS" lines. Environment: GUEST_SH, JAVA_OPTS (the HostBench JVM and
# lvs-preflight), IPVS4J_GUEST_APPEND (default: clocksource=tsc tsc=reliable, as kernel-bench.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

report() { # OUT
	cat "$1/kernel.txt" 2>/dev/null || true
	cat "$1/load.txt" 2>/dev/null || true
	[ ! -s "$1/failures.txt" ] || { echo "Failed:" && sed 's/^/- /' "$1/failures.txt"; }
	echo
	echo "| operation | N | tool | median (s) | min-max (s) | rounds |"
	echo "|---|---:|---|---:|---:|---:|"
	sort -k3,3 -k4,4n -k2,2 -k5,5g "$1/host.txt" | awk '
	function median(k) { return n[k] % 2 ? x[k, (n[k] + 1) / 2] : (x[k, n[k] / 2] + x[k, n[k] / 2 + 1]) / 2 }
	{ k = $3 " " $4 " " $2; x[k, ++n[k]] = $5; if (!(k in seen)) { seen[k] = 1; rows[++r] = k } }
	END {
		for (i = 1; i <= r; i++) {
			k = rows[i]; split(k, t, " ")
			printf "| %s | %s | %s | %.4f | %.4f-%.4f | %d |\n", t[1], t[2], t[3], median(k), x[k, 1], x[k, n[k]], n[k]
		}
	}'
}

if [ "${1:-}" = --report ]; then
	report "$2"
	exit 0
fi

rounds=5 sizes="100 1000" out=$root/benchmarks/target/host-bench
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) rounds=$2 && shift 2 ;;
	--sizes) sizes=$2 && shift 2 ;;
	--out) out=$2 && shift 2 ;;
	*) echo "usage: $0 [--rounds N] [--sizes \"100 1000\"] [--out DIR] | --report OUT" >&2 && exit 2 ;;
	esac
done
guest=${GUEST_SH:-$root/guest/guest.sh}
[ -x "$guest" ] || { echo "host-bench: no guest harness at $guest (set GUEST_SH)" >&2 && exit 2; }
mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out/host.txt" "$out/kernel.txt" "$out/failures.txt" "$out/load.txt"

# The benchmarks (HostBench) and examples (lvs-preflight's launcher: class path, jffi stub, CDS archive);
# package only, nothing installed.
echo "building $root" >&2
(cd "$root" && mvn -o -B -q -Dstyle.color=never -pl benchmarks,examples -am package dependency:build-classpath \
	-DskipTests -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime) >&2
"$guest" prepare >&2

export IPVS4J_GUEST_APPEND=${IPVS4J_GUEST_APPEND-clocksource=tsc tsc=reliable}
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) before the guest" >>"$out/load.txt"
"$guest" run --rw "$out" --timeout 3600 --cwd "$root" --env "JAVA_OPTS=${JAVA_OPTS:-}" -- \
	bash "$root/benchmarks/kernel/host-in-guest.sh" "$out" "$rounds" "$sizes" >&2 ||
	echo "guest failed (exit $?)" | tee -a "$out/failures.txt" >&2
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after the guest; guest kernel options: $IPVS4J_GUEST_APPEND" >>"$out/load.txt"
report "$out"
