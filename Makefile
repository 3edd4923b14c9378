# stranded: `make demo` serves the demo, `make test` runs every check. Both install what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/stranded
# Production-like settings for the deploy check (the secret is generated, never used).
DEPLOY_ENV := STRANDED_PRODUCTION=true DEBUG=false ALLOWED_HOSTS=stranded.example.org \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')

.PHONY: demo test setup catalogs messages fonts java chromium lint typecheck migrations deploycheck test-sqlite test-postgres \
	test-browser test-production deploytools postgres-up clean

demo: setup
	DEBUG=true $(BIN)/stranded demo

test: setup chromium deploytools lint typecheck migrations deploycheck test-sqlite test-postgres test-browser \
	test-production
	@echo "make test: all checks passed"

setup: java fonts $(VENV)/.installed catalogs

# The translations: src/stranded/locale/<lang>/LC_MESSAGES/django.po, compiled to .mo here (the
# .mo files are built, never committed: binary, derived, and a merge conflict on every change of
# a .po; compiling takes a second). An installation compiles them too (README, Dockerfile).
catalogs: $(VENV)/.installed
	$(BIN)/stranded compilemessages

# After changing marked text: every msgid of the templates and the Python code into the four
# catalogs (file names without line numbers: fewer conflicts between translators). README
# "Translating" says what comes next.
LANGS := en hy ru az
messages: $(VENV)/.installed
	$(BIN)/stranded makemessages $(foreach l,$(LANGS),-l $(l)) --domain django \
		--ignore='migrations/*' --ignore='static/*' --add-location=file
	$(BIN)/stranded compilemessages

# Noto Sans and Noto Sans Armenian for the PDF manifests and notifications (pages serve their
# own copies, core/static/stranded/fonts).
fonts:
	@test -f /usr/share/fonts/truetype/noto/NotoSansArmenian-Regular.ttf || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; }

# A Java runtime for pyspark (`--engine spark`, the spark tests): Debian's, when none is found.
java:
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	mkdir -p var
	touch $@

# Debian's chromium for the browser tests; Playwright never downloads a browser here. pdftotext
# (poppler-utils) reads the manifest PDF in tests/browser/test_languages.py.
chromium: fonts
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
		poppler-utils >/dev/null; }
	@chromium --version

# The tools that check deploy/ (tests/core/test_deploy_files.py): nginx, Caddy, docker-compose.
deploytools:
	@command -v nginx >/dev/null 2>&1 && command -v caddy >/dev/null 2>&1 && \
		command -v docker-compose >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		nginx-light caddy docker-compose openssl >/dev/null; }

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

migrations: setup
	$(BIN)/stranded makemigrations --check --dry-run

deploycheck: setup
	$(DEPLOY_ENV) $(BIN)/stranded check --deploy --fail-level WARNING

test-sqlite: setup
	$(BIN)/pytest -q -n 2 -m "not browser and not production"

postgres-up:
	@pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && exit 0; sleep 1; done; \
		echo "PostgreSQL is not reachable at 127.0.0.1:5432"; exit 1

# Mandatory in CI (CI=true); elsewhere skipped, with the reason printed, when no server is found.
test-postgres: setup
	@if $(MAKE) --no-print-directory postgres-up; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2 -m "not browser and not spark and not production"; \
	elif [ "$$CI" = "true" ]; then echo "CI=true: PostgreSQL is required"; exit 1; \
	else echo "SKIPPED test-postgres: no PostgreSQL at 127.0.0.1:5432"; fi

# README's "Running it for real" on a fresh venv: pip install . (not editable), migrate,
# collectstatic, check --deploy with STRANDED_PRODUCTION=true, gunicorn, every static file.
test-production: setup
	@if $(MAKE) --no-print-directory postgres-up; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:xdist -m production; \
	else $(BIN)/pytest -q -p no:xdist -m production; fi

test-browser: setup chromium
	$(BIN)/pytest -q -m browser -p no:xdist

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
