#!/usr/bin/env bash
# The measuring knobs beside the default rows, on the lent 16-core machine, after the kit's run.sh
# (../shared/device-kit; that kit is provided as is, so the knob rows live here, in the project):
#   bash benchmarks/device-knobs.sh KIT_DIR OUTDIR
# Each line is a harness run of gort with one JVM argument (--gort-arg), the JDK and Go beside it:
# - gort.park.spins=0: no spin before a park (W1, W7, W3 at P=4 and 16);
# - gort.chan.lockFree=false: buffered channels on the lock alone, no lock-free ring (W2, W3);
# - gort.timers.shards=1: one timer thread, against the default of one per four cores (W11 at P=16).
# About 3 minutes; writes knob-*.md and knob-*.log to OUTDIR and appends to OUTDIR/summary.txt.
set -u
KIT=$(cd "$1" && pwd); OUT=$(mkdir -p "$2" && cd "$2" && pwd)
if [ ! -x /tmp/jdk/bin/java ]; then tar xJf "$KIT/jdk.tar.xz" -C /tmp || exit 1; fi
J=/tmp/jdk/bin/java
export PATH="$KIT/bin:/tmp/jdk/bin:$PATH"
cd "$KIT/root"
k() { # name cap args...
  local name=$1 t=$2; shift 2; local s=$(date +%s)
  timeout "$t" "$J" -cp "$KIT/benchmarks.jar" dev.gort.benchmarks.Harness "$@" --out "$OUT/$name.md" > "$OUT/$name.log" 2>&1
  echo "$name rc=$? $(( $(date +%s) - s ))s (cap $t)" | tee -a "$OUT/summary.txt"
}
k knob-spin0 60 W1,W7,W3 --procs 4,16 --systems gort,go --reps 3 --gort-arg -Dgort.park.spins=0
k knob-lockring 50 W2,W3 --procs 4,16 --systems gort,go --reps 3 --gort-arg -Dgort.chan.lockFree=false
k knob-timers1 40 W11 --procs 16 --systems gort,jdk,go --reps 3 --gort-arg -Dgort.timers.shards=1
grep -h "^|" "$OUT"/knob-*.md > "$OUT/knob-tables.txt" 2>/dev/null
