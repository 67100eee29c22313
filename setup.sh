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

# Debian 12 packages. ocds itself: the compiler, CMake and the libraries of the design card, and
# libpq for ocds map --from-consul, which reads CONSUL's PostgreSQL database.
packages=(g++ cmake make rapidjson-dev libvalijson-dev libcurl4-openssl-dev libboost-program-options-dev zlib1g-dev
          libpq-dev)
if [[ $task == test ]]; then
  # The tests: doctest; python3 for their checks (its standard library only); gzip to make
  # inputs; setsid (util-linux) to start servers; clang and its runtime for the libFuzzer
  # target; clang-tidy and clang-format for the style tests; nginx (with WebDAV) and curl for the
  # publish, pull and browser tests; Chromium for the dashboard; PostgreSQL 15 and PostGIS 3 for
  # the CONSUL tests, which start their own server on a Unix socket; LibreOffice Calc (headless)
  # to open the Excel workbooks of the build test as a reader would; Node.js and npm for the npm
  # packages below (Debian's, unless the machine has its own).
  packages+=(doctest-dev python3 gzip util-linux clang libclang-rt-14-dev clang-tidy clang-format nginx-core curl chromium
             postgresql postgresql-15-postgis-3 libreoffice-calc-nogui)
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
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ $task == test ]]; then
  # npm packages, pinned by each folder's package-lock.json, installed again when the lock
  # changes: playwright-core drives Chromium in the browser test; s3rver is the S3 API server of
  # the publish and pull tests.
  for folder in tests/browser tests/servers; do
    [[ $folder/node_modules/.package-lock.json -nt $folder/package-lock.json ]] ||
      npm ci --prefix "$folder" --no-audit --no-fund
  done
  # What the tests start, checked now rather than after the build. nginx is in /usr/sbin, which
  # is not in a Debian user's PATH.
  export PATH=$PATH:/usr/sbin:/sbin
  for tool in python3 nginx chromium clang clang-tidy clang-format node soffice; do
    command -v "$tool" >/dev/null || { echo "setup: the tests need $tool, which is not in PATH" >&2; exit 1; }
  done
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' ||
    { echo "setup: the tests need Node.js 18 or later (this is $(node --version))" >&2; exit 1; }
fi

# The example needs the ocds program only; the tests need the unit tests, the library examples
# and the benchmark's data generator too.
everything=$([[ $task == test ]] && echo ON || echo OFF)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DOCDS_BUILD_TESTS=$everything -DOCDS_BUILD_EXAMPLES=$everything \
      -DOCDS_BUILD_BENCHMARKS=$everything >/dev/null
cmake --build build -j"$(nproc)"

if [[ $task == test ]]; then
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
