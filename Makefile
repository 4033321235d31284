# lambda-firewall build, layer and test targets. Dockerfile.build runs
# `make layer`; CI runs the same steps without Docker.

VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
ARCHS   ?= amd64 arm64
DIST    ?= dist
GO      ?= go
LDFLAGS := -s -w -X main.version=$(VERSION)
BUILD   := CGO_ENABLED=0 GOOS=linux $(GO) build -trimpath -ldflags "$(LDFLAGS)"
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d

.PHONY: all build layer test demo bench bench-e2e bench-smoke fuzz-smoke rie clean

all: build

## build: the extension binary for this machine's architecture
build:
	$(BUILD) -o $(DIST)/lambda-firewall ./cmd/lambda-firewall

## layer: one layer zip per architecture in $(DIST)/
layer:
	@for arch in $(ARCHS); do \
		echo "building layer for $$arch"; \
		mkdir -p $(DIST)/$$arch || exit 1; \
		GOARCH=$$arch $(BUILD) -o $(DIST)/$$arch/lambda-firewall ./cmd/lambda-firewall || exit 1; \
		$(GO) run ./cmd/mklayer -binary $(DIST)/$$arch/lambda-firewall -wrapper wrapper-script.sh \
			-rules rules/default -o $(DIST)/lambda-firewall-$$arch.zip || exit 1; \
	done
	@ls -l $(DIST)/*.zip

## rie: install AWS's Runtime Interface Emulator (pinned; the repo has no tags)
rie:
	$(GO) install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

## test: the whole suite with the race detector (the e2e suite needs root)
test:
	$(GO) test -race -count=1 ./...

## demo: real events through the extension under the RIE (needs root)
demo:
	$(GO) run ./cmd/demo

## bench: the Go benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-e2e: round trips vs direct / pass-through / OPA server, decision cost, cold start, RSS, sizes
bench-e2e:
	$(GO) run ./cmd/bench $(BENCHFLAGS)

## bench-smoke: the benchmarks once each and the bench command in quick mode (CI)
bench-smoke:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./... > /dev/null
	$(GO) run ./cmd/bench -quick > /dev/null

## fuzz-smoke: every fuzz target for a few seconds
fuzz-smoke:
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-5s} $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf $(DIST)
