#!/usr/bin/python3
"""Checks every package of a JSON Lines file with lib-cove-ocds (the Data Review Tool's library).

    /usr/bin/python3 libcove_validate.py SNAPSHOTS_DIR INPUT OUTPUT

Each line of INPUT is one package, checked as the Data Review Tool checks an uploaded file
(fixtures/drt/libcove_offline.py: api context, every additional check, offline). OUTPUT gets one
line per package: its version and how many findings of each kind; standard error the totals.
"""
import json
import os
import sys
from collections import Counter

root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
os.environ["OCDS_LIBCOVE_SNAPSHOTS"] = sys.argv[1]
sys.path.insert(0, os.path.join(root, "fixtures", "drt"))
from libcove_offline import check  # noqa: E402

totals = Counter()
with open(sys.argv[2], encoding="utf-8") as source, open(sys.argv[3], "w", encoding="utf-8") as out:
    for document, line in enumerate(source):
        if not line.strip():
            continue
        version, findings = check(json.loads(line))
        kinds = Counter(finding[0] for finding in findings)
        totals.update(kinds)
        out.write(json.dumps({"document": document, "version": version, "findings": dict(kinds)}) + "\n")
print(f"libcove_validate.py: {sum(totals.values())} findings: {dict(sorted(totals.items()))}", file=sys.stderr)
