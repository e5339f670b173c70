#!/usr/bin/env bash
# Installs (from Debian packages, when missing) the servers the integration tests need and the browser the portal tests
# drive (chromium, chromium-driver), the standard SOAP client the WSDL test imports the WSDL with (python3-zeep),
# Node.js and npm for the OpenAPI linter (npm ci in tools/openapi-lint, when its node_modules are not up to date),
# and starts the servers on loopback only,
# with their data in a folder this script owns:
#   PostgreSQL 15 on 127.0.0.1:${GATEWAY_PG_PORT:-23432}   (database "gateway", user "gateway", no password: trust on loopback)
#   RabbitMQ   on 127.0.0.1:${GATEWAY_RABBIT_PORT:-23672}  (user guest/guest, virtual host gateway-tests made anew on each start)
# Every port is below 32768, out of Linux's range for outgoing connections and port-0 listeners (32768-60999): a port in
# that range can be held by any client socket of the tests at the moment a server (re)starts.
# Usage: scripts/test-servers.sh start|stop|status|restart-postgres|restart-rabbitmq
# The fault suite runs a second, private pair with GATEWAY_TEST_SERVERS_DIR, GATEWAY_PG_PORT, GATEWAY_RABBIT_PORT,
# GATEWAY_EPMD_PORT and GATEWAY_RABBIT_NODE set, and restarts it (restart-* keep the data and the virtual host).
set -euo pipefail

STATE=${GATEWAY_TEST_SERVERS_DIR:-/tmp/gateway-test-servers}
LINT_TOOL="$(cd "$(dirname "$0")/.." && pwd)/tools/openapi-lint"
PG_PORT=${GATEWAY_PG_PORT:-23432}
RABBIT_PORT=${GATEWAY_RABBIT_PORT:-23672}
RABBIT_DIST_PORT=$((RABBIT_PORT + 2))
EPMD_PORT=${GATEWAY_EPMD_PORT:-23369}
PG_BIN=/usr/lib/postgresql/15/bin

say() { printf '[test-servers] %s\n' "$*"; }

install_packages() {
  local missing=()
  [ -x "$PG_BIN/pg_ctl" ] || missing+=(postgresql-15 postgresql-client-15)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  # The portal's browser tests drive Debian's headless Chromium through its ChromeDriver.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  # A CJK font, so the portal's screenshots show Chinese text rather than empty boxes.
  [ -d /usr/share/fonts/truetype/wqy ] || missing+=(fonts-wqy-zenhei)
  # zeep, a standard SOAP client, proves the published WSDL imports and its requests are taken.
  /usr/bin/python3 -c 'import zeep' 2>/dev/null || missing+=(python3-zeep)
  # Legacy Java SOAP peers for the interop tests: Apache WSS4J 1.6 on Java 17, compiled with javac at test time.
  [ -x /usr/bin/javac ] || missing+=(openjdk-17-jdk-headless)
  [ -f /usr/share/java/wss4j.jar ] || missing+=(libwss4j-java)
  [ -f /usr/share/java/xmlsec.jar ] || missing+=(libxml-security-java)
  [ -f /usr/share/java/slf4j-nop.jar ] || missing+=(libslf4j-java)
  [ -f /usr/share/java/commons-logging.jar ] || missing+=(libcommons-logging-java)
  # The OpenAPI linter (npm's @redocly/cli) runs on Node.js.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Keep the packages' own service scripts from starting system-wide servers: ours run from $STATE.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rm -f /usr/sbin/policy-rc.d
  fi
}

# The linter the API document test runs, at the versions tools/openapi-lint/package-lock.json pins. npm writes
# node_modules/.package-lock.json when it installs: newer than the lock file, the installation is up to date.
install_openapi_lint() {
  local installed="$LINT_TOOL/node_modules/.package-lock.json"
  if [ -f "$installed" ] && [ "$installed" -nt "$LINT_TOOL/package-lock.json" ] && [ -x "$LINT_TOOL/node_modules/.bin/redocly" ]; then return; fi
  say "installing the OpenAPI linter (npm ci in tools/openapi-lint)"
  (cd "$LINT_TOOL" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { say "npm ci failed in $LINT_TOOL"; exit 1; }
}

pg_running() { "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null; }

start_pg() {
  if pg_running; then say "PostgreSQL already answers on 127.0.0.1:$PG_PORT"; return; fi
  mkdir -p "$STATE"
  chmod 755 "$STATE"
  local data="$STATE/pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "creating PostgreSQL cluster in $data"
    rm -rf "$data"; mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"
    su postgres -s /bin/sh -c "$PG_BIN/initdb -D '$data' -U gateway -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$data' -l '$data/server.log' -w -t 60 -o \"-p $PG_PORT -c listen_addresses=127.0.0.1 -k '$data' -c max_connections=300 -c fsync=on\" start" >/dev/null
  for _ in $(seq 1 60); do pg_running && break; sleep 0.5; done
  pg_running || { say "PostgreSQL did not start; see $data/server.log"; tail -20 "$data/server.log"; exit 1; }
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U gateway -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='gateway'" | grep -q 1 \
    || "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U gateway -d postgres -qc "CREATE DATABASE gateway" >/dev/null
}

rabbit_env() {
  export HOME="$STATE/rabbitmq"
  export RABBITMQ_HOME=/usr/lib/rabbitmq
  export RABBITMQ_NODENAME=${GATEWAY_RABBIT_NODE:-gateway}@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$RABBIT_PORT
  export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT=$EPMD_PORT
  export RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia"
  export RABBITMQ_LOG_BASE="$STATE/rabbitmq/log"
  export RABBITMQ_PID_FILE="$STATE/rabbitmq/rabbit.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/rabbitmq/enabled_plugins"
  # A crashed Erlang VM (a broker killed mid-start, rabbitmqctl losing its node) writes its dump here, not into the working folder.
  export ERL_CRASH_DUMP="$STATE/rabbitmq/erl_crash.dump"
  export RABBITMQ_CONFIG_FILE="$STATE/rabbitmq/rabbitmq"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$STATE/rabbitmq/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$STATE/rabbitmq/rabbitmq-env.conf"
}

rabbit_running() { (rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -q status >/dev/null 2>&1); }

start_rabbit() {
  mkdir -p "$STATE/rabbitmq/log" "$STATE/rabbitmq/mnesia"
  rabbit_env
  [ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ] || echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  # Erlang distribution (used by rabbitmqctl) on loopback too.
  echo '[{kernel, [{inet_dist_use_interface, {127,0,0,1}}]}].' > "$RABBITMQ_ADVANCED_CONFIG_FILE"
  [ -f "$RABBITMQ_CONF_ENV_FILE" ] || : > "$RABBITMQ_CONF_ENV_FILE"
  # guest may log in from loopback only, which is where the tests connect from.
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\nlog.file.level = warning\n' "$RABBIT_PORT" > "$STATE/rabbitmq/rabbitmq.conf"
  [ -f "$HOME/.erlang.cookie" ] || { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HOME/.erlang.cookie"; chmod 400 "$HOME/.erlang.cookie"; }
  if rabbit_running; then say "RabbitMQ already answers on 127.0.0.1:$RABBIT_PORT"; return; fi
  say "starting RabbitMQ on 127.0.0.1:$RABBIT_PORT (data in $STATE/rabbitmq)"
  /usr/lib/rabbitmq/bin/rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do
    /usr/lib/rabbitmq/bin/rabbitmqctl -q await_startup >/dev/null 2>&1 && break
    sleep 1
  done
  rabbit_running || { say "RabbitMQ did not start; log follows"; tail -30 "$RABBITMQ_LOG_BASE"/*.log 2>/dev/null; exit 1; }
}

# A fresh virtual host for every test run, so queues left by an earlier run never see this run's messages.
reset_test_vhost() {
  rabbit_env
  /usr/lib/rabbitmq/bin/rabbitmqctl -q delete_vhost gateway-tests >/dev/null 2>&1 || true
  /usr/lib/rabbitmq/bin/rabbitmqctl -q add_vhost gateway-tests >/dev/null
  /usr/lib/rabbitmq/bin/rabbitmqctl -q set_permissions -p gateway-tests guest '.*' '.*' '.*' >/dev/null
}

stop_all() {
  [ -f "$STATE/pg/PG_VERSION" ] && su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$STATE/pg' -m fast stop" >/dev/null 2>&1 || true
  (rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -q stop >/dev/null 2>&1) || true
  say "stopped"
}

case "${1:-start}" in
  start)
    install_packages
    install_openapi_lint
    start_pg
    start_rabbit
    reset_test_vhost
    say "ready: PostgreSQL 127.0.0.1:$PG_PORT, RabbitMQ 127.0.0.1:$RABBIT_PORT"
    ;;
  stop) stop_all ;;
  restart-postgres)
    say "restarting PostgreSQL on 127.0.0.1:$PG_PORT"
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$STATE/pg' -m fast -w stop" >/dev/null
    start_pg
    say "PostgreSQL back"
    ;;
  restart-rabbitmq)
    say "restarting RabbitMQ on 127.0.0.1:$RABBIT_PORT"
    (rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -q stop >/dev/null 2>&1) || true
    for _ in $(seq 1 60); do rabbit_running || break; sleep 0.5; done
    start_rabbit
    say "RabbitMQ back"
    ;;
  status)
    pg_running && say "PostgreSQL up on $PG_PORT" || say "PostgreSQL down"
    rabbit_running && say "RabbitMQ up on $RABBIT_PORT" || say "RabbitMQ down"
    ;;
  *) echo "usage: $0 start|stop|status|restart-postgres|restart-rabbitmq" >&2; exit 2 ;;
esac
