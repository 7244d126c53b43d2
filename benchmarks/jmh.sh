#!/usr/bin/env bash
# Host benchmarks (JMH): builds the benchmarks module with what it depends on, then runs JMH.
#   benchmarks/jmh.sh                      every benchmark, with -prof gc (bytes allocated per op)
#   benchmarks/jmh.sh Plan -p services=1000  any JMH arguments (regex of benchmarks, -p, -f, -wi, ...)
# Never part of `mvn verify`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -Dstyle.color=never -pl benchmarks -am package dependency:build-classpath -DskipTests \
	-Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime >&2
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
[ $# -gt 0 ] || set -- -prof gc
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
