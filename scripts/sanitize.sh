#!/usr/bin/env bash
# Runs the whole test suite under a sanitizer: scripts/sanitize.sh address|thread [swift test args...]
# Each sanitizer has its own scratch path (.build-asan, .build-tsan); the CLI
# tests run the binary built with the same sanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer="${1:?usage: $0 address|thread}"
shift
case "$sanitizer" in
  address) scratch=.build-asan ;;
  thread) scratch=.build-tsan ;;
  *) echo "unknown sanitizer $sanitizer (address or thread)" >&2; exit 64 ;;
esac
# A report must fail the run; leaks in the Swift runtime's own caches are not ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:abort_on_error=1}"
export SWIFT_BACKTRACE=enable=no
swift build --build-tests -Xswiftc -sanitize="$sanitizer" --scratch-path "$scratch"
swift test --skip-build --disable-swift-testing --scratch-path "$scratch" "$@"
