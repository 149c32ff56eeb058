#!/usr/bin/env bash
# The native local stack on a Debian machine (run as root):
#   deploy/local.sh up            install and start RabbitMQ, Redis, PostgreSQL; build; start the three services
#   deploy/local.sh down [all]    stop the three services (with "all", the servers too)
#   deploy/local.sh restart       down, then up (picks up new code)
#   deploy/local.sh status        each process and server: running, port, healthy
#   deploy/local.sh logs SERVICE  the last lines of router, delivery or logging (-f to follow)
#   deploy/local.sh test          make sure the servers are up, run the whole test suite
#   deploy/local.sh bench [opts]  up, then the end-to-end benchmark (--messages N --concurrency C --ingest-seconds S ...)
#   deploy/local.sh stop SERVICE  stop one service (up starts it again)
#   deploy/local.sh chaos [--short]  up, then real faults under load (PostgreSQL, RabbitMQ, Redis, kills, poison input)
#   deploy/local.sh profile [SECONDS]  a benchmark run, with perf sampling every process's CPU during its end-to-end phase
# Ports, users and databases match docker-compose.yml; override with the variables below.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${AGGREGATOR_STATE_DIR:-$REPO/.state}"
CONFIGURATION="${AGGREGATOR_CONFIGURATION:-Release}"
DB_USER="${AGGREGATOR_DB_USER:-aggregator}"
DB_PASSWORD="${AGGREGATOR_DB_PASSWORD:-aggregator}"
MQ_USER="${AGGREGATOR_MQ_USER:-aggregator}"
MQ_PASSWORD="${AGGREGATOR_MQ_PASSWORD:-aggregator}"
HEALTH_TIMEOUT="${AGGREGATOR_HEALTH_TIMEOUT:-90}"
# The benchmark and the chaos suite steer the simulated providers (fail-times:N); false turns that off.
SIMULATION_DIRECTIVES="${AGGREGATOR_SIMULATION_DIRECTIVES:-true}"
DATABASES=(aggregator_delivery aggregator_logging)
SERVICES=(router delivery logging)
PACKAGES=(rabbitmq-server redis-server postgresql postgresql-contrib curl chromium)

declare -A PROJECT=([router]=Aggregator.Router [delivery]=Aggregator.Delivery [logging]=Aggregator.Logging)
declare -A PORT=([router]=3000 [delivery]=3001 [logging]=4000)

say() { printf '%s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- servers -----------------------------------------------------------------

install_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || fail "installing ${missing[*]} needs root"
  say "Installing ${missing[*]} from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

postgres_cluster() { pg_lsclusters --no-header | awk 'NR==1 { print $1, $2 }'; }

start_postgres() {
  if [ -z "$(postgres_cluster)" ]; then
    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    pg_createcluster "$version" main >/dev/null
  fi
  read -r version cluster <<<"$(postgres_cluster)"
  if ! pg_isready -q -h localhost -p 5432; then
    say "Starting PostgreSQL $version/$cluster..."
    pg_ctlcluster "$version" "$cluster" start
  fi
  wait_for "PostgreSQL" 30 pg_isready -q -h localhost -p 5432
  # Two Delivery services of 48 connections each (the scale-out spec), the Logging service and the benchmark's own
  # 48-connection probe outgrow the default 100 slots; 300 idle slots cost a few MB.
  if [ "$(psql_admin "SHOW max_connections")" -lt 300 ]; then
    say "Raising PostgreSQL max_connections to 300 (restart)..."
    psql_admin "ALTER SYSTEM SET max_connections = 300" >/dev/null
    pg_ctlcluster "$version" "$cluster" restart
    wait_for "PostgreSQL" 30 pg_isready -q -h localhost -p 5432
  fi
}

start_redis() {
  if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
    say "Starting Redis..."
    service redis-server start >/dev/null 2>&1 || redis-server --daemonize yes --port 6379 >/dev/null
  fi
  wait_for "Redis" 30 redis-cli -p 6379 ping
}

# The shovel plugins give the management UI its "Move messages" (README: moving a dead-lettered message back).
RABBITMQ_PLUGINS=(rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management)

start_rabbitmq() {
  rabbitmq-plugins enable --offline "${RABBITMQ_PLUGINS[@]}" >/dev/null
  if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    say "Starting RabbitMQ..."
    service rabbitmq-server start >/dev/null 2>&1 || rabbitmq-server -detached
  fi
  wait_for "RabbitMQ" 90 rabbitmq-diagnostics -q ping
  rabbitmqctl -q await_startup >/dev/null
  # A broker that was already running picks up plugins enabled offline only at its next start.
  rabbitmq-plugins -q enable "${RABBITMQ_PLUGINS[@]}" >/dev/null
  wait_for "RabbitMQ management" 60 curl -fsS -o /dev/null -u "guest:guest" http://localhost:15672/api/overview
}

create_rabbitmq_user() {
  if ! rabbitmqctl -q list_users | awk '{ print $1 }' | grep -qx "$MQ_USER"; then
    rabbitmqctl -q add_user "$MQ_USER" "$MQ_PASSWORD" >/dev/null
  fi
  # The tests create a virtual host per run through the management API, hence administrator.
  rabbitmqctl -q set_user_tags "$MQ_USER" administrator >/dev/null
  rabbitmqctl -q set_permissions -p / "$MQ_USER" ".*" ".*" ".*" >/dev/null
}

# As the postgres superuser over the local socket (peer authentication), not over TCP.
psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtAX -p 5432 -d postgres <<<"$1"; }

create_databases() {
  # CREATEDB: each test run makes a database of its own and drops it afterwards.
  if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    psql_admin "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
  fi
  for database in "${DATABASES[@]}"; do
    if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
      psql_admin "CREATE DATABASE $database OWNER $DB_USER"
    fi
  done
}

servers_up() {
  install_packages "${PACKAGES[@]}"
  start_postgres
  start_redis
  start_rabbitmq
  create_rabbitmq_user
  create_databases
}

servers_down() {
  service rabbitmq-server stop >/dev/null 2>&1 || rabbitmqctl -q stop >/dev/null 2>&1 || true
  redis-cli -p 6379 shutdown >/dev/null 2>&1 || true
  if [ -n "$(postgres_cluster)" ]; then
    read -r version cluster <<<"$(postgres_cluster)"
    pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true
  fi
}

# --- services ----------------------------------------------------------------

build() {
  say "Building the solution ($CONFIGURATION)..."
  if ! (cd "$REPO" && dotnet build Aggregator.sln -c "$CONFIGURATION" -nologo >"$STATE/logs/build.log" 2>&1); then
    grep -E "error|Error" "$STATE/logs/build.log" | sort -u >&2 || true
    fail "build failed; the full output is $STATE/logs/build.log"
  fi
}

pid_of() { local file="$STATE/$1.pid"; [ -f "$file" ] && cat "$file"; }
running() { local pid; pid="$(pid_of "$1")" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
healthy() { curl -fs -o /dev/null --max-time 5 "http://localhost:${PORT[$1]}/health"; }

start_service() {
  local service="$1" project="${PROJECT[$1]}"
  if running "$service"; then
    say "$service already running (pid $(pid_of "$service"))"
    return
  fi
  local output="$REPO/$project/bin/$CONFIGURATION/net10.0"
  [ -f "$output/$project.dll" ] || fail "$output/$project.dll is missing; the build did not produce it"
  say "Starting $service on port ${PORT[$service]}..."
  # exec keeps one pid from the subshell to dotnet; no descriptor of ours stays open in the child.
  # Locally, clients may steer Delivery's simulated providers (metadata.simulate); it is off everywhere else.
  local directives=()
  [ "$service" = delivery ] && directives=("Simulation__AllowDirectives=$SIMULATION_DIRECTIVES")
  (cd "$output" && exec env "${directives[@]}" nohup dotnet "$project.dll") >>"$STATE/logs/$service.log" 2>&1 </dev/null &
  echo $! >"$STATE/$service.pid"
}

wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what did not become ready within ${seconds}s"
    sleep 0.5
  done
}

wait_healthy() {
  local service="$1" deadline=$((SECONDS + HEALTH_TIMEOUT))
  until healthy "$service"; do
    if ! running "$service"; then
      tail -n 30 "$STATE/logs/$service.log" >&2 || true
      fail "$service exited during start-up; its log is $STATE/logs/$service.log"
    fi
    if [ $SECONDS -ge $deadline ]; then
      curl -sS --max-time 5 "http://localhost:${PORT[$service]}/health" >&2 || true
      fail "$service did not answer /health with 200 within ${HEALTH_TIMEOUT}s; its log is $STATE/logs/$service.log"
    fi
    sleep 0.5
  done
}

stop_service() {
  local service="$1" pid
  running "$service" || { rm -f "$STATE/$service.pid"; return; }
  pid="$(pid_of "$service")"
  say "Stopping $service (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$STATE/$service.pid"
}

# --- commands ----------------------------------------------------------------

up() {
  mkdir -p "$STATE/logs"
  servers_up
  build
  for service in "${SERVICES[@]}"; do start_service "$service"; done
  for service in "${SERVICES[@]}"; do wait_healthy "$service"; done
  say ""
  say "Aggregator is up:"
  say "  Router    http://localhost:3000   POST /api/v1/messages"
  say "  Delivery  http://localhost:3001   GET  /api/v1/messages/{messageId}"
  say "  API docs  http://localhost:3000/scalar/"
  say "  Logging   http://localhost:4000   trace page; GET /api/v1/traces/{traceId}"
  say "  RabbitMQ  http://localhost:15672  (management; user $MQ_USER)"
  say "  Logs and pid files: $STATE"
}

down() {
  for service in "${SERVICES[@]}"; do stop_service "$service"; done
  if [ "${1:-}" = "all" ]; then servers_down; fi
}

status() {
  printf '%-10s %-8s %-6s %s\n' NAME RUNNING PORT HEALTHY
  for service in "${SERVICES[@]}"; do
    local run=no health=no
    running "$service" && run="yes"
    healthy "$service" 2>/dev/null && health=yes
    printf '%-10s %-8s %-6s %s\n' "$service" "$run" "${PORT[$service]}" "$health"
  done
  local pg=no redis=no mq=no
  pg_isready -q -h localhost -p 5432 2>/dev/null && pg=yes
  redis-cli -p 6379 ping >/dev/null 2>&1 && redis=yes
  rabbitmq-diagnostics -q ping >/dev/null 2>&1 && mq=yes
  printf '%-10s %-8s %-6s %s\n' postgresql "$pg" 5432 "$pg" redis "$redis" 6379 "$redis" rabbitmq "$mq" 5672 "$mq"
}

logs() {
  local service="${1:-}"
  [ -n "${PROJECT[$service]:-}" ] || fail "usage: deploy/local.sh logs router|delivery|logging [-f]"
  if [ "${2:-}" = "-f" ]; then tail -n 100 -F "$STATE/logs/$service.log"; else tail -n 200 "$STATE/logs/$service.log"; fi
}

run_tests() {
  mkdir -p "$STATE/logs"
  servers_up
  build
  local results="$STATE/test-results"
  rm -rf "$results"
  set +e
  (cd "$REPO" && dotnet test Aggregator.Tests/Aggregator.Tests.csproj -c "$CONFIGURATION" --no-build \
    --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$results" "$@")
  local code=$?
  set -e
  "$REPO/deploy/test-summary.sh" "$results/results.trx" || code=1
  return $code
}

# The benchmark and the chaos suite run the services as users run them: behind an API key (one per machine, kept in
# the state directory, never in the repository) with every role, which the services' log shipping uses too.
use_bench_key() {
  local file="$STATE/bench-api-key" roles=(submit support redrive logs-write logs-read) i
  mkdir -p "$STATE"
  [ -s "$file" ] || (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
  AGGREGATOR_API_KEY="$(cat "$file")"
  export AGGREGATOR_API_KEY LogShipping__ApiKey="$AGGREGATOR_API_KEY" Security__ApiKeys__0__Name=benchmark
  Security__ApiKeys__0__Sha256="$(printf %s "$AGGREGATOR_API_KEY" | sha256sum | cut -d' ' -f1)"
  export Security__ApiKeys__0__Sha256
  for i in "${!roles[@]}"; do export "Security__ApiKeys__0__Roles__$i=${roles[$i]}"; done
}

run_bench() {
  # The benchmark measures capacity, not the per-client rate limit (5,000 msg/s, which batches reach): its Router runs
  # with the limit off. Services already running are restarted to take the settings and the key.
  export RateLimit__Enabled=false
  # Its webhook phase posts events to a receiver on the loopback, which the SSRF guard refuses by default.
  export Webhooks__AllowPrivateNetworks=true
  use_bench_key
  down >/dev/null
  up >/dev/null
  say "Benchmark against the running stack (report below; progress on stderr)..."
  (cd "$REPO" && dotnet run --project Aggregator.Benchmarks -c "$CONFIGURATION" --no-build -- \
    --state "$STATE" --local-script "$REPO/deploy/local.sh" --output "$REPO/bench-results/benchmark.json" "$@")
}

run_profile() {
  # The benchmark is the load; perf samples every process while it is on a CPU (waiting is not sampled) for SECONDS of
  # the end-to-end phase, once the warm-up has compiled the hot paths. The services write perf maps (and keep JIT code
  # out of the double mapping perf cannot read) so that .NET frames have names. Figures of this run are not comparable
  # with a plain one (sampling costs a little): they go to the profile's own folder.
  # The services keep these settings until the next restart (`deploy/local.sh restart`), like the benchmark's.
  local seconds="${1:-20}" out="$REPO/bench-results/profile"
  install_packages linux-perf xz-utils python3
  perf record -a -o /dev/null -- true 2>/dev/null || fail "perf cannot sample this machine (kernel.perf_event_paranoid, or a container)"
  rm -rf "$out"; mkdir -p "$out"
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  run_bench --messages 30000 --output "$out/benchmark.json" >"$out/bench.txt" 2>"$out/progress.txt" &
  local bench=$!
  # A failure of perf below stops this script; the benchmark must not go on alone.
  trap 'kill "$bench" 2>/dev/null || true' EXIT
  until grep -q "end to end: " "$out/progress.txt" 2>/dev/null; do
    kill -0 "$bench" 2>/dev/null || { cat "$out/progress.txt" >&2; return 1; }
    sleep 1
  done
  sleep 10
  local names=()
  for service in router delivery logging; do names+=("$service=$(cat "$STATE/$service.pid")"); done
  names+=("rabbitmq=$(pgrep -o beam.smp)")
  local client; client=$(pgrep -n -f "Aggregator.Benchmarks( |$)" || true)
  [ -n "$client" ] && names+=("benchmark=$client")
  names+=(--postgres)
  perf record -a -g -F 199 -o "$out/perf.data" -- sleep "$seconds" 2>"$out/perf.txt" || { cat "$out/perf.txt" >&2; fail "perf record failed"; }
  perf script -i "$out/perf.data" -F comm,pid,tid,ip,sym,dso 2>>"$out/perf.txt" | xz -T2 >"$out/all.perf.txt.xz"
  trap - EXIT
  wait "$bench" || say "The benchmark itself failed after the profile was taken: see $out/progress.txt"
  python3 "$REPO/deploy/perf-frames.py" "$out/all.perf.txt.xz" "${names[@]}" | tee "$out/top-frames.md"
  say "Profile: $out/all.perf.txt.xz (unxz it and open it in https://www.speedscope.app), summary $out/top-frames.md"
}

run_chaos() {
  use_bench_key
  down >/dev/null
  up >/dev/null
  say "Chaos against the running stack: servers are stopped, frozen and killed for real..."
  (cd "$REPO" && dotnet run --project Aggregator.Benchmarks -c "$CONFIGURATION" --no-build -- chaos \
    --state "$STATE" --local-script "$REPO/deploy/local.sh" "$@")
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  restart) down; up ;;
  status) status ;;
  logs) shift; logs "$@" ;;
  test) shift; run_tests "$@" ;;
  stop) shift; stop_service "${1:?usage: deploy/local.sh stop router|delivery|logging}" ;;
  bench) shift; run_bench "$@" ;;
  chaos) shift; run_chaos "$@" ;;
  profile) shift; run_profile "$@" ;;
  servers) mkdir -p "$STATE/logs"; servers_up ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
