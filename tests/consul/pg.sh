#!/usr/bin/env bash
# A private PostgreSQL 15 (+ PostGIS 3) from Debian's packages, for the CONSUL tests: its own
# cluster in DIR/data, listening on a Unix socket only (listen_addresses = ''), so tests from
# several worktrees run at once and nothing is reachable from the network.
#   pg.sh start DIR   initdb (first time) and start; prints the socket directory (use as PGHOST)
#   pg.sh stop DIR    stop it (fast shutdown: clients are disconnected, then wait)
#   pg.sh kill DIR    immediate shutdown, as a crash or a pulled plug would do
# Clients: PGHOST=<printed directory> PGUSER=consul_admin (trusted on the socket; other roles
# authenticate with a password: pg_hba.conf asks scram-sha-256 of every role but the admin).
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user (created by
# Debian's postgresql-common), or `nobody` if there is none, and DIR is handed to it.
set -euo pipefail
action=$1 dir=$2
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/pg_ctl ]] || { echo "pg.sh: PostgreSQL 15 is not installed ($bin/pg_ctl); run bash setup.sh test" >&2; exit 1; }

as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    local user=postgres
    getent passwd postgres >/dev/null || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

case $action in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # A Unix socket path is limited to 107 bytes: in a deep build tree the socket goes to a short
  # private directory under /tmp, named in DIR/socket-dir so stop and kill find it again.
  if [[ -f $dir/socket-dir ]]; then sockets=$(cat "$dir/socket-dir")
  elif (( ${#dir} + 20 < 100 )); then sockets=$dir/run
  else sockets=$(mktemp -d /tmp/ocds-pg.XXXXXX)
  fi
  echo "$sockets" > "$dir/socket-dir"
  mkdir -p "$sockets"
  if [[ $(id -u) -eq 0 ]]; then
    user=postgres; getent passwd postgres >/dev/null || user=nobody
    chown "$user" "$dir" "$sockets"
  fi
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    as_server "$bin/initdb" -D "$dir/data" -U consul_admin --auth-local=trust --encoding=UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Every role but the admin gives a password, so the tests see how ocds finds one.
    cat > "$dir/data/pg_hba.conf" <<'HBA'
local all consul_admin trust
local all all          scram-sha-256
HBA
    cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$sockets'
unix_socket_permissions = 0777
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 20
log_min_messages = warning
CONF
  fi
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "$sockets" ;;
stop|kill)
  mode=fast; [[ $action == kill ]] && mode=immediate
  [[ -f $dir/data/postmaster.pid ]] || exit 0
  as_server "$bin/pg_ctl" -D "$dir/data" -m "$mode" -w -t 60 stop >/dev/null
  sockets=$(cat "$dir/socket-dir")
  [[ $sockets == /tmp/ocds-pg.* ]] && rm -rf "$sockets" || true ;;
*)
  echo "usage: pg.sh start|stop|kill DIR" >&2; exit 2 ;;
esac
