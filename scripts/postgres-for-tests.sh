# Sourced by scripts/test: starts a throwaway PostgreSQL server on 127.0.0.1 when the Debian
# packages are installed, and exports TEST_POSTGRES_URL so the suites also run against it.
# Nothing is started (and the suites run on SQLite only) when PostgreSQL is not installed; a
# TEST_POSTGRES_URL already set (a server of your own) is used as it is.
start_test_postgres() {
  local bin
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    echo "PostgreSQL for the tests: the server of TEST_POSTGRES_URL"
    return 0
  fi
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL is not installed: the suites run on SQLite only (apt-get install postgresql)."
    return 0
  fi
  PG_TEST_DIR="$(mktemp -d /tmp/gymnastics-pg.XXXXXX)"
  local port
  # A port that is free right now (a random one could be taken).
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  local as=()
  if [ "$(id -u)" = "0" ]; then  # initdb refuses to run as root
    chown postgres "$PG_TEST_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -A trust -U postgres >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c max_connections=300" >/dev/null
  PG_TEST_STOP=("${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop)
  export TEST_POSTGRES_URL="postgresql+asyncpg://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL for the tests: 127.0.0.1:$port"
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ]; then
    "${PG_TEST_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
