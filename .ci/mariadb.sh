#!/usr/bin/env bash
# Start/stop a throwaway MariaDB server on 127.0.0.1 for the test suite.
# `start` writes var/ci-mariadb.env with a DATABASE_URL whose password is generated here.
# MARIADB_BUFFER_POOL sets the InnoDB buffer pool (default 256M; benchmarks use more).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="${MSP_CI_MARIADB_DIR:-/tmp/msp-ci-mariadb}"
PORT="${MSP_CI_MARIADB_PORT:-3307}"
SOCK="$ROOT/mysqld.sock"

case "${1:-}" in
start)
    if [ -S "$SOCK" ] && mariadb-admin --socket="$SOCK" ping >/dev/null 2>&1; then
        echo "MariaDB already running on $SOCK"
    else
        rm -rf "$ROOT"
        mkdir -p "$ROOT/data"
        chown -R mysql:mysql "$ROOT"
        mariadb-install-db --user=mysql --datadir="$ROOT/data" \
            --auth-root-authentication-method=socket >"$ROOT/install.log" 2>&1
        # Durability is traded for speed: this server holds nothing but test data.
        mariadbd --user=mysql --datadir="$ROOT/data" --socket="$SOCK" --port="$PORT" \
            --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$ROOT/mysqld.pid" \
            --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size="${MARIADB_BUFFER_POOL:-256M}" \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
            --log-error="$ROOT/error.log" >>"$ROOT/server.out" 2>&1 &
        for _ in $(seq 1 60); do
            mariadb-admin --socket="$SOCK" ping >/dev/null 2>&1 && break
            sleep 1
        done
        mariadb-admin --socket="$SOCK" ping >/dev/null
        # Time-zone tables, so that CONVERT_TZ works for per-client time zones.
        mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null | mariadb --socket="$SOCK" mysql
    fi
    PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    mariadb --socket="$SOCK" <<SQL
CREATE USER IF NOT EXISTS 'msp'@'127.0.0.1';
ALTER USER 'msp'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'msp'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS msp CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
    mkdir -p var
    umask 077
    echo "export DATABASE_URL=mysql://msp:$PASSWORD@127.0.0.1:$PORT/msp" >var/ci-mariadb.env
    echo "MariaDB ready on 127.0.0.1:$PORT"
    ;;
stop)
    if [ -f "$ROOT/mysqld.pid" ]; then
        kill "$(cat "$ROOT/mysqld.pid")" 2>/dev/null || true
        for _ in $(seq 1 30); do [ -f "$ROOT/mysqld.pid" ] || break; sleep 1; done
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
