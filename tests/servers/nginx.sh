#!/usr/bin/env bash
# A real nginx (Debian's package) with WebDAV on loopback, for the publish and pull tests.
#   nginx.sh start DIR [LIMIT_RATE]   configure in DIR (served folder DIR/www), start, print the port
#   nginx.sh stop DIR                 stop it (SIGTERM to the master, then wait)
#   nginx.sh kill DIR                 kill master and workers at once (SIGKILL), as a crash would
set -euo pipefail
action=$1 dir=$2
case $action in
start)
  rate=${3:-0}
  mkdir -p "$dir/www" "$dir/tmp"
  dir=$(cd "$dir" && pwd)
  # A free port (bind to port 0), or the one it had before: a restarted server keeps its URL.
  if [[ -f $dir/port ]]; then port=$(cat "$dir/port"); else
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    echo "$port" > "$dir/port"
  fi
  cat > "$dir/nginx.conf" <<CONF
daemon on;
worker_processes 1;
user $(id -un);
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 256; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  client_max_body_size 0;
  types { application/json json; text/html html; text/css css; text/javascript js; application/gzip gz; text/plain txt; text/csv csv; }
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    location / {
      dav_methods PUT DELETE MKCOL COPY MOVE;
      dav_access user:rw group:r all:r;
      limit_rate $rate;
    }
  }
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
  for _ in $(seq 50); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "$port"; exit 0; fi
    sleep 0.1
  done
  echo "nginx did not answer on port $port" >&2; cat "$dir/error.log" >&2; exit 1 ;;
stop)
  [[ -f $dir/nginx.pid ]] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  for _ in $(seq 50); do [[ -f $dir/nginx.pid ]] || exit 0; sleep 0.1; done
  echo "nginx in $dir did not stop" >&2; exit 1 ;;
kill)
  # The master first: killed after its workers, it would start new ones in their place.
  master=$(cat "$dir/nginx.pid")
  workers=$(pgrep -P "$master" || true)
  kill -KILL "$master" || true
  [[ -z $workers ]] || kill -KILL $workers || true
  rm -f "$dir/nginx.pid" ;;
esac
