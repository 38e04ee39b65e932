#!/bin/sh
# Regenerates the man page and the shell completions from the command
# definitions. `make docs` runs it into the repository; the CLI tests run it
# into a temporary directory and compare, so both use this one code path.
#
# Usage: scripts/gen-docs.sh TCPSTATE_BINARY GENERATE_MANUAL_TOOL OUTPUT_DIR
#   GENERATE_MANUAL_TOOL is swift-argument-parser's generate-manual (the
#   executable behind `swift package plugin generate-manual`).
# Writes OUTPUT_DIR/man/tcpstate.1 and OUTPUT_DIR/completions/{tcpstate.bash,_tcpstate,tcpstate.fish}.
set -eu

# Pinned so the page does not change with the day it is generated.
MAN_DATE=2026-11-24

if [ $# -ne 3 ]; then
  echo "usage: $0 TCPSTATE_BINARY GENERATE_MANUAL_TOOL OUTPUT_DIR" >&2
  exit 64
fi
bin=$1
tool=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C TZ=UTC

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpstate-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

"$tool" "$bin" --date "$MAN_DATE" --section 1 --output-directory "$work"
mkdir -p "$out/man" "$out/completions"
# The page's footer names the version (VERSION, as --version and the package).
version=$(tr -d '[:space:]' <"$here/../VERSION")
awk -v sections="$here/man/sections.mdoc" -v version="$version" -f "$here/man/postprocess.awk" "$work/tcpstate.1" \
  >"$out/man/tcpstate.1"

"$bin" --generate-completion-script bash >"$out/completions/tcpstate.bash"
"$bin" --generate-completion-script zsh >"$out/completions/_tcpstate"
"$bin" --generate-completion-script fish >"$out/completions/tcpstate.fish"
