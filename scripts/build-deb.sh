#!/usr/bin/env bash
# Builds tcpstate_VERSION_ARCH.deb from an already-built release binary with
# dpkg-deb (no debhelper: one binary package of prebuilt files needs none of
# its source-package machinery). `make deb` runs the release build first.
#
#   scripts/build-deb.sh [BINARY] [OUTDIR] [EXPORTER_BINARY]
#   defaults: .build/release/tcpstate  .build/deb  tcpstate-exporter beside BINARY
#
# The exporter's helper (EXPORTER_BINARY) and its systemd
# unit (contrib/systemd/) ship when the tree has them; the unit is installed,
# never enabled (no maintainer scripts at all).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$(realpath "${1:-$root/.build/release/tcpstate}")
outdir=${2:-$root/.build/deb}
exporter=${3:-$(dirname "$binary")/tcpstate-exporter}
unit=$root/contrib/systemd/tcpstate-exporter.service
debian=$root/packaging/debian

die() { echo "build-deb: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps dpkg-parsechangelog; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg-dev)"
done
[ -x "$binary" ] || die "no binary at $binary (make release)"

# One version: VERSION. The binary must print it, and the changelog's newest
# entry must be VERSION-REVISION (the Debian revision is packaging-only).
version=$(tr -d '[:space:]' <"$root/VERSION")
printed=$("$binary" --version)
[ "$printed" = "$version" ] || die "$binary --version prints '$printed', VERSION says '$version' (stale build?)"
debversion=$(dpkg-parsechangelog -l "$debian/changelog" -S Version)
[ "${debversion%-*}" = "$version" ] || die "packaging/debian/changelog's newest entry is $debversion, not $version-N"
# File and archive times from the changelog entry: the same tree gives the same .deb.
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$debian/changelog" -S Timestamp)
export SOURCE_DATE_EPOCH
arch=$(dpkg --print-architecture)

# dpkg-shlibdeps expects the package tree at debian/PACKAGE beside a debian/control.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkg=$work/debian/tcpstate
install -d "$pkg/DEBIAN"
printf 'Source: tcpstate\n\nPackage: tcpstate\nArchitecture: any\n' >"$work/debian/control"
doc=$pkg/usr/share/doc/tcpstate

# Stripped as dh_strip does (lintian flags unstripped binaries); the Swift
# metadata sections that reflection and `--help` need are not debug sections.
# A RUNPATH ($ORIGIN, SwiftPM's default) is a search path outside the
# system's, which lintian rejects: make release links with --disable-local-rpath.
put_binary() {
  if readelf -d "$1" | grep -qE '\((RUNPATH|RPATH)\)'; then
    die "$1 has a RUNPATH: build it with swift build --disable-local-rpath (make release does)"
  fi
  install -D -m 0755 "$1" "$2"
  strip --remove-section=.comment --remove-section=.note --strip-unneeded "$2"
}
put_binary "$binary" "$pkg/usr/bin/tcpstate"
install -d "$pkg/usr/share/man/man1"
gzip -9n <"$root/man/tcpstate.1" >"$pkg/usr/share/man/man1/tcpstate.1.gz"
chmod 0644 "$pkg/usr/share/man/man1/tcpstate.1.gz"
# Where each shell looks for vendor completions on Debian (zsh's fpath has
# vendor-completions; site-functions is for /usr/local).
# bash-completion sources its files: the generator's #! line is dropped (lintian).
install -d "$pkg/usr/share/bash-completion/completions"
sed '1{/^#!/d}' "$root/completions/tcpstate.bash" >"$pkg/usr/share/bash-completion/completions/tcpstate"
chmod 0644 "$pkg/usr/share/bash-completion/completions/tcpstate"
install -D -m 0644 "$root/completions/_tcpstate" "$pkg/usr/share/zsh/vendor-completions/_tcpstate"
install -D -m 0644 "$root/completions/tcpstate.fish" "$pkg/usr/share/fish/vendor_completions.d/tcpstate.fish"
install -D -m 0644 "$debian/copyright" "$doc/copyright"
gzip -9n <"$debian/changelog" >"$doc/changelog.Debian.gz"
chmod 0644 "$doc/changelog.Debian.gz"
if [ -f "$debian/lintian-overrides" ]; then
  install -D -m 0644 "$debian/lintian-overrides" "$pkg/usr/share/lintian/overrides/tcpstate"
fi

shipped=("$pkg/usr/bin/tcpstate")
if [ -f "$unit" ]; then
  [ -x "$exporter" ] || die "the tree has the exporter's unit but $exporter is not built"
  put_binary "$exporter" "$pkg/usr/libexec/tcpstate/tcpstate-exporter"
  shipped+=("$pkg/usr/libexec/tcpstate/tcpstate-exporter")
  install -d "$pkg/lib/systemd/system"
  sed 's|/usr/local/bin/tcpstate|/usr/bin/tcpstate|' "$unit" >"$pkg/lib/systemd/system/tcpstate-exporter.service"
  chmod 0644 "$pkg/lib/systemd/system/tcpstate-exporter.service"
  for example in "$root"/contrib/prometheus/*.yml; do
    install -D -m 0644 "$example" "$pkg/usr/share/tcpstate/prometheus/$(basename "$example")"
  done
fi

# Depends from what the binaries link, through dpkg-shlibdeps: it reads the
# libraries' symbols files, so each dependency carries the lowest version
# that has every symbol used (dpkg -S on ldd's paths would give bare names,
# and misses files on a merged-/usr system).
depends=$(cd "$work" && dpkg-shlibdeps -O "${shipped[@]}" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies"
# Libraries opened with dlopen appear in no ELF header: top's libncursesw
# (Sources/CNcurses/shim.h). Each one the binary names gets the dependency
# its package's shlibs file declares, as dpkg-shlibdeps would write it.
for soname in libncursesw.so.6; do
  grep -qaF "$soname" "$pkg/usr/bin/tcpstate" || continue
  owner=$(dpkg-query -S "*/$soname" | sed -n "s/^\([^:]*\):$arch: .*/\1/p" | head -1)
  [ -n "$owner" ] || die "no installed package has $soname (needed for the Depends line)"
  library=${soname%%.so.*} major=${soname##*.so.}
  dependency=$(dpkg-query --control-show "$owner:$arch" shlibs |
    awk -v l="$library" -v m="$major" '$1 == l && $2 == m { $1 = $2 = ""; sub(/^ +/, ""); print; exit }')
  depends="$depends, ${dependency:-$owner}"
done

installed_size=$(du -sk --apparent-size --exclude=DEBIAN "$pkg" | cut -f1)
cat >"$pkg/DEBIAN/control" <<EOF
Package: tcpstate
Version: $debversion
Architecture: $arch
Maintainer: tcpstate developers <dev@tcpstate.invalid>
Installed-Size: $installed_size
Depends: $depends
Section: net
Priority: optional
Description: show and explain the Linux kernel's TCP sockets and states
 tcpstate lists every TCP socket (IPv4 and IPv6) straight from the kernel's
 sock_diag netlink interface, as ss does, and explains what it sees: state
 transitions as they happen (from the sock:inet_sock_set_state tracepoint),
 each state, topic and tunable next to this host's values, the TCP state
 machine with live counts, a doctor that turns kernel counters into findings
 (accept-queue overflows, SYN floods, CLOSE_WAIT leaks, port exhaustion,
 retransmissions), a live full-screen view and safe socket killing.
 .
 It is meant as the tool to reach for instead of ss, netstat and bcc's
 tcpstates.
EOF
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
  >"$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$outdir"
deb=$outdir/tcpstate_${debversion}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
echo "$deb"
