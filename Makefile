# The README's two commands: `make run` (server on SQLite with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev install-mysql migrate lint bench-auth bench-redaction bench-cluster

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

install-mysql: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-mysql.txt

migrate:
	$(BIN)/python manage.py migrate --noinput

run: install migrate
	$(BIN)/python manage.py seed_demo
	@echo "Admin: http://$(HOST):$(PORT)/admin/  API docs: http://$(HOST):$(PORT)/api/docs/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# A mysql:// DATABASE_URL also installs the MariaDB driver.
test: install-dev
	@case "$$DATABASE_URL" in mysql://*) $(MAKE) --no-print-directory install-mysql;; esac
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .

bench-auth: install-dev
	$(BIN)/python bench/auth_me_bench.py

bench-redaction: install-dev
	$(BIN)/python bench/redaction_bench.py

# Three Galera nodes, HAProxy and two app servers on 127.0.0.1; the writer killed under
# load (needs mariadb-server, galera-4, haproxy, rsync; run as root).
bench-cluster: install-dev install-mysql
	$(BIN)/python bench/cluster/scale_test.py
