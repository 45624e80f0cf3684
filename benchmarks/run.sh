#!/usr/bin/env bash
# Lightcache benchmarks: build, run JMH, regenerate the results table and chart. One command:
#
#   benchmarks/run.sh quick      # ~5 minutes: every benchmark, 1 fork, short iterations (noisy)
#   benchmarks/run.sh full       # ~60 minutes: 2 forks x 5 x 2 s per contender, 100 and 1000 interfaces
#                                # (the groups of the goals alone, ONLY="hit threads miss clock processor": ~45)
#   benchmarks/run.sh profile    # the 1-long hit path of the proxy and the prototype under -prof stack
#                                # and JFR; summaries in benchmarks/results/jdkN-profile/
#   benchmarks/run.sh report     # only regenerate docs/benchmarks.md and the chart from existing JSON
#
# The JDK is the one in JAVA_HOME (else `java` on the PATH); it both builds and runs:
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh full
#
# Results: benchmarks/results/jdk<N>-<mode>/ (JMH JSON and logs, environment.txt, report.md, chart.png),
# and docs/benchmarks.md between the markers <!-- BEGIN/END GENERATED RESULTS jdk<N>-<mode> -->.
#
# Environment:
#   SKIP_BUILD=1                  use the existing benchmarks/target/benchmarks.jar
#   JMH_EXTRA="..."               extra JMH options for every run (e.g. "-p keys=4096")
#   ONLY="hit miss ..."           run only these groups: hit threads miss clock mega breakdown keys processor redis
#                                 scaleout (near hit, lease on a miss, flush on a 3-primary Redis Cluster: issue #10;
#                                 ~1 min quick, ~7 min full (estimated); needs redis-server, and redis-cli for the cluster)
#   PROCESSOR_COUNTS=100,1000     interface counts of the processor benchmark (full mode default)
#   LIGHTCACHE_BENCH_REDIS_URL    redis://host:port of a running server (default: start a local one)
#   LIGHTCACHE_BENCH_REDIS_CPU    CPU for the local redis-server and cluster nodes (default: the last one; JMH gets CPU 0)
#                                 (the cluster flush benchmark always starts its own servers, whatever the URL)
set -euo pipefail

mode="${1:-quick}"
case "$mode" in
  quick | full | profile | report) ;;
  *)
    echo "usage: $0 [quick|full|profile|report]" >&2
    exit 2
    ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java)"
fi
jdk="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
out="$here/results/jdk$jdk-$mode"
[[ "$mode" == report ]] && out="${RESULTS_DIR:-$here/results/jdk$jdk-quick}"

log() { printf '\n== %s\n' "$*" >&2; }

# ------------------------------------------------------------------------------------------- build
if [[ "$mode" != report && "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building benchmarks.jar with $("$java" -version 2>&1 | head -1)"
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests -Dbenchmarks.skipShade=false)
fi
[[ -f "$jar" ]] || { echo "no $jar: build first (drop SKIP_BUILD)" >&2; exit 1; }

list="$("$java" -jar "$jar" -l)"
has() { grep -q "$1" <<<"$list"; }
wants() { [[ -z "${ONLY:-}" ]] || [[ " $ONLY " == *" $1 "* ]]; }

# One JMH invocation: results/<name>.json and <name>.txt. A failing benchmark is reported, not fatal.
jmh() {
  local name="$1"
  shift
  log "JMH $name: $*"
  # shellcheck disable=SC2086
  "${pin[@]}" "$java" -Djava.awt.headless=true -jar "$jar" "$@" ${JMH_EXTRA:-} \
    -foe false -rf json -rff "$out/$name.json" 2>&1 | tee "$out/$name.txt" \
    | grep -E '^(# Run progress|# Benchmark:|# Parameters|Benchmark |[A-Z][A-Za-z]+Bench\.|<failure>)' || true
  if grep -q '<failure>' "$out/$name.txt"; then
    echo "WARNING: a benchmark in $name failed; see $out/$name.txt" >&2
    failures=$((failures + 1))
  fi
}

failures=0
pin=()

# ------------------------------------------------------------------------------------------- profile
if [[ "$mode" == profile ]]; then
  rm -rf "$out" && mkdir -p "$out"
  # JMH's stack sampler: where the hit path's time goes (top frames, 3 lines deep).
  jmh stack 'HitBench.hit1$' -p contender=GENERATED,PROTOTYPE -f 1 -wi 3 -w 1s -i 3 -r 2s \
    -prof 'stack:lines=3;top=12;detailLine=true' -prof gc
  # JFR: allocation and execution samples, summarised with `jfr view` (JDK 21+; falls back to print).
  jmh jfr 'HitBench.hit1$' -p contender=GENERATED -f 1 -wi 3 -w 1s -i 3 -r 2s \
    -prof "jfr:dir=$out/jfr;configName=profile"
  jfr_tool="$(dirname "$java")/jfr"
  for candidate in "$jfr_tool" /usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr; do
    if [[ -x "$candidate" ]] && "$candidate" help view >/dev/null 2>&1; then
      jfr_tool="$candidate"
      break
    fi
  done
  recording="$(find "$out/jfr" -name '*.jfr' | head -1 || true)"
  if [[ -n "$recording" ]]; then
    {
      echo "# JFR summary of $recording (jfr: $jfr_tool)"
      "$jfr_tool" view --width 160 allocation-by-site "$recording" 2>/dev/null || true
      "$jfr_tool" view --width 160 hot-methods "$recording" 2>/dev/null || true
    } >"$out/jfr-summary.txt"
    log "JFR summary: $out/jfr-summary.txt"
  fi
  log "profile written to $out"
  exit 0
fi

# ------------------------------------------------------------------------------------------- run
if [[ "$mode" != report ]]; then
  # A partial run (ONLY=...) replaces only its own groups' results and keeps the others.
  if [[ -z "${ONLY:-}" ]]; then rm -rf "$out"; fi
  mkdir -p "$out"
  if [[ "$mode" == quick ]]; then
    common=(-f 1 -wi 1 -w 1s -i 2 -r 500ms -prof gc)
    counts="${PROCESSOR_COUNTS:-100}"
    proc=(-f 1 -wi 2 -i 3)
    threads_contenders="GENERATED,PROTOTYPE,CAFFEINE_RAW_NO_EXPIRY,CAFFEINE_NATURAL,CAFFEINE_NATURAL_NO_EXPIRY,CAFFEINE_STRING"
    key_filter='KeyBench\.(runtimeKey1|runtimeKey3|keyBuilder1|keyBuilder3|concat1|boxedLong1|structured1|structured3)$'
  else
    common=(-prof gc) # the annotations' settings: 2 forks, 5 x 2 s warm-up, 5 x 2 s measurement
    counts="${PROCESSOR_COUNTS:-100,1000}"
    proc=()
    threads_contenders="GENERATED,GENERATED_TEXT_KEYS,PROTOTYPE,CAFFEINE_RAW,CAFFEINE_RAW_NO_EXPIRY,CAFFEINE_NATURAL,CAFFEINE_NATURAL_NO_EXPIRY,CAFFEINE_STRING,JDK_PROXY,JDK_PROXY_NO_EXPIRY,SPRING"
    key_filter='KeyBench\.'
  fi
  # The no-argument hit on two threads is there for its allocation goal (0 B): a few contenders suffice.
  threads0_contenders="GENERATED,PROTOTYPE,CAFFEINE_RAW_NO_EXPIRY,CAFFEINE_NATURAL_NO_EXPIRY"

  # A partial run appends its own lines, so the file says which groups ran when, at which commit.
  [[ -z "${ONLY:-}" ]] && : >"$out/environment.txt"
  {
    [[ -n "${ONLY:-}" ]] && echo "Re-run of the groups: $ONLY"
    echo "Mode: $mode, started $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null) RAM, $(uname -sr)"
    echo "JDK: $("$java" -version 2>&1 | head -2 | tail -1)"
    echo "Clock source: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo unknown) (what System.nanoTime() reads; ClockBench measures it)"
    echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    echo "Commit: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && [[ -n "$(git status --porcelain 2>/dev/null)" ]] && echo ' + uncommitted changes' || true)"
  } >>"$out/environment.txt"

  start=$SECONDS
  wants hit && jmh hit 'HitBench\.hit[013]$' "${common[@]}"
  wants threads && jmh threads 'HitBench\.hit1Threads2$' -p contender="$threads_contenders" "${common[@]}"
  wants threads && jmh threads0 'HitBench\.hit0Threads2$' -p contender="$threads0_contenders" "${common[@]}"
  wants miss && jmh miss 'MissBench' "${common[@]}"
  wants clock && jmh clock 'ClockBench' "${common[@]}"
  wants mega && jmh mega 'MegamorphicBench' "${common[@]}"
  wants breakdown && jmh breakdown 'HitPathBreakdownBench' "${common[@]}"
  wants keys && jmh keys "$key_filter" "${common[@]}"
  wants processor && jmh processor 'ProcessorBench' -p count="$counts" "${proc[@]}"

  if wants redis; then
    if ! has RedisHitBench; then
      log "Redis benchmark skipped: not compiled (the runtime has no DefaultRedisCache yet)"
    elif [[ -z "${LIGHTCACHE_BENCH_REDIS_URL:-}" ]] && ! command -v redis-server >/dev/null; then
      log "Redis benchmark skipped: no redis-server on the PATH and no LIGHTCACHE_BENCH_REDIS_URL"
    else
      # JMH (and its forks) on CPU 0, redis-server on the last CPU.
      if command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
        pin=(taskset -c 0)
      fi
      if [[ "$mode" == quick ]]; then
        jmh redis 'RedisHitBench' -f 1 -wi 1 -w 1s -i 2 -r 1s -prof gc
      else
        jmh redis 'RedisHitBench' -prof gc
      fi
      pin=()
    fi
  fi
  if wants scaleout; then
    # Results of this group are replaced as a whole: a benchmark skipped now leaves no older result behind.
    rm -f "$out"/scaleout-*.json "$out"/scaleout-*.txt
    if ! has NearHitBench; then
      log "scale-out benchmarks skipped: not compiled (the runtime has no DefaultRedisCache yet)"
    else
      if command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
        pin=(taskset -c 0) # JMH (and its forks) on CPU 0, the Redis processes on the last CPU
      fi
      if [[ "$mode" == quick ]]; then
        near_opts=(-f 1 -wi 3 -w 1s -i 2 -r 1s -prof gc) # the near hit needs a few warm-up seconds
        lease_opts=(-f 1 -wi 3 -w 1s -i 2 -r 1s -prof gc)
        flush_opts=(-f 1 -wi 1 -i 3)
      else
        near_opts=(-prof gc) # the annotations' settings
        lease_opts=(-prof gc)
        flush_opts=()
      fi
      if [[ -z "${LIGHTCACHE_BENCH_REDIS_URL:-}" ]] && ! command -v redis-server >/dev/null; then
        log "near hit and lease benchmarks skipped: no redis-server on the PATH and no LIGHTCACHE_BENCH_REDIS_URL"
      else
        backends="FLOOR,IN_MEMORY,NEAR,REDIS"
        jmh scaleout-near 'NearHitBench' -p backend="$backends" "${near_opts[@]}"
        jmh scaleout-lease 'LeaseMissBench' "${lease_opts[@]}"
      fi
      if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        log "cluster flush benchmark skipped: it needs redis-server and redis-cli on the PATH" \
          "(Debian/Ubuntu: apt-get install redis-server redis-tools)"
      else
        jmh scaleout-flush 'ClusterFlushBench' "${flush_opts[@]}"
      fi
      pin=()
    fi
  fi
  echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); JMH time $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s" >>"$out/environment.txt"
fi

# ------------------------------------------------------------------------------------------- report
log "report: $out -> docs/benchmarks.md, $out/chart.png"
section="$(basename "$out")"
label="JDK $(sed -E 's/^jdk([0-9]+)-.*/\1/' <<<"$section"), $(sed -E 's/^jdk[0-9]+-//' <<<"$section") run"
"$java" -Djava.awt.headless=true -cp "$jar" dev.lightcache.benchmarks.report.Report \
  --results "$out" --label "$label" --section "$section" \
  --doc "$root/docs/benchmarks.md" --chart "$out/chart.png" \
  --chart-link "../benchmarks/results/$section/chart.png" >/dev/null
log "done: $out/report.md, $out/chart.png, docs/benchmarks.md"
if [[ $failures -gt 0 ]]; then
  echo "$failures JMH run(s) had failing benchmarks; see the WARNING lines above" >&2
  exit 1
fi
