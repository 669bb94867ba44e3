#!/usr/bin/env bash
# Installs and starts what Berth needs on a fresh Debian 12 machine (root, no systemd).
# Idempotent: every step checks first and skips what is already there.
# Uses the caller's Docker (DOCKER_HOST) or PostgreSQL (DATABASE_URL) when given, installing neither.
# Usage: provision.sh [--for-tests]   (tests also need the zun CLI and tmux)
# Writes .berth/env, which start.sh and test.sh source.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.berth"
FOR_TESTS=0
[ "${1:-}" = "--for-tests" ] && FOR_TESTS=1

PG_PORT="${BERTH_PG_PORT:-55432}"
REGISTRY_ADDR="127.0.0.1:5000"
TEST_IMAGE="berth-test/busybox:latest"

mkdir -p "$STATE"
log() { echo "[provision] $*"; }

port_open() { (exec 3<>"/dev/tcp/${1}/${2}") 2>/dev/null; }

# shellcheck source=lib/wait-for.sh
source "$ROOT/scripts/lib/wait-for.sh"

APT_UPDATED=0
apt_install() { # installs only the packages that are missing
  local missing=()
  # `dpkg -s` also succeeds for a removed package whose config files remain: ask for the status.
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- Debian packages ----------------------------------------------------------------------
packages=(busybox-static docker-registry)
# iptables: the compute beside a local engine installs Berth's tenant firewall (docs/isolation.md).
[ -z "${DOCKER_HOST:-}" ] && packages+=(docker.io iptables)
[ -z "${DATABASE_URL:-}" ] && packages+=(postgresql-15)
# python3-openstackclient: the identity suites drive Keystones with `openstack`; keystone and
# uwsgi serve the real Keystone of the external-identity suite (scripts/keystone.sh).
[ "$FOR_TESTS" = 1 ] && packages+=(python3-zunclient python3-openstackclient tmux iproute2)
[ "$FOR_TESTS" = 1 ] && packages+=(keystone uwsgi uwsgi-plugin-python3)
# chromium: the web console's browser test drives Debian's Chromium with playwright-core
# (test/web-console.e2e.spec.ts); no browser is downloaded.
[ "$FOR_TESTS" = 1 ] && packages+=(chromium)
apt_install "${packages[@]}"

# --- Docker engine ------------------------------------------------------------------------
if [ -n "${DOCKER_HOST:-}" ]; then
  log "using Docker at $DOCKER_HOST"
elif docker info >/dev/null 2>&1; then
  log "Docker engine already running"
else
  log "starting dockerd"
  setsid dockerd >"$STATE/dockerd.log" 2>&1 </dev/null &
  wait_for dockerd 30 docker info
fi

# --- PostgreSQL ---------------------------------------------------------------------------
if [ -n "${DATABASE_URL:-}" ]; then
  log "using PostgreSQL at ${DATABASE_URL%%@*}@…"
else
  PG_BIN=/usr/lib/postgresql/15/bin
  PG_DIR="$STATE/postgres"
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  elif [ -f "$PG_DIR/data/PG_VERSION" ] &&
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    # Running but not answering yet (starting, or busy dropping a large database): a second
    # start would only fail on the lock file.
    wait_for "PostgreSQL" 60 pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
  else
    mkdir -p "$PG_DIR"
    chown postgres:postgres "$PG_DIR"
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
      log "initdb $PG_DIR/data"
      runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  fi
  if [ -z "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='berth'")" ]; then
    log "creating database berth"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database berth" >/dev/null
  fi
  DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/berth"
fi

# --- Local image registry -----------------------------------------------------------------
if port_open 127.0.0.1 5000; then
  log "registry already listening on $REGISTRY_ADDR"
else
  mkdir -p "$STATE/registry"
  cat >"$STATE/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
  log "starting docker-registry on $REGISTRY_ADDR"
  setsid docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 </dev/null &
  wait_for docker-registry 15 port_open 127.0.0.1 5000
fi

# --- Test image, built from Debian's static busybox (nothing is pulled) --------------------
if ! docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
  log "building $TEST_IMAGE from busybox-static"
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,root}
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
  tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$TEST_IMAGE" >/dev/null
  rm -rf "$rootfs"
fi
# Pushing an image the registry already holds only compares digests, so it is cheap to repeat.
docker tag "$TEST_IMAGE" "$REGISTRY_ADDR/$TEST_IMAGE"
docker push -q "$REGISTRY_ADDR/$TEST_IMAGE" >/dev/null

# --- Second Docker engine for multi-host tests (DESIGN.md: "Two Docker engines on one machine") ---
# Only when we run our own engine: a caller-given DOCKER_HOST says nothing about a second one.
DOCKER_B=""
if [ "$FOR_TESTS" = 1 ] && [ -z "${DOCKER_HOST:-}" ]; then
  DOCKER_B="unix:///var/run/berth-docker-b.sock"
  if docker -H "$DOCKER_B" info >/dev/null 2>&1; then
    log "second Docker engine already running at $DOCKER_B"
  else
    log "starting second dockerd at $DOCKER_B"
    # Its own bridge, not `--bridge none`: a daemon started with no bridge deletes docker0, the
    # first engine's. No iptables: the first engine owns the NAT rules. So this engine adds no
    # rules at all: no NAT (its containers reach nothing outside the machine), no isolation of
    # its own; Berth's compute keeps its project bridges apart with Berth's rules, which also let
    # a bridge's own containers talk (the FORWARD policy here is the first engine's DROP).
    if ! ip link show berthb0 >/dev/null 2>&1; then
      ip link add berthb0 type bridge
      ip addr add 172.31.254.1/24 dev berthb0
    fi
    ip link set berthb0 up
    setsid dockerd --host "$DOCKER_B" --data-root /var/lib/berth-docker-b \
      --exec-root /var/run/berth-docker-b --pidfile /var/run/berth-docker-b.pid \
      --bridge berthb0 --iptables=false --ip-masq=false >"$STATE/dockerd-b.log" 2>&1 </dev/null &
    wait_for "second dockerd" 30 docker -H "$DOCKER_B" info
  fi
  # Loaded rather than pulled so the image is there at once; pulls from 127.0.0.1:5000 work too
  # (the daemon dials the registry from the host network, bridge or not).
  if ! docker -H "$DOCKER_B" image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
    log "loading $TEST_IMAGE into the second engine"
    docker save "$TEST_IMAGE" | docker -H "$DOCKER_B" load -q >/dev/null
  fi
  docker -H "$DOCKER_B" tag "$TEST_IMAGE" "$REGISTRY_ADDR/$TEST_IMAGE"
fi

# --- Node dependencies and build ----------------------------------------------------------
cd "$ROOT"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` rather than `npm ci`: the registry here serves only this platform's optional
  # native bindings, so the lock file lacks the others and `npm ci` refuses it. With a lock file
  # present, `npm install` installs exactly the locked versions.
  log "npm install (locked)"
  npm install --no-audit --no-fund --loglevel=error
fi
log "building"
npm run -s build

cat >"$STATE/env" <<EOF
export DATABASE_URL='$DATABASE_URL'
export BERTH_REGISTRY='$REGISTRY_ADDR'
export BERTH_TEST_IMAGE='$REGISTRY_ADDR/$TEST_IMAGE'
EOF
[ -n "${DOCKER_HOST:-}" ] && echo "export DOCKER_HOST='$DOCKER_HOST'" >>"$STATE/env"
[ -n "$DOCKER_B" ] && echo "export BERTH_DOCKER_B='$DOCKER_B'" >>"$STATE/env"
log "ready"
