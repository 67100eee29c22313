#!/usr/bin/env bash
# An S3 API server on loopback for the publish and pull tests: s3rver, from npm (pinned in
# tests/servers/package-lock.json; `bash setup.sh test` installs it with npm ci). It keeps the
# objects in DIR/data and knows one key, S3RVER (secret S3RVER): another key is refused with 403
# InvalidAccessKeyId. It does not check signatures: tests/unit/publish/test_transfer_signature.cpp
# checks ours.
#   s3.sh start DIR   start it (log in DIR/s3.log: one 'Stored object' line per object stored),
#                     with an empty bucket "pub"; print its port
#   s3.sh stop DIR
set -euo pipefail
action=$1 dir=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case $action in
start)
  server=$here/node_modules/s3rver/bin/s3rver.js
  [[ -f $server ]] || { echo "s3.sh: s3rver is not installed: npm ci --prefix tests/servers (bash setup.sh test does it)" >&2; exit 1; }
  mkdir -p "$dir"
  rm -rf "$dir/data"
  # The log exists before the server does: the loop below reads it at once.
  : >"$dir/s3.log"
  # Port 0: the system picks a free one and s3rver prints it.
  setsid node "$server" --directory "$dir/data" --address 127.0.0.1 --port 0 --configure-bucket pub \
    >"$dir/s3.log" 2>&1 &
  echo $! > "$dir/s3.pid"
  for _ in $(seq 300); do
    port=$(sed -n 's/^S3rver listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/s3.log")
    [[ -n $port ]] && { echo "$port"; exit 0; }
    kill -0 "$(cat "$dir/s3.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "s3.sh: s3rver did not start:" >&2
  cat "$dir/s3.log" >&2
  exit 1 ;;
stop)
  [[ -f $dir/s3.pid ]] && kill "$(cat "$dir/s3.pid")" 2>/dev/null || true
  rm -f "$dir/s3.pid" ;;
esac
