#!/usr/bin/env bash
# npm run fleet: Berth as a fleet of separate processes on this machine.
#
#   fleet.sh start    two API replicas behind nginx on :$FLEET_PORT, two projectors (each one
#                     takes over at once if the other stops: every batch takes the projection
#                     lock), and $FLEET_HOSTS compute hosts, each in its own network namespace
#                     with its own dockerd (data root, exec root, socket, bridge, iptables).
#   fleet.sh stop     stops every process, engine and namespace it started (containers stop with
#                     their engine; their data stays in the engines' data roots).
#   fleet.sh status   what is running.
#   fleet.sh purge    stop, then delete the engines' data roots and the fleet's database.
#
# Settings (environment): FLEET_ID (fleet), FLEET_PORT (9517), FLEET_HOSTS (3),
# FLEET_API_PORTS ("9611 9612"), FLEET_PROJECTOR_OPS_PORTS ("9102 9103"), FLEET_SUBNET (10.88.0),
# FLEET_DB (berth_fleet).
# Everything it writes is under .berth/fleet-$FLEET_ID: logs, pids, nginx.conf, openrc.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ID="${FLEET_ID:-fleet}"
PORT="${FLEET_PORT:-9517}"
HOSTS="${FLEET_HOSTS:-3}"
read -r -a API_PORTS <<<"${FLEET_API_PORTS:-9611 9612}"
read -r -a PROJECTOR_PORTS <<<"${FLEET_PROJECTOR_OPS_PORTS:-9102 9103}"
SUBNET="${FLEET_SUBNET:-10.88.0}"
DB="${FLEET_DB:-berth_fleet}"
STATE="$ROOT/.berth/fleet-$ID"
RUN="/run/berth-$ID"
DATA="/var/lib/berth-$ID"
BRIDGE="bf-$ID"
PG_PORT="${BERTH_PG_PORT:-55432}"
TEST_IMAGE="127.0.0.1:5000/berth-test/busybox:latest"

log() { echo "[fleet] $*"; }

# shellcheck source=lib/wait-for.sh
source "$ROOT/scripts/lib/wait-for.sh"
WAIT_FOR_HINT=" (logs: $STATE)"

ns() { echo "berth-$ID-h$1"; }
socket() { echo "$RUN/h$1/docker.sock"; }

# Starts a process in the background (in a namespace when $1 is not "-"), its pid in $STATE.
spawn() { # spawn <netns|-> <name> <command...>
  local netns="$1" name="$2"
  shift 2
  if [ "$netns" = "-" ]; then
    setsid "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  else
    # nsenter, not `ip netns exec`: that one also remounts /sys, hiding the cgroup mounts
    # dockerd needs.
    setsid nsenter --net="/run/netns/$netns" "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  fi
  echo $! >"$STATE/$name.pid"
}

alive() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

# --- start --------------------------------------------------------------------------------
network_up() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  for i in $(seq 1 "$HOSTS"); do
    local n veth="bf$ID$i"
    n="$(ns "$i")"
    veth="${veth:0:12}"
    ip netns list | grep -qw "$n" || ip netns add "$n"
    if ! ip link show "$veth-h" >/dev/null 2>&1; then
      ip link add "$veth-h" type veth peer name eth0 netns "$n"
      ip link set "$veth-h" master "$BRIDGE" up
      ip -n "$n" addr add "$SUBNET.$((10 + i))/24" dev eth0
    fi
    ip -n "$n" link set lo up
    ip -n "$n" link set eth0 up
    ip -n "$n" route replace default via "$SUBNET.1"
  done
}

engine_up() { # engine_up <i>
  local i="$1" n sock
  n="$(ns "$i")"
  sock="$(socket "$i")"
  mkdir -p "$RUN/h$i" "$DATA/h$i"
  if ! docker -H "unix://$sock" info >/dev/null 2>&1; then
    log "starting dockerd of h$i in $n"
    # Its own everything: the namespace gives it its own docker0 and iptables; the cgroup
    # parent keeps its containers' cgroups apart from the machine's own engine.
    spawn "$n" "dockerd-h$i" dockerd --host "unix://$sock" --data-root "$DATA/h$i" \
      --exec-root "$RUN/h$i/exec" --pidfile "$RUN/h$i/dockerd.pid" \
      --cgroup-parent "berth-$ID-h$i" --bip "172.$((20 + i)).0.1/24"
    wait_for "dockerd of h$i" 60 docker -H "unix://$sock" info
  fi
  if ! docker -H "unix://$sock" image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
    # Loaded, not pulled: the registry listens on the machine's loopback, not in the namespace.
    docker save "$TEST_IMAGE" | docker -H "unix://$sock" load -q >/dev/null
  fi
}

database_up() {
  if [ -z "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$DB'")" ]; then
    log "creating database $DB"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $DB" >/dev/null
  fi
}

# Computes live in their namespaces, where the machine's loopback is not: they reach
# PostgreSQL through its Unix socket, which a namespace does not hide.
DB_TCP="postgres://postgres@127.0.0.1:$PG_PORT/$DB"
DB_SOCKET="postgres://postgres@/$DB?host=/tmp&port=$PG_PORT"

start_processes() {
  local common=(env "DATABASE_URL=$DB_TCP" "BERTH_STATE_DIR=$STATE" "BERTH_LOG_FORMAT=json")
  for i in "${!API_PORTS[@]}"; do
    local p="${API_PORTS[$i]}"
    alive "api-$((i + 1))" && continue
    log "starting API replica $((i + 1)) on 127.0.0.1:$p"
    spawn - "api-$((i + 1))" "${common[@]}" BERTH_HOST=127.0.0.1 "BERTH_PORT=$p" \
      "BERTH_PUBLIC_URL=http://127.0.0.1:$PORT" node "$ROOT/dist/apps/api/src/main.js"
  done
  for j in 1 2; do
    alive "projector-$j" && continue
    log "starting projector $j"
    spawn - "projector-$j" "${common[@]}" "BERTH_PROJECTOR_OPS_PORT=${PROJECTOR_PORTS[$((j - 1))]}" \
      node "$ROOT/dist/apps/projector/src/main.js"
  done
  for i in $(seq 1 "$HOSTS"); do
    alive "compute-h$i" && continue
    log "starting compute h$i in $(ns "$i") ($SUBNET.$((10 + i)))"
    spawn "$(ns "$i")" "compute-h$i" env "DATABASE_URL=$DB_SOCKET" "BERTH_STATE_DIR=$STATE" \
      BERTH_LOG_FORMAT=json "BERTH_COMPUTE_HOST=$ID-h$i" "DOCKER_HOST=unix://$(socket "$i")" \
      "BERTH_ADVERTISED_DOCKER_HOST=unix://$(socket "$i")" \
      node "$ROOT/dist/apps/compute/src/main.js"
  done
}

proxy_up() {
  local upstreams=""
  for p in "${API_PORTS[@]}"; do upstreams+="    server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'; done
  mkdir -p "$STATE/nginx"
  cat >"$STATE/nginx.conf" <<EOF
# Written by scripts/fleet.sh: one address in front of the API replicas.
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $STATE/nginx/body;
  proxy_temp_path $STATE/nginx/proxy;
  fastcgi_temp_path $STATE/nginx/fastcgi;
  uwsgi_temp_path $STATE/nginx/uwsgi;
  scgi_temp_path $STATE/nginx/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream berth_api {
$upstreams  }
  server {
    listen 127.0.0.1:$PORT;
    # Berth enforces its own body limits; nginx must not refuse first or buffer archives.
    client_max_body_size 0;
    proxy_request_buffering off;
    proxy_buffering off;
    location / {
      proxy_pass http://berth_api;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_read_timeout 1h;
      # A replica that refuses the connection never saw the request: the other one takes it.
      proxy_next_upstream error timeout;
    }
  }
}
EOF
  if [ -f "$STATE/nginx.pid" ] && kill -0 "$(cat "$STATE/nginx.pid")" 2>/dev/null; then
    nginx -c "$STATE/nginx.conf" -s reload
  else
    log "starting nginx on 127.0.0.1:$PORT"
    nginx -c "$STATE/nginx.conf"
  fi
}

install_nginx() {
  log "installing nginx"
  # Installed, not started: the fleet runs its own nginx with its own configuration.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  [ "$created" = 1 ] && rm -f "$policy"
  return 0
}

start() {
  # FLEET_SKIP_PROVISION=1: the caller (the fleet's e2e suite) has provisioned and built.
  [ "${FLEET_SKIP_PROVISION:-0}" = 1 ] || bash "$ROOT/scripts/provision.sh"
  command -v nginx >/dev/null || install_nginx
  mkdir -p "$STATE" "$RUN"
  database_up
  network_up
  for i in $(seq 1 "$HOSTS"); do engine_up "$i"; done
  start_processes
  for i in "${!API_PORTS[@]}"; do
    wait_for "API replica $((i + 1))" 90 http_ok "http://127.0.0.1:${API_PORTS[$i]}/healthz"
  done
  proxy_up
  wait_for "every compute's heartbeat" 90 http_ok "http://127.0.0.1:$PORT/readyz"
  log "ready: http://127.0.0.1:$PORT (admin credentials: source $STATE/openrc)"
}

# --- stop ---------------------------------------------------------------------------------
stop_pid() { # stop_pid <name>: SIGTERM, then SIGKILL after 15 s
  local file="$STATE/$1.pid"
  [ -f "$file" ] || return 0
  local pid
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  [ -f "$STATE/nginx.pid" ] && nginx -c "$STATE/nginx.conf" -s quit 2>/dev/null || true
  for f in "$STATE"/api-*.pid "$STATE"/projector-*.pid "$STATE"/compute-*.pid; do
    [ -e "$f" ] && stop_pid "$(basename "$f" .pid)"
  done
  for f in "$STATE"/dockerd-*.pid; do
    [ -e "$f" ] && stop_pid "$(basename "$f" .pid)"
  done
  for i in $(seq 1 "$HOSTS"); do
    ip netns del "$(ns "$i")" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  log "stopped"
}

purge() {
  stop
  rm -rf "$DATA" "$RUN"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "drop database if exists $DB with (force)" >/dev/null || true
  log "purged"
}

status() {
  for f in "$STATE"/*.pid; do
    [ -e "$f" ] || continue
    local name
    name="$(basename "$f" .pid)"
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$name: running"; else echo "$name: stopped"; fi
  done
  curl -s --max-time 2 "http://127.0.0.1:$PORT/readyz" && echo || echo "proxy: not answering"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  purge) purge ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status|purge" >&2
    exit 2
    ;;
esac
