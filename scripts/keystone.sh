#!/usr/bin/env bash
# A real OpenStack Keystone for tests of Berth's external-Keystone mode: Debian's `keystone`
# package on sqlite with fernet tokens, served by uwsgi (one process, one thread) on loopback.
#
#   scripts/keystone.sh start STATE_DIR PORT ADMIN_PASSWORD [DATABASE_URL]   # ready when it returns
#   scripts/keystone.sh stop STATE_DIR
#
# DATABASE_URL is SQLAlchemy's, e.g. postgresql://postgres@127.0.0.1:55432/keystone (an empty
# database). Without it Keystone uses sqlite, which serves one client at a time: under uwsgi,
# writes from two of Keystone's sessions in one request can meet "database is locked".
# Idempotent per STATE_DIR: a second start reuses the database and keys. Needs the packages
# keystone, uwsgi and uwsgi-plugin-python3 (scripts/provision.sh --for-tests installs them).
set -euo pipefail

cmd="${1:?start|stop}"
dir="$(mkdir -p "${2:?state dir}" && cd "$2" && pwd)"

if [ "$cmd" = stop ]; then
  if [ -f "$dir/uwsgi.pid" ]; then
    kill "$(cat "$dir/uwsgi.pid")" 2>/dev/null || true
    rm -f "$dir/uwsgi.pid"
  fi
  exit 0
fi

port="${3:?port}"
password="${4:?admin password}"
database="${5:-}"
conf="$dir/keystone.conf"
url="http://127.0.0.1:$port"

if [ ! -f "$dir/bootstrapped" ]; then
  mkdir -p "$dir/fernet-keys" "$dir/credential-keys"
  cat >"$conf" <<CONF
[DEFAULT]
log_file = $dir/keystone.log
[database]
connection = ${database:-sqlite:///$dir/keystone.db}
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = $dir/fernet-keys
[fernet_receipts]
key_repository = $dir/fernet-keys
[credential]
key_repository = $dir/credential-keys
[oslo_messaging_notifications]
driver = noop
CONF
  manage() { keystone-manage --config-file "$conf" "$@" >>"$dir/manage.log" 2>&1; }
  manage db_sync
  manage fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  manage credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  manage bootstrap --bootstrap-password "$password" --bootstrap-admin-url "$url/v3" \
    --bootstrap-internal-url "$url/v3" --bootstrap-public-url "$url/v3" \
    --bootstrap-region-id RegionOne
  touch "$dir/bootstrapped"
fi

if [ -f "$dir/uwsgi.pid" ] && kill -0 "$(cat "$dir/uwsgi.pid")" 2>/dev/null; then exit 0; fi
OS_KEYSTONE_CONFIG_FILES="$conf" uwsgi --plugin python3 --http-socket "127.0.0.1:$port" \
  --wsgi-file /usr/bin/keystone-wsgi-public --master --processes 1 --threads 1 \
  --enable-threads --lazy-apps --buffer-size 65535 --add-header "Connection: close" --die-on-term --pidfile "$dir/uwsgi.pid" --daemonize "$dir/uwsgi.log" \
  --env "OS_KEYSTONE_CONFIG_FILES=$conf"

for _ in $(seq 1 120); do
  if curl -fsS "$url/v3" >/dev/null 2>&1; then exit 0; fi
  sleep 0.5
done
echo "keystone did not answer on $url within 60 s; see $dir/uwsgi.log" >&2
exit 1
