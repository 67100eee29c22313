#!/usr/bin/env python3
"""Checks a served publication the way a reader would, over HTTP (an S3 bucket too: its objects
are public, http://HOST:PORT/bucket/prefix).

  check_publication.py http://127.0.0.1:PORT/path [--complete] [--expect-version V]

Reads latest.json, the manifest it names (its sha256 must match), and every file the manifest
lists: immutable files (releases, bulk files, lists, pages) must have their listed size and
sha256; "current" files (records, the extension) are replaced by later versions at the same URL,
so they must exist and be whole JSON or text. --complete: current files must match too (no
newer publish has started). Prints the version and the file count."""
import argparse, hashlib, json, sys, urllib.parse, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("--complete", action="store_true")
parser.add_argument("--expect-version")
args = parser.parse_args()

def fetch(path):
    with urllib.request.urlopen(f"{args.url}/{urllib.parse.quote(path)}", timeout=30) as response:
        return response.read()

latest = json.loads(fetch("latest.json"))
raw = fetch(latest["manifest"])
assert hashlib.sha256(raw).hexdigest() == latest["sha256"], "latest.json's sha256 is not the manifest's"
manifest = json.loads(raw)
if args.expect_version:
    assert manifest["version"] == args.expect_version, f"version {manifest['version']}, expected {args.expect_version}"
for entry in manifest["files"]:
    data = fetch(entry["path"])
    matches = len(data) == entry["size"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
    if entry.get("current") and not args.complete:
        if entry["path"].endswith(".json"):
            json.loads(data)  # whole, even if newer
        continue
    assert matches, f"{entry['path']}: {len(data)} bytes, listed {entry['size']}; sha256 differs"
print(manifest["version"], len(manifest["files"]))
