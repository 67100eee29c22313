#!/usr/bin/env bash
# An S3 API server on loopback (moto's server, on this image as moto_server), for the publish tests.
#   moto.sh start DIR [auth]   start it (log in DIR/moto.log), create bucket "pub", print the port.
#                              With "auth", signatures are checked: an IAM user is made first and
#                              its key is written to DIR/credentials (AWS_ACCESS_KEY_ID=... lines).
#   moto.sh stop DIR
set -euo pipefail
action=$1 dir=$2
case $action in
start)
  mkdir -p "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  if [[ ${3:-} == auth ]]; then
    # Four unsigned calls to set up (user, policy, key, bucket); every later call is checked.
    INITIAL_NO_AUTH_ACTION_COUNT=4 setsid moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
  else
    setsid moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
  fi
  echo $! > "$dir/moto.pid"
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
  done
  python3 - "$port" "$dir" "${3:-}" <<'PY'
import json, sys, boto3
port, folder, mode = sys.argv[1], sys.argv[2], sys.argv[3]
options = dict(endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
               aws_access_key_id="setup", aws_secret_access_key="setup")
if mode == "auth":
    iam = boto3.client("iam", **options)
    iam.create_user(UserName="publisher")
    iam.put_user_policy(UserName="publisher", PolicyName="s3", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="publisher")["AccessKey"]
    options.update(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    with open(f"{folder}/credentials", "w") as out:
        out.write(f"AWS_ACCESS_KEY_ID={key['AccessKeyId']}\nAWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}\n")
boto3.client("s3", **options).create_bucket(Bucket="pub")
PY
  echo "$port" ;;
stop)
  [[ -f $dir/moto.pid ]] && kill "$(cat "$dir/moto.pid")" 2>/dev/null || true
  rm -f "$dir/moto.pid" ;;
esac
