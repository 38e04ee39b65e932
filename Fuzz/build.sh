#!/usr/bin/env bash
# Builds one libFuzzer executable per decoder into .build-fuzz/ (outside the
# normal `swift build`): the modules (CShim, TCPStateModel, TCPStateWire,
# TCPStateKit and the rooms above it (knowledge, explain, doctor, top, metrics,
# watch, filter),
# and TCPStateKernel for the dump processor the live dump uses, over the
# system's libmnl) are compiled once with -sanitize=fuzzer,address,
# then each Fuzz/Targets/<Name>.swift is linked with them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
B="${FUZZ_BUILD:-$ROOT/.build-fuzz}"
SWIFTC="${SWIFTC:-$(command -v swiftc)}"
CLANG="$(dirname "$SWIFTC")/clang"
SAN="${FUZZ_SANITIZERS:-fuzzer,address}"
mkdir -p "$B/CShim"
cd "$ROOT"

# The Swift modules in dependency order (each compiled against the ones before it).
MODULES=(TCPStateModel TCPStateWire TCPStateKit TCPStateFilter TCPStateWatch TCPStateKnowledge TCPStateExplain
  TCPStateDoctor TCPStateTop TCPStateMetrics TCPStateKernel)
sources=() objects=()
for module in "${MODULES[@]}"; do sources+=("Sources/$module"); objects+=("$B/$module.o"); done

# Sources newer than the last build force a rebuild of the modules.
stamp="$B/modules.stamp"
if [ ! -f "$stamp" ] || [ -n "$(find Sources/CShim Sources/CMnl "${sources[@]}" -newer "$stamp" -type f | head -1)" ]; then
  echo "fuzz: compiling modules ($SAN)"
  for c in Sources/CShim/*.c; do
    "$CLANG" -c -O1 -g -fsanitize="${SAN/fuzzer/fuzzer-no-link}" -I Sources/CShim/include "$c" -o "$B/CShim/$(basename "$c" .c).o"
  done
  printf 'module CShim {\n  umbrella header "%s/Sources/CShim/include/CShim.h"\n  export *\n}\n' "$ROOT" >"$B/CShim/module.modulemap"
  for module in "${MODULES[@]}"; do
    "$SWIFTC" -c -O -wmo -parse-as-library -enable-testing -swift-version 5 -sanitize="$SAN" \
      -module-name "$module" -emit-module-path "$B/$module.swiftmodule" \
      -I "$B" -Xcc -fmodule-map-file="$B/CShim/module.modulemap" \
      -Xcc -fmodule-map-file="$ROOT/Sources/CMnl/module.modulemap" \
      $(find "Sources/$module" -name '*.swift' | sort) -o "$B/$module.o"
  done
  touch "$stamp"
fi

# The recorded tracepoint format and tunables, compiled into the targets.
python3 - "$ROOT" >"$B/Generated.swift" <<'PY'
import json, os, sys
root = sys.argv[1]
fmt = open(os.path.join(root, "Tests/TCPStateWireTests/Fixtures/inet_sock_set_state.format")).read()
sysdir = os.path.join(root, "Tests/TCPStateKitTests/Fixtures/proc/sys")
tunables = {}
for d, _, files in os.walk(sysdir):
    for f in files:
        tunables[f] = open(os.path.join(d, f)).read().rstrip("\n")
print("let recordedFormat = %s" % json.dumps(fmt))
trouble = os.path.join(root, "Tests/TCPStateWireTests/Fixtures/trouble")
print("let recordedTroubleFormats: [String: String] = [")
for name in sorted(f for f in os.listdir(trouble) if f.endswith(".format")):
    print("  %s: %s," % (json.dumps(name[:-7]), json.dumps(open(os.path.join(trouble, name)).read())))
print("]")
print("enum FuzzTunables {\n  static let recorded: [String: String] = [")
for k in sorted(tunables):
    print("    %s: %s," % (json.dumps(k), json.dumps(tunables[k])))
print("  ]\n}")
PY

targets="${*:-inet_diag attributes tcp_info trace trouble format counters tunables filter arithmetic}"
for target in $targets; do
  case "$target" in
    inet_diag) file=InetDiag ;; attributes) file=Attributes ;; tcp_info) file=TCPInfoTarget ;;
    trace) file=Trace ;; format) file=Format ;; counters) file=Counters ;; tunables) file=Tunables ;;
    filter) file=Filter ;; trouble) file=Trouble ;; arithmetic) file=Arithmetic ;;
    *) echo "unknown fuzz target $target" >&2; exit 64 ;;
  esac
  echo "fuzz: linking $target"
  "$SWIFTC" -O -parse-as-library -swift-version 5 -sanitize="$SAN" -use-ld=lld -I "$B" \
    -Xcc -fmodule-map-file="$B/CShim/module.modulemap" -Xcc -fmodule-map-file="$ROOT/Sources/CMnl/module.modulemap" \
    "Fuzz/Targets/$file.swift" Fuzz/Targets/Support.swift "$B/Generated.swift" \
    "${objects[@]}" "$B"/CShim/*.o -lmnl \
    -o "$B/fuzz-$target"
done
