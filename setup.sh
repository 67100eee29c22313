#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs ocds. As root (or with sudo):
#   bash setup.sh example   install what is missing, build (Release), run the San Pedro example
#   bash setup.sh test      install what is missing, build (Release), run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

task=${1:-}
if [[ $task != example && $task != test ]]; then
  echo "usage: bash setup.sh example|test" >&2
  exit 2
fi

# Debian 12 packages: the compiler and CMake, the libraries of the design card, and the tools
# the tests use (gzip to make inputs, setpriv from util-linux to test unreadable files, clang and
# its runtime for the libFuzzer target, nginx with its WebDAV module and curl for the publish
# and pull tests; they start their own nginx on loopback; Chromium for the dashboard's browser
# test; PostgreSQL 15 and PostGIS 3 for the CONSUL tests, which start their own server on a Unix
# socket). The S3 tests use moto's server, which this image has (moto_server).
packages=(g++ cmake make rapidjson-dev libvalijson-dev libcurl4-openssl-dev libboost-program-options-dev
          doctest-dev zlib1g-dev gzip util-linux clang libclang-rt-14-dev nginx-core curl)
if [[ $task == test ]]; then
  packages+=(chromium postgresql postgresql-15-postgis-3)
  # Node.js and npm drive Chromium (playwright-core, from npm): Debian's, unless the machine has them.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

if [[ $task == test ]]; then
  if ! command -v moto_server >/dev/null || ! python3 -c "import boto3" 2>/dev/null; then
    echo "setup: the S3 tests need moto's server and boto3 (on this image: moto_server); install them with" \
         "'pip install \"moto[server]\"' where PyPI is reachable" >&2
    exit 1
  fi
  # The browser test's one dependency (playwright-core, pinned by package-lock.json).
  [[ -d tests/browser/node_modules/playwright-core ]] || npm ci --prefix tests/browser --no-audit --no-fund --silent
  ctest --test-dir build --output-on-failure -j"$(nproc)"
  exit
fi

# The main job on the bundled example. Each stage writes into example-output/.
ocds=build/src/ocds
example=examples/san-pedro
out=example-output
mkdir -p "$out"
config="$example/publisher.ini"
rm -rf "$out/ocds-data" "$out/site" "$out/public"
echo "== Map the first export of Decide San Pedro into OCDS releases (the release store: $out/ocds-data)"
$ocds map --config "$config" --store "$out/ocds-data" --now 2024-09-06T18:00:00Z --overwrite --indent 2 \
     "$example/export-1.jsonl" -o "$out/releases-1.json"
echo "== Map the export of three weeks later: only what changed gets a new release"
$ocds map --config "$config" --store "$out/ocds-data" --now 2024-09-27T18:00:00Z --overwrite --indent 2 \
     "$example/export-2.jsonl" -o "$out/releases-2.json"
echo "== Records: compiled and versioned releases of every process"
$ocds compile --config "$config" --overwrite --package --versioned \
     --uri https://datos.sanpedro.gob.mx/ocds/records.json "$out/releases-1.json" "$out/releases-2.json" -o "$out/records.json"
$ocds compile --check "$out/records.json"
echo "== Validate what was produced"
$ocds validate "$out/releases-1.json" "$out/releases-2.json" "$out/records.json"
echo "== Build the publication from the release store: release and record files, bulk downloads, CSV tables,"
echo "   indicators and dashboards, manifest"
$ocds build --config "$config" --store "$out/ocds-data" --out "$out/site" --now 2024-09-27T19:00:00Z >/dev/null
echo "== Publish it to a local folder (a web server's document root; https:// and s3:// work the same way)"
$ocds publish "$out/site" --to "file://$(pwd)/$out/public"
echo "== Written:"
ls -l "$out"
echo "== Open the publication's page, and its dashboards:"
echo "$(pwd)/$out/public/index.html"
echo "$(pwd)/$out/public/dashboard/index.html"
