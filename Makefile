# tcpstate: build, test, install. `make help` lists the targets.
SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
APT_PACKAGES := libmnl-dev libncurses-dev pkg-config iproute2 zlib1g-dev
# Only the tests use these: zsh -n and fish --no-execute check the generated
# completions, groff checks the man page, tmux types <TAB> into bash, prometheus (with promtool) scrapes the
# exporter and checks its output and rules, nftables makes real packet loss inside the test's own network
# namespace (watch --events), dpkg-dev and lintian build and check the .deb. Tests skip those checks without
# them; .ci/run installs them so CI does run them.
CHECK_PACKAGES := zsh fish groff-base tmux prometheus nftables dpkg-dev lintian
# install: the binary to install. SWIFT_BUILD_SKIP=1 skips the release build
# (the tests install their already-built binary with BINARY=...).
BINARY ?= .build/release/tcpstate
# The exporter's server process, which `tcpstate exporter` execs (NIO lives only there).
EXPORTER_BINARY ?= $(dir $(BINARY))tcpstate-exporter
SWIFT_BUILD_SKIP ?=
# deb: where the package goes; DEB_LINT=0 skips lintian.
DEB_OUT ?= .build/deb
DEB_LINT ?= 1

.PHONY: help deps deps-check apt-install build release test docs docs-tool install uninstall deb bench format fuzz asan tsan sanitize

help:
	@echo "make deps      install the system packages the build needs (apt, as root)"
	@echo "make build     debug build"
	@echo "make release   release build (.build/release/tcpstate)"
	@echo "make test      install deps, build, run the whole test suite"
	@echo "make docs      regenerate man/tcpstate.1 and completions/* from the command definitions"
	@echo "make install   release build, then binary, man page and completions under DESTDIR/PREFIX"
	@echo "make uninstall remove what make install installed (same PREFIX and DESTDIR)"
	@echo "make deb       release build, then .build/deb/tcpstate_VERSION_ARCH.deb, checked by lintian"
	@echo "make bench     list benchmarks against ss (root, needs ../shared/bench)"
	@echo "make fuzz      libFuzzer over every decoder, FUZZ_SECONDS (default 60) per target"
	@echo "make asan      the test suite under AddressSanitizer (.build-asan)"
	@echo "make tsan      the test suite under ThreadSanitizer (.build-tsan)"

# Installs only what is missing, so it is quick on a prepared machine.
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

deps-check:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(CHECK_PACKAGES)"

apt-install:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# The Swift runtime linked statically: about 3 MB less resident memory per run
# (list's budget is 2x ss's peak RSS) and no dependency on the toolchain's .so files.
# No $ORIGIN RUNPATH: the binary loads only system libraries (and lintian refuses the search path).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath

# The suite is XCTest; Swift Testing's empty run is switched off so the last
# line is XCTest's count. The log is kept for .ci/run's closing summary.
test: deps docs-tool
	$(SWIFT) build --build-tests
	set -o pipefail; $(SWIFT) test --skip-build --disable-swift-testing 2>&1 | tee .build/test.log

# swift-argument-parser's manual generator, built once by its own plugin
# (offline, from the package already in use); `swift build --show-bin-path`/generate-manual-tool.
docs-tool:
	$(SWIFT) package plugin generate-manual --help >/dev/null

# One command regenerates the man page and the three completion scripts.
docs: deps docs-tool
	$(SWIFT) build --product tcpstate
	scripts/gen-docs.sh "$$($(SWIFT) build --show-bin-path)/tcpstate" "$$($(SWIFT) build --show-bin-path)/generate-manual-tool" .

install: $(if $(SWIFT_BUILD_SKIP),,release)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/tcpstate
	install -d $(DESTDIR)$(PREFIX)/libexec/tcpstate
	install -m 0755 $(EXPORTER_BINARY) $(DESTDIR)$(PREFIX)/libexec/tcpstate/tcpstate-exporter
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 completions/tcpstate.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tcpstate
	install -m 0644 completions/_tcpstate $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tcpstate
	install -m 0644 completions/tcpstate.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tcpstate.fish
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(PREFIX)/share/tcpstate/prometheus
	sed 's|/usr/local/bin/tcpstate|$(PREFIX)/bin/tcpstate|' contrib/systemd/tcpstate-exporter.service >$(DESTDIR)$(PREFIX)/lib/systemd/system/tcpstate-exporter.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/tcpstate-exporter.service
	install -m 0644 contrib/prometheus/tcpstate-rules.yml contrib/prometheus/prometheus-scrape.yml $(DESTDIR)$(PREFIX)/share/tcpstate/prometheus/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tcpstate $(DESTDIR)$(PREFIX)/libexec/tcpstate/tcpstate-exporter
	rmdir $(DESTDIR)$(PREFIX)/libexec/tcpstate 2>/dev/null || true
	for page in man/*.1; do rm -f $(DESTDIR)$(PREFIX)/share/man/man1/$${page#man/}; done
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tcpstate $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tcpstate $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tcpstate.fish
	rm -f $(DESTDIR)$(PREFIX)/lib/systemd/system/tcpstate-exporter.service $(DESTDIR)$(PREFIX)/share/tcpstate/prometheus/tcpstate-rules.yml $(DESTDIR)$(PREFIX)/share/tcpstate/prometheus/prometheus-scrape.yml
	rmdir $(DESTDIR)$(PREFIX)/share/tcpstate/prometheus $(DESTDIR)$(PREFIX)/share/tcpstate 2>/dev/null || true

# dpkg-deb, no debhelper (scripts/build-deb.sh says why). lintian must find
# no errors and no warnings; the overrides, with reasons, are in packaging/debian/lintian-overrides.
deb: $(if $(SWIFT_BUILD_SKIP),,release)
	@$(MAKE) --no-print-directory apt-install PACKAGES="dpkg-dev"
	@deb=$$(scripts/build-deb.sh $(BINARY) $(DEB_OUT) $(EXPORTER_BINARY)) && echo "built $$deb" && \
	if [ "$(DEB_LINT)" = 0 ]; then :; \
	elif command -v lintian >/dev/null; then lintian --fail-on error,warning "$$deb" && echo "lintian: no errors, no warnings"; \
	else echo "lintian is not installed (make deps-check installs it): package not checked"; fi

bench: release
	python3 benchmarks/bench_list.py

FUZZ_SECONDS ?= 60
fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

# Sanitizer builds live in their own scratch paths so they never disturb .build.
asan: deps
	scripts/sanitize.sh address

tsan: deps
	scripts/sanitize.sh thread

sanitize: asan tsan

format:
	$(SWIFT) format -i -r Sources Tests Package.swift
