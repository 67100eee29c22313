#!/usr/bin/env python3
"""How many files a publish of NEW_MANIFEST must send to a target that has OLD_MANIFEST ("-" for
an empty target): the files whose path and sha256 the old one lacks, plus the manifest itself,
index.html and latest.json.   changed_files.py OLD_MANIFEST NEW_MANIFEST"""
import json, sys

old = {(f["path"], f["sha256"]) for f in json.load(open(sys.argv[1]))["files"]} if sys.argv[1] != "-" else set()
new = json.load(open(sys.argv[2]))["files"]
print(sum((f["path"], f["sha256"]) not in old for f in new) + 3)
