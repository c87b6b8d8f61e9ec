# wsicopy build and checks.
#
#   make test    JDK 21+ check, npm ci (when needed), cfn-lint, ASL checks, mvn -B verify
#   make build   mvn -B package -DskipTests (the jars template.yaml's CodeUri points at)
#   make lint    cfn-lint (template.yaml, examples/, templates/) + ASL validation and smoke run (no Java)
#   make demo    one bulk copy through the real state machine on this machine (no AWS, no Docker)
#                [FLEET=examples/fleet.json: your own fleet and request instead of the built-in one]
#   make bench-workflow [BENCH_ENV="START_RATE_PER_SECOND=2 ..."]
#                issue #5's workflow benchmark: 200 images x 5 Regions, cost per 1,000 copies (target/bench/)
#   make bench-concurrency [BENCH_ENV=...]
#                issue #10's account-wide benchmark: 22 overlapping jobs at once on one account (target/bench/)
#   make bench-org [BENCH_ENV=...] [BENCH_ORG_ACCOUNTS=50 BENCH_ORG_IMAGES=10]
#                issue #12's organization benchmark: 10 images x 50 accounts x 4 Regions in one job (target/bench/)
#   make invoke FN=<function> EVENT=events/<file>.json [ADVANCE=PT30M]
#                one function with a sample event against the local stack (like `sam local invoke`)
#   make api     the HTTP API on http://127.0.0.1:8080 (like `sam local start-api`; API_ARGS="--port N"),
#                jobs run through the real state machine on a local stack [FLEET=<file>: the emulator holds that fleet]
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

.PHONY: help test build bench lint lint-cfn lint-asl java-verify check-jdk check-node check-cfn-lint deps clean \
	local-run-build demo bench-workflow bench-concurrency bench-org invoke api

help:
	@echo "targets: test (everything), build (jars), bench (benchmark report), lint (cfn-lint + ASL), demo, invoke FN=.. EVENT=.., api (local HTTP API), clean"

test: check-jdk check-cfn-lint deps lint java-verify
	@echo "make test: all checks passed"

build: check-jdk
	@$(WITH_JDK); $(MVN) -B package -DskipTests

# Cold start of every function against its baselines (docs/performance.md); BENCH_SAMPLES, BENCH_WARM,
# BENCH_ONLY tune it. The runner's exec execution lives in the bench profile, so `make test` never runs it.
# Then the workflow, concurrency and organization benchmarks; one report from the four parts of this run
# (target/bench/report.md), written even when a part fails, and the run fails if any part did.
bench: check-jdk check-node
	@started=$$(date +%s); status=0; \
	$(WITH_JDK); $(MVN) -B -q -Pbench -pl bench/runner -am package -DskipTests || status=1; \
	$(MAKE) --no-print-directory bench-workflow || status=1; \
	$(MAKE) --no-print-directory bench-concurrency || status=1; \
	$(MAKE) --no-print-directory bench-org || status=1; \
	BENCH_STARTED=$$started $(NODE) scripts/bench-report.mjs; \
	exit $$status

lint: lint-cfn lint-asl

CFN_TEMPLATES := template.yaml examples/copy-image-stack.yaml templates/target-account-role.yaml

lint-cfn: check-cfn-lint
	@echo "cfn-lint $(CFN_TEMPLATES)"
	@out="$$($(CFN_LINT) $(CFN_TEMPLATES) 2>&1)" && status=0 || status=$$?; \
	if [[ $$status -ne 0 || -n "$$out" ]]; then \
		printf '%s\n' "$$out"; echo "make: cfn-lint reported findings in $(CFN_TEMPLATES) (exit $$status)" >&2; exit 1; \
	fi

lint-asl: deps
	$(NODE) scripts/validate-asl.mjs
	$(NODE) scripts/smoke-asl.mjs
	$(NODE) scripts/inline-map.test.mjs

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

# ---------------------------------------------------------------- local run
# The demo and the invoke command are Java mains in local-run, run with plain `java` on the class path Maven
# writes at compile time, so no Maven process stays around them. Maven's own warnings about sun.misc.Unsafe
# (its Guava, on JDK 24+) are dropped from the output; anything else it says is shown.
LOCAL_RUN_CP := local-run/target/runtime-classpath.txt
LOCAL_JAVA = "$$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
	-cp "local-run/target/classes:$$(cat $(LOCAL_RUN_CP))"
QUIET_MVN_WARNINGS = -Dstyle.color=never 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' \
	| { grep -v -e '^$$' -e '^WARNING: .*sun\.misc\.Unsafe' -e '^WARNING: Please consider reporting' || true; }

# Main code only: test fixtures live in test-support (main code of its own, test scope here); -Dmain-only leaves out
# the one remaining test-jar (custom-resource's provider harness, local-run/pom.xml), which a reactor resolves only
# after test-compile.
local-run-build: check-jdk deps
	@$(WITH_JDK) >/dev/null; $(MVN) -B -q -pl local-run -am compile -Dmain-only $(QUIET_MVN_WARNINGS)

# FLEET=<file>: a fleet file (README, "Your own fleet"; examples/fleet.json), relative to this directory.
FLEET ?=
FLEET_ARGS = $(if $(FLEET),--fleet "$(FLEET)")

demo: local-run-build
	@$(WITH_JDK) >/dev/null; $(LOCAL_JAVA) io.github.wsicopy.localrun.demo.DemoMain "$(CURDIR)" $(FLEET_ARGS)

# 200 images x 5 Regions through the real state machine at the documented WorkSpaces rate; about 3-5 minutes.
# BENCH_ENV sets function environment variables on top of the template's defaults, to measure a lever.
BENCH_ENV ?=
bench-workflow: local-run-build
	@$(WITH_JDK) >/dev/null; $(LOCAL_JAVA) io.github.wsicopy.localrun.bench.WorkflowBench "$(CURDIR)" $(BENCH_ENV)

# 22 jobs at once, each 10 of 30 images x 3 Regions, on one account at the documented rate; a few minutes.
# Quotes bench-workflow's cost per 1,000 copies when target/bench/workflow.json is there (make bench runs both).
bench-concurrency: local-run-build
	@$(WITH_JDK) >/dev/null; $(LOCAL_JAVA) io.github.wsicopy.localrun.bench.ConcurrencyBench "$(CURDIR)" $(BENCH_ENV)

# One job, 10 images to 50 accounts x 4 Regions (2,000 copies), against a baseline job in the stack's own account;
# about 10 minutes here. BENCH_ORG_ACCOUNTS and BENCH_ORG_IMAGES change the size.
bench-org: local-run-build
	@$(WITH_JDK) >/dev/null; $(LOCAL_JAVA) io.github.wsicopy.localrun.bench.OrganizationBench "$(CURDIR)" $(BENCH_ENV)

invoke: local-run-build
	@if [[ -z "$(FN)" || -z "$(EVENT)" ]]; then \
		echo "usage: make invoke FN=<validate|copy|poll-status|notify> EVENT=events/<file>.json [ADVANCE=PT30M]" >&2; exit 2; fi
	@$(WITH_JDK) >/dev/null; $(LOCAL_JAVA) io.github.wsicopy.localrun.invoke.InvokeMain "$(CURDIR)" "$(FN)" "$(EVENT)" $(ADVANCE)

# The HTTP API on loopback (like `sam local start-api`): the local stack (DynamoDB Local, the WorkSpaces
# emulator, the Lambda invoke server) and the Step Functions stand-in; each started job runs the real state
# machine in the interpreter, as `make demo` does. Builds local-run with its dependencies first.
API_ARGS ?=
api: local-run-build
	@$(WITH_JDK) >/dev/null; exec $(LOCAL_JAVA) io.github.wsicopy.localrun.api.LocalApiServer --root "$(CURDIR)" $(FLEET_ARGS) $(API_ARGS)

clean:
	@if jdk="$$(bash scripts/find-jdk.sh 2>/dev/null)"; then export JAVA_HOME="$$jdk"; fi; \
	$(MVN) -B -q clean
	rm -rf .aws-sam
