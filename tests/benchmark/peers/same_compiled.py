#!/usr/bin/python3
"""Compares two tools' compiled releases (JSON Lines, one per process) as JSON values.

    /usr/bin/python3 same_compiled.py OURS KIT

Prints how many processes each has, in the same order or not, and how many differ; exits 1 when
any process differs, is missing from one of them, or the order differs.
"""
import json
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


ours, kit = (read(path) for path in sys.argv[1:3])
by_ocid = {release["ocid"]: release for release in kit}
differ = [release["ocid"] for release in ours if by_ocid.get(release["ocid"]) != release]
same_order = [r["ocid"] for r in ours] == [r["ocid"] for r in kit]
print(
    f"compiled releases: ocds {len(ours)}, OCDS Kit {len(kit)}, same order: {'yes' if same_order else 'no'}, "
    f"different: {len(differ)}" + (f" (first: {', '.join(differ[:5])})" if differ else "")
)
sys.exit(0 if not differ and same_order and len(ours) == len(kit) else 1)
