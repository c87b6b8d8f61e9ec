# wsicopy build and checks.
#
#   make test    JDK 21+ check, npm ci (when needed), cfn-lint, ASL checks, mvn -B verify
#   make build   mvn -B package -DskipTests (the jars template.yaml's CodeUri points at)
#   make lint    cfn-lint template.yaml + ASL validation and smoke run (no Java)
#   make bench   benchmark (not a test): builds, runs, writes target/bench/report.{json,md}, prints the table
#   make clean   mvn clean and .aws-sam/ (node_modules/ stays)
#
# Deploy: `make build` then `sam deploy` (samconfig.toml holds the defaults; no `sam build`).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

MVN      ?= mvn
NPM      ?= npm
NODE     ?= node
CFN_LINT ?= cfn-lint

# Resolves a JDK 21+ in the recipe (scripts/find-jdk.sh prints why when there is none) and exports
# it as JAVA_HOME for Maven. The default `java` on the build machines is 17, which cannot build.
WITH_JDK = jdk="$$(bash scripts/find-jdk.sh)"; \
	export JAVA_HOME="$$jdk" PATH="$$jdk/bin:$$PATH"; \
	echo "make: using JAVA_HOME=$$JAVA_HOME"

# npm writes node_modules/.package-lock.json on install: reinstall only when it is missing or
# older than the lock file (or package.json).
NODE_STAMP := node_modules/.package-lock.json

.PHONY: help test build bench lint lint-cfn lint-asl java-verify check-jdk check-node check-cfn-lint deps clean

help:
	@echo "targets: test (everything), build (jars), bench (benchmark report), lint (cfn-lint + ASL), clean"

test: check-jdk check-cfn-lint deps lint java-verify
	@echo "make test: all checks passed"

build: check-jdk
	@$(WITH_JDK); $(MVN) -B package -DskipTests

# Cold start of every function against its baselines (docs/performance.md); BENCH_SAMPLES, BENCH_WARM,
# BENCH_ONLY tune it. The runner's exec execution lives in the bench profile, so `make test` never runs it.
bench: check-jdk
	@$(WITH_JDK); $(MVN) -B -q -Pbench -pl bench/runner -am package -DskipTests

lint: lint-cfn lint-asl

lint-cfn: check-cfn-lint
	@echo "cfn-lint template.yaml"
	@out="$$($(CFN_LINT) template.yaml 2>&1)" && status=0 || status=$$?; \
	if [[ $$status -ne 0 || -n "$$out" ]]; then \
		printf '%s\n' "$$out"; echo "make: cfn-lint reported findings in template.yaml (exit $$status)" >&2; exit 1; \
	fi

lint-asl: deps
	$(NODE) scripts/validate-asl.mjs
	$(NODE) scripts/smoke-asl.mjs

java-verify: check-jdk deps
	@$(WITH_JDK); $(MVN) -B verify

check-jdk:
	@bash scripts/find-jdk.sh >/dev/null || { echo "make: no JDK 21+ found (see above)" >&2; exit 1; }

check-node:
	@command -v $(NODE) >/dev/null || { echo "make: node not found; install Node.js 20 or newer" >&2; exit 1; }
	@command -v $(NPM) >/dev/null || { echo "make: npm not found; install Node.js 20 or newer (with npm)" >&2; exit 1; }

check-cfn-lint:
	@command -v $(CFN_LINT) >/dev/null || { echo "make: cfn-lint not found; install it (pip install 'cfn-lint>=1.51') or set CFN_LINT=/path/to/cfn-lint" >&2; exit 1; }

deps: check-node $(NODE_STAMP)

$(NODE_STAMP): package-lock.json package.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

clean:
	@if jdk="$$(bash scripts/find-jdk.sh 2>/dev/null)"; then export JAVA_HOME="$$jdk"; fi; \
	$(MVN) -B -q clean
	rm -rf .aws-sam
