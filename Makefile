# PMOS — one entry point for building, running and testing. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PMOS_DB_HOST ?= 127.0.0.1
export PMOS_DB_PORT ?= 5432
export PMOS_DB_USER ?= postgres
export PMOS_DB_PASSWORD ?=
PMOS_DB_NAME ?= pmos
PMOS_TEST_DB_NAME ?= pmos_test
PMOS_E2E_DB_NAME ?= pmos_e2e
export PMOS_DB_NAME PMOS_TEST_DB_NAME PMOS_E2E_DB_NAME

MVN := mvn -B -ntp
JAR := backend/target/quarkus-app/quarkus-run.jar

.PHONY: help run build web backend test test-backend test-web test-e2e db clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

run: build ## Build everything and start PMOS on http://localhost:8080
	infra/scripts/ensure-postgres.sh $(PMOS_DB_NAME)
	@echo "PMOS starting on http://localhost:$${PMOS_HTTP_PORT:-8080} (database $(PMOS_DB_NAME))"
	exec java $${PMOS_JAVA_OPTS:-} -jar $(JAR)

build: web backend ## Build the SPA and the backend jar (SPA served by the backend)

web-ui/node_modules/.package-lock.json: web-ui/package-lock.json
	cd web-ui && npm ci --no-audit --no-fund
	@touch $@

web: web-ui/node_modules/.package-lock.json ## Build the SPA into web-ui/dist
	cd web-ui && npm run build

backend: ## Build the backend jar (includes web-ui/dist when present)
	cd backend && $(MVN) package -DskipTests

test: test-backend test-web test-e2e ## Run every test suite: backend, web UI, end-to-end

test-backend: ## Backend tests (REST Assured against PostgreSQL database pmos_test)
	infra/scripts/ensure-postgres.sh $(PMOS_TEST_DB_NAME)
	cd backend && $(MVN) test

test-web: web-ui/node_modules/.package-lock.json ## Web UI unit tests (Vitest)
	cd web-ui && npm test

test-e2e: build ## End-to-end browser tests (Playwright + system Chromium) against a fresh database
	infra/scripts/ensure-chromium.sh
	infra/scripts/e2e.sh

db: ## Make sure PostgreSQL runs and the pmos databases exist
	infra/scripts/ensure-postgres.sh $(PMOS_DB_NAME) $(PMOS_TEST_DB_NAME)

clean: ## Remove build output
	rm -rf backend/target web-ui/dist web-ui/test-results
