#!/usr/bin/env bash
# Fuzzes every target for a bounded time: Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
# Seeds come from Fuzz/corpus/<target> (committed, read-only here); what the
# fuzzer learns goes to .build-fuzz/corpus/<target>; crashes, leaks, timeouts
# and over-allocations to .build-fuzz/artifacts/. Exits 1 on any finding.
set -uo pipefail
# A Swift trap must reach libFuzzer as a plain crash, not through the backtracer.
export SWIFT_BACKTRACE=enable=no
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
B="${FUZZ_BUILD:-$ROOT/.build-fuzz}"
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS="${*:-inet_diag attributes tcp_info trace trouble format counters tunables filter arithmetic}"
"$ROOT/Fuzz/build.sh" $TARGETS || exit 2
mkdir -p "$B/artifacts"
failed=""
for target in $TARGETS; do
  mkdir -p "$B/corpus/$target"
  case "$target" in
    inet_diag | trace | trouble) max_len=8192 ;;
    *) max_len=4096 ;;
  esac
  log="$B/fuzz-$target.log"
  # FUZZ_SEED and FUZZ_RUNS make a run repeatable (CI uses them, so a result
  # seen here is the result CI sees); the time limit stays as an upper bound.
  repeat=()
  [ -n "${FUZZ_SEED:-}" ] && repeat+=("-seed=$FUZZ_SEED")
  if [ -n "${FUZZ_RUNS:-}" ]; then
    # The targets that render the whole knowledge base per input run ~150/s;
    # inet_diag (the framer, the dump processor, the replayed conversations, every renderer) ~1,500/s; the rest
    # faster. Each count stays well inside the time limit, which would
    # otherwise cut a run short and make it depend on the machine's speed.
    case "$target" in
      tunables | filter | arithmetic) repeat+=("-runs=$FUZZ_RUNS") ;;
      inet_diag) repeat+=("-runs=$((FUZZ_RUNS * 10))") ;;
      *) repeat+=("-runs=$((FUZZ_RUNS * 20))") ;;
    esac
  fi
  # -rss_limit_mb / -malloc_limit_mb: an input that makes a decoder allocate
  # without bound is a finding, like a crash. -timeout: so is a hang.
  "$B/fuzz-$target" "$B/corpus/$target" "$ROOT/Fuzz/corpus/$target" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=256 -print_final_stats=1 "${repeat[@]}" \
    -artifact_prefix="$B/artifacts/$target-" >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed="$failed $target"
    echo "fuzz $target: FAILED (exit $status), see $log"
    grep -E 'ERROR|Fatal error|==[0-9]+==|Test unit written' "$log" | head -5
  else
    echo "fuzz $target: ok, ${runs:-?} runs (at most ${SECONDS_PER_TARGET}s), $cov"
  fi
done
[ -z "$failed" ] || { echo "fuzz findings in:$failed"; exit 1; }
