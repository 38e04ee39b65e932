# tcpstate: build, test, install. `make help` lists the targets.
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
APT_PACKAGES := libmnl-dev pkg-config iproute2

.PHONY: help deps build release test install uninstall bench format fuzz asan tsan sanitize

help:
	@echo "make deps      install the system packages the build needs (apt, as root)"
	@echo "make build     debug build"
	@echo "make release   release build (.build/release/tcpstate)"
	@echo "make test      install deps, build, run the whole test suite"
	@echo "make install   release build, then binary, man page and completions under DESTDIR/PREFIX"
	@echo "make bench     list benchmarks against ss (root, needs ../shared/bench)"
	@echo "make fuzz      libFuzzer over every decoder, FUZZ_SECONDS (default 60) per target"
	@echo "make asan      the test suite under AddressSanitizer (.build-asan)"
	@echo "make tsan      the test suite under ThreadSanitizer (.build-tsan)"

# Installs only what is missing, so it is quick on a prepared machine.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 .build/release/tcpstate $(DESTDIR)$(PREFIX)/bin/tcpstate
	for page in man/*.1; do install -m 0644 $$page $(DESTDIR)$(PREFIX)/share/man/man1/; done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 completions/tcpstate.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tcpstate
	install -m 0644 completions/_tcpstate $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tcpstate
	install -m 0644 completions/tcpstate.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tcpstate.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tcpstate $(DESTDIR)$(PREFIX)/share/man/man1/tcpstate*.1
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tcpstate $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tcpstate $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tcpstate.fish

bench: release
	python3 benchmarks/bench_list.py

FUZZ_SECONDS ?= 60
fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

# Sanitizer builds live in their own scratch paths so they never disturb .build.
asan: deps
	Scripts/sanitize.sh address

tsan: deps
	Scripts/sanitize.sh thread

sanitize: asan tsan

format:
	$(SWIFT) format -i -r Sources Tests Package.swift
