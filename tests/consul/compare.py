#!/usr/bin/env python3
"""Checks for the CONSUL tests.

    compare.py records ACTUAL EXPECTED [--drop KEY ...]
        ACTUAL and EXPECTED hold the same budget-project records (JSON Lines): same projects,
        same values, numbers written with the same digits; key order does not matter. --drop
        removes top-level members from EXPECTED first (e.g. procurement, when the database has
        no procurement system's export: those records then have empty procurement and parties).
    compare.py canaries [--numbers] FILE_OR_DIR ...
        No personal data planted by make-seed.py appears in any file: no text containing
        "canary" (any case, also percent-encoded or JSON-escaped), no date of birth 1901-02-03.
        A directory is searched through, gzip files unpacked. --numbers: nor the numbers that
        canaries-everywhere.sql puts in person ids (1900000000 + a row id below 10,000,000); only for the
        query's output, where no other number has ten digits (hashes in a site may).
"""

import gzip
import json
import os
import re
import sys

CANARY = re.compile(rb"canary|c\\u0061nary|1901-02-03", re.IGNORECASE)
CANARY_NUMBER = re.compile(rb"(?<![0-9])190[0-9]{7}(?![0-9])")


def load(path, drop=()):
    records = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            record = json.loads(line, parse_float=str, parse_int=str)
            for key in drop:
                if key in ("procurement", "parties"):
                    record[key] = []
                else:
                    record.pop(key, None)
            pid = record["project"]["id"]
            if pid in records:
                sys.exit("%s:%d: project %s twice" % (path, number, pid))
            records[pid] = record
    return records


def differences(actual, expected, pointer=""):
    if isinstance(actual, dict) and isinstance(expected, dict):
        for key in sorted(set(actual) | set(expected)):
            if key not in expected:
                yield "%s/%s: not expected (%s)" % (pointer, key, json.dumps(actual[key], ensure_ascii=False)[:120])
            elif key not in actual:
                yield "%s/%s: missing (expected %s)" % (pointer, key, json.dumps(expected[key], ensure_ascii=False)[:120])
            else:
                yield from differences(actual[key], expected[key], "%s/%s" % (pointer, key))
    elif isinstance(actual, list) and isinstance(expected, list) and len(actual) == len(expected):
        for n, (a, e) in enumerate(zip(actual, expected)):
            yield from differences(a, e, "%s/%d" % (pointer, n))
    elif actual != expected:
        yield "%s: %s, expected %s" % (pointer, json.dumps(actual, ensure_ascii=False)[:160],
                                      json.dumps(expected, ensure_ascii=False)[:160])


def records(args):
    drop = args[args.index("--drop") + 1:] if "--drop" in args else []
    actual, expected = load(args[0]), load(args[1], drop)
    problems = []
    for pid in sorted(set(actual) | set(expected), key=int):
        if pid not in expected:
            problems.append("project %s: not expected" % pid)
        elif pid not in actual:
            problems.append("project %s: missing" % pid)
        else:
            problems.extend("project %s: %s" % (pid, d) for d in differences(actual[pid], expected[pid]))
    for p in problems[:40]:
        print("%s: %s" % (args[0], p), file=sys.stderr)
    if problems:
        print("%s: %d differences from %s" % (args[0], len(problems), args[1]), file=sys.stderr)
        return 1
    return 0


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                for name in sorted(names):
                    yield os.path.join(folder, name)
        else:
            yield path


def canaries(paths):
    patterns = [CANARY]
    if paths and paths[0] == "--numbers":
        patterns.append(CANARY_NUMBER)
        paths = paths[1:]
    found, searched = 0, 0
    for path in files(paths):
        with open(path, "rb") as f:
            data = f.read()
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        searched += 1
        for match in (m for pattern in patterns for m in pattern.finditer(data.replace(b"%20", b" "))):
            found += 1
            if found <= 20:
                start = max(0, match.start() - 60)
                print("%s: personal data: ...%s..." % (path, data[start:match.end() + 60].decode("utf-8", "replace")),
                      file=sys.stderr)
    if searched == 0:
        print("canaries: no file to search", file=sys.stderr)
        return 1
    if found:
        print("canaries: %d pieces of personal data in %d files searched" % (found, searched), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "records":
        sys.exit(records(sys.argv[2:]))
    if len(sys.argv) >= 3 and sys.argv[1] == "canaries":
        sys.exit(canaries(sys.argv[2:]))
    sys.exit(__doc__)
