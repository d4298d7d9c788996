# PMOS — one entry point for building, running and testing. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PMOS_DB_HOST ?= 127.0.0.1
export PMOS_DB_PORT ?= 5432
export PMOS_DB_USER ?= postgres
export PMOS_DB_PASSWORD ?=
ifeq ($(strip $(PMOS_DB_PASSWORD)),)
# None given: the password of a project-local cluster (ensure-postgres.sh makes it, random, in .local/pg-password,
# 0600), sent to whatever server answers; one that trusts local logins ignores it.
PMOS_DB_PASSWORD := $(shell infra/scripts/ensure-postgres.sh --password)
endif
PMOS_DB_NAME ?= pmos
PMOS_TEST_DB_NAME ?= pmos_test
PMOS_E2E_DB_NAME ?= pmos_e2e
export PMOS_DB_NAME PMOS_TEST_DB_NAME PMOS_E2E_DB_NAME

MVN := mvn -B -ntp
JAR := backend/target/quarkus-app/quarkus-run.jar

.PHONY: help run stop-local rotate-secret-key build web backend test test-backend test-web test-infra test-e2e test-multi local-deps db clean test-smoke check-node test-monitoring image test-drill test-image bench test-bench

help: ## List the targets
	@grep -E '^[A-Za-z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

run: build ## Build everything and start PMOS on http://localhost:8080 (with the local Flow Pieces and MCP server)
	infra/scripts/ensure-postgres.sh $(PMOS_DB_NAME)
	eval "$$(infra/scripts/local-services.sh start)"; \
	export PMOS_OUTBOUND_ALLOW_PRIVATE="$${PMOS_OUTBOUND_ALLOW_PRIVATE:-true}"; \
	echo "PMOS starting on http://localhost:$${PMOS_HTTP_PORT:-8080} (database $(PMOS_DB_NAME); health and metrics on port $${PMOS_MANAGEMENT_PORT:-9000})"; \
	exec java $${PMOS_JAVA_OPTS:-} -jar $(JAR)

stop-local: ## Stop the local Flow Pieces and MCP server started by make run
	infra/scripts/local-services.sh stop

rotate-secret-key: backend ## Re-encrypt stored secrets under a new master key (docs/security.md)
	java -cp "backend/target/quarkus-app/lib/main/*:backend/target/quarkus-app/app/*" io.pmos.secrets.RotateMasterKey

build: web backend ## Build the SPA and the backend jar (SPA served by the backend)

check-node: ## Check that Node meets the web UI's requirement (Vite 8: ^20.19 || >=22.12)
	@infra/scripts/check-node.sh

web-ui/node_modules/.package-lock.json: web-ui/package-lock.json | check-node
	cd web-ui && npm ci --no-audit --no-fund
	@touch $@

web: web-ui/node_modules/.package-lock.json ## Build the SPA into web-ui/dist
	cd web-ui && npm run build

backend: ## Build the backend jar (includes web-ui/dist when present)
	cd backend && $(MVN) package -DskipTests

IMAGE_TAR := backend/target/pmos-image.tar
PMOS_IMAGE_BASE ?=
image: web ## Build the container image tar backend/target/pmos-image.tar with Jib, no Docker daemon (docs/deploy.md)
	base="$(PMOS_IMAGE_BASE)"; \
	if [ -z "$$base" ]; then infra/image/build-base.sh .local/image/pmos-base.tar; base="tar://$(CURDIR)/.local/image/pmos-base.tar"; fi; \
	cd backend && PMOS_IMAGE_TAR="$(CURDIR)/$(IMAGE_TAR)" $(MVN) package -DskipTests \
	  -Dquarkus.container-image.build=true -Dquarkus.jib.base-jvm-image="$$base" \
	  -Dquarkus.jib.docker-executable-name="$(CURDIR)/infra/image/docker-load-to-file"
	@echo "image: $(IMAGE_TAR)"

test-image: image ## Build the image, then run its migration step and PMOS from it (chroot, read-only root) against a fresh database
	infra/image/verify.sh $(IMAGE_TAR)

test: test-backend test-web test-infra test-smoke test-monitoring test-e2e test-multi test-drill test-bench ## Run every test suite: backend, web UI, infra scripts, smoke, alert rules, end-to-end, two instances, rollback drill, bench harness

test-backend: local-deps ## Backend tests (REST Assured against PostgreSQL pmos_test, local Flow Pieces and MCP server)
	infra/scripts/ensure-postgres.sh $(PMOS_TEST_DB_NAME)
	cd backend && $(MVN) test

test-web: web-ui/node_modules/.package-lock.json ## Web UI unit tests (Vitest)
	cd web-ui && npm test

test-infra: local-deps ## Tests of the local Flow Pieces stand-in and of the infra scripts (node --test)
	cd infra/flow-pieces-local && npm test
	node --test infra/scripts/test/

test-smoke: infra/smoke/node_modules/.package-lock.json ## Unit tests of the smoke suite (infra/smoke: arguments, table, exit status)
	cd infra/smoke && npm test

test-monitoring: ## Prometheus alert rules and their unit tests (promtool), Grafana dashboard JSON
	infra/monitoring/check.sh

test-e2e: build local-deps ## End-to-end browser tests (Playwright + system Chromium) against a fresh database
	infra/scripts/ensure-chromium.sh
	infra/scripts/e2e.sh

test-multi: build local-deps infra/multi-instance/node_modules/.package-lock.json ## Two PMOS instances on one database (leases, cancel, approvals, live updates)
	infra/multi-instance/run.sh

bench: build local-deps ## Measure PMOS against a bare Vert.x baseline (about 8 minutes after the build, loopback) and regenerate docs/performance.md
	bench/run.sh full

test-bench: build local-deps ## The bench harness end to end in its smoke mode: every scenario reports numbers (no timing asserted)
	bench/run.sh smoke

test-drill: build local-deps ## Rollback drill: previous release -> current -> previous on one database, data kept (docs/runbook.md)
	infra/scripts/rollback-drill.sh

local-deps: infra/flow-pieces-local/node_modules/.package-lock.json infra/mcp-local/node_modules/.package-lock.json ## Install the npm packages of the local Flow Pieces and MCP server

infra/%/node_modules/.package-lock.json: infra/%/package-lock.json
	cd infra/$* && npm ci --no-audit --no-fund
	@touch $@

db: ## Make sure PostgreSQL runs and the pmos databases exist
	infra/scripts/ensure-postgres.sh $(PMOS_DB_NAME) $(PMOS_TEST_DB_NAME)

clean: ## Remove build output
	rm -rf backend/target bench/target web-ui/dist web-ui/test-results
