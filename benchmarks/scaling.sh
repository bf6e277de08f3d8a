#!/usr/bin/env bash
# Scaling run: the JMH benchmarks at GOMAXPROCS 1..16, gort vs the JDK's default scheduler, on a
# many-core machine. Used once per task on the lent 16-core device (see docs/performance.md):
#   benchmarks/scaling.sh JAVA_BIN BENCHMARKS_JAR OUT_DIR [JMH regex ...]
# Each cell is a fresh JVM (JMH fork); -wi/-i are short so the whole run fits in a few minutes.
set -euo pipefail
java="$1"; jar="$2"; out="$3"; shift 3
patterns=("$@")
[ ${#patterns[@]} -gt 0 ] || patterns=('core.PingPongBenchmark' 'core.SpawnBenchmark.spawnFromGoroutine')
mkdir -p "$out"
{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)"
  "$java" -version 2>&1 | head -1
  uptime
} | tee "$out/machine.txt"
i=0
for p in "${patterns[@]}"; do
  i=$((i + 1))
  "$java" -jar "$jar" "$p" -p procs=1,2,4,8,16 -f 1 -wi 2 -w 1 -i 3 -r 1 \
      -jvmArgsAppend "--add-opens java.base/java.lang=ALL-UNNAMED -Xms1g -Xmx1g" \
      -rf json -rff "$out/scaling-$i.json" 2>&1 | grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)' | tee -a "$out/scaling.txt"
done
