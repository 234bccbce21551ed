# flagsweep's build. `make demo` shows it working on the bundled example;
# `make test` is what CI runs.

GO          ?= go
BIN         := $(CURDIR)/.bin
FLAGSWEEP   := $(BIN)/flagsweep
# staticcheck 2026.2.2, pinned; installed through the module proxy.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(BIN)/staticcheck-$(STATICCHECK_VERSION)
# The example's verdicts depend on the date (intended_to_rollout_by), so
# the demo pins it, as the README's transcript does.
DEMO_TODAY  := 2026-11-21
FUZZTIME    ?= 30s

GOFILES = $(shell find . -name '*.go' -not -path '*/testdata/*' -not -path './.bin/*')

.PHONY: all build demo test check-fmt vet staticcheck bench bench-real fuzz sweep golangci-check precommit-check report-check install clean

all: build

build:
	$(GO) build -o $(FLAGSWEEP) ./cmd/flagsweep

install:
	$(GO) install ./cmd/flagsweep

demo: build
	@cd examples/shop && export FLAGSWEEP_TODAY=$(DEMO_TODAY) && \
	echo "== flagsweep list   (every flag: owner, age, state, verdict)" && \
	$(FLAGSWEEP) list && echo && \
	echo "== flagsweep list --ready   (what the monthly cleanup would remove)" && \
	$(FLAGSWEEP) list --ready && echo && \
	echo "== flagsweep lint   (exit status 1: there are findings)" && \
	{ status=0; $(FLAGSWEEP) lint || status=$$?; test $$status -le 1; } && echo && \
	echo "== flagsweep remove one_click_checkout   (a diff; --write would apply it)" && \
	$(FLAGSWEEP) remove one_click_checkout

# The race step runs the loader, scan and removal on a module shaped to
# make concurrent loading dangerous (internal/synth/tangle.go).
test: check-fmt vet staticcheck
	$(GO) test ./...
	$(GO) test -race -run '^TestRace' ./load ./scan ./rewrite

check-fmt:
	@out=$$(gofmt -l $(GOFILES)); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	cd examples/shop && $(GO) vet ./...

$(STATICCHECK):
	@mkdir -p $(BIN)
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv $(BIN)/staticcheck $@

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

# The synthetic-module benchmarks run each tool a few times; see the
# README's "Performance" for what they report.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 5x ./internal/synth

# flagsweep beside go vet on a real checkout with a .flagsweep.yaml: lint,
# the vettool after a one-file edit and a removal, alternately, with
# medians, pairwise ratios and peak memory (see scripts/benchreal):
# make bench-real DIR=/tmp/kueue [BENCHFLAGS="-runs 5 -flag X=true -cold"].
bench-real: build
	@test -n "$(DIR)" || { echo "usage: make bench-real DIR=checkout [BENCHFLAGS=...]"; exit 2; }
	$(GO) run ./scripts/benchreal -flagsweep $(FLAGSWEEP) $(BENCHFLAGS) $(DIR)

# Each fuzz target in turn (go test -fuzz takes one at a time); their seed
# corpora also run as ordinary tests in `make test`. Then the differential
# fuzzer checks batches of generated programs for DIFFTIME and prints how
# many it checked and what went wrong; reproducers of what it finds go to
# .bin/difffuzz/ (see rewrite/difffuzz_test.go). Its fuzz target, whose every
# input is a batch of hundreds of programs, gains nothing from coverage
# guidance, so `go test -fuzz` does not run it here.
FUZZ_TARGETS = \
	./lifecycle:FuzzParseMilestone \
	./definitions:FuzzParse \
	./config:FuzzParse \
	./state:FuzzParse
DIFFTIME    ?= 10m

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$pkg $$name ($(FUZZTIME))"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done
	@echo "== ./rewrite differential, batches of generated programs ($(DIFFTIME))"
	$(GO) test ./rewrite -run '^TestDifferentialScale$$' -count=1 -timeout 0 -v \
		-difffuzz.duration $(DIFFTIME) -difffuzz.out $(BIN)/difffuzz

# Removes every flag of a real checkout in turn and checks each result
# builds and vets: make sweep DIR=/tmp/kueue [SWEEPFLAGS="-tests -limit 5"].
sweep: build
	@test -n "$(DIR)" || { echo "usage: make sweep DIR=checkout [SWEEPFLAGS=...]"; exit 2; }
	$(GO) run ./scripts/sweep -flagsweep $(FLAGSWEEP) $(SWEEPFLAGS) $(DIR)

# A custom golangci-lint v2 with flagsweep's module plugin, built from the
# module proxy, run on examples/shop (a few minutes the first time; not
# part of make test). GCL_VERSION picks the golangci-lint version.
golangci-check:
	scripts/golangci-check

# The pre-commit hook through the real framework: pre-commit try-repo on
# this checkout, in a copy of the example (see scripts/precommit-check).
# Not in `make test`: each try-repo installs the hook afresh with go
# install ./..., about half a minute in all.
precommit-check:
	scripts/precommit-check

# flagsweep report --html in headless Chromium (scripts/report-browser): a
# copy of examples/shop with a year of git history, both charts checked in
# the rendered DOM, a screenshot in .bin/report.png (`scripts/report-browser
# -o docs/report.png` refreshes the README's). Not in `make test`: it needs
# Chromium, and says how to install it when it is missing.
report-check:
	scripts/report-browser

clean:
	rm -rf $(BIN)
