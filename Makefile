# Brug — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
BRUG := $(BIN)/brug
LOCK_HASH := $(shell cat requirements/lock.txt pyproject.toml | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install serve lint format openapi docs check-docs deploy-check migrations-check ci clean bench oidc-provider demo-oidc i18n-convert i18n-merge i18n-check messages

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned dependencies into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

## The compiled catalogues (.mo) are built from the committed .po files, not committed.
MO := $(patsubst %.po,%.mo,$(wildcard src/brug/locale/*/LC_MESSAGES/django.po))
%.mo: %.po
	@msgfmt --check -o $@ $<

messages: $(MO)

install: $(STAMP) $(MO)

## Links in the demo's mails and notifications point at the server that `make demo` starts.
demo serve: export BRUG_BASE_URL ?= http://$(HOST):$(PORT)

## make demo: set everything up, load the reference registry and the small demo set, serve the app.
demo: install
	@$(BRUG) migrate --noinput -v0
	@# demo-data loads the reference registry first when it is empty (`brug load-reference` updates it).
	@$(BRUG) demo-data --scale small --seed 1 --if-empty
	@$(BRUG) demo-logins --url http://$(HOST):$(PORT)/
	@$(MAKE) --no-print-directory serve

## make serve: the web app plus one background worker (imports, matching rounds, reports).
serve: install
	@$(BRUG) worker --queue-name '*' --no-reload -v0 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	echo "Brug: http://$(HOST):$(PORT)/  (Ctrl+C stops the server and the worker)"; \
	$(BRUG) runserver $(HOST):$(PORT)

## The test OpenID Connect provider (node's oidc-provider, pinned in its package-lock.json).
## Without node the government-login end-to-end tests skip and say so.
OIDC_DIR := src/brug/accounts/tests/oidc
oidc-provider:
	@if command -v npm >/dev/null 2>&1; then \
	  test -d $(OIDC_DIR)/node_modules/oidc-provider || npm ci --prefix $(OIDC_DIR) --no-audit --no-fund --silent; \
	else echo "npm not found: the OpenID Connect end-to-end tests will skip"; fi

## make demo-oidc: the demo with the government login through a local stand-in OpenID Connect
## provider (the test provider: any login name signs in) on port 8090. Mail goes to the console.
OIDC_DEMO_PORT ?= 8090
demo-oidc: install oidc-provider
	@PORT=$(OIDC_DEMO_PORT) CLIENT_ID=brug-demo CLIENT_SECRET=brug-demo-only-secret \
	  REDIRECT_URIS=http://$(HOST):$(PORT)/oidc/callback/ POST_LOGOUT_URIS=http://$(HOST):$(PORT)/ \
	  node $(OIDC_DIR)/provider.mjs & OP=$$!; trap 'kill $$OP 2>/dev/null' EXIT INT TERM; \
	OIDC_RP_CLIENT_ID=brug-demo OIDC_RP_CLIENT_SECRET=brug-demo-only-secret \
	  OIDC_OP_ISSUER=http://127.0.0.1:$(OIDC_DEMO_PORT) $(MAKE) --no-print-directory demo

## make test: the whole suite (SQLite by default; PostgreSQL when DATABASE_URL points to one).
test: install oidc-provider
	@$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src bench tools
	$(BIN)/ruff format --check src bench tools
	$(BIN)/mypy
	$(BRUG) makemigrations --check --dry-run
	$(BIN)/python tools/i18n_check.py
	$(BRUG) permissions-doc --check
	$(MAKE) --no-print-directory openapi-check
	$(BIN)/python requirements/production.py --check
	$(MAKE) --no-print-directory deploy-check

format: install
	$(BIN)/ruff check --fix src bench
	$(BIN)/ruff format src bench

## The committed OpenAPI file must match the code.
openapi: install
	$(BRUG) spectacular --lang en --file docs/openapi.yaml --validate --fail-on-warn

openapi-check: install
	@$(BRUG) spectacular --lang en --file $(VENV)/openapi.check.yaml --validate --fail-on-warn
	@diff -u docs/openapi.yaml $(VENV)/openapi.check.yaml > /dev/null || \
	  (echo "docs/openapi.yaml is out of date: run 'make openapi'"; diff -u docs/openapi.yaml $(VENV)/openapi.check.yaml | head -40; exit 1)
	@echo "docs/openapi.yaml is current."

## make i18n-convert: convert bilingual pairs left in the code (e.g. from a merged branch) to
## gettext, add their Dutch text to the catalogue, run makemessages and compilemessages.
i18n-convert: install
	$(BIN)/python tools/i18n_codemod.py

## make i18n-check: the translation check that `make lint` runs.
i18n-check: install
	$(BIN)/python tools/i18n_check.py

## make i18n-merge: resolve a merge conflict in the catalogues as the union of both sides
## (first side wins on a clash), then convert and refresh. See src/brug/locale/README.md.
i18n-merge: install
	bash tools/i18n_merge.sh
	$(BIN)/python tools/i18n_codemod.py

docs: install
	$(BRUG) permissions-doc
	$(MAKE) --no-print-directory openapi

## Production settings must pass Django's deployment checks with no warnings.
deploy-check: install
	@DJANGO_SETTINGS_MODULE=brug.config.settings_production \
	  SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  ALLOWED_HOSTS=brug.example.org BRUG_VAR_DIR=$(VENV)/deploy-check \
	  $(BRUG) check --deploy --fail-level WARNING

## make migrations-check: every migration forward, back and forward on a fresh SQLite database
## (and on PostgreSQL with MIGRATIONS_DB=postgres://user@host:port/scratch_database; it is recreated).
migrations-check: install
	bash .ci/migrations $(or $(MIGRATIONS_DB),sqlite)

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var
