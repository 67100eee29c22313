#!/usr/bin/env python3
"""What budget-projects.sql must make of tests/consul/edge-cases.sql: check_edge_cases.py OUTPUT.
OUTPUT is the query's JSON Lines over seed-1.sql + seed-2.sql + edge-cases.sql."""

import json
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    lines = f.read().split("\n")
assert lines[-1] == "", "%s: the last record does not end with a line break" % path
records = {}
for number, line in enumerate(lines[:-1], 1):
    record = json.loads(line)   # every line one JSON text, whatever the data held
    records[record["project"]["id"]] = record

problems = []


def expect(pid, what, actual, expected):
    if actual != expected:
        problems.append("project %s: %s: %r, expected %r" % (pid, what, actual, expected))


new = {pid: r for pid, r in records.items() if r["budget"]["id"] == "14"}
expect("-", "projects of the new edition 14", sorted(new), ["9101", "9102", "9103", "9104", "9105"])
expect("-", "projects of edition 13 (drafting)", [p for p, r in records.items() if r["budget"]["id"] == "13"], [])
expect("-", "projects of the old editions 9 and 10",
       [p for p, r in records.items() if r["budget"]["id"] in ("9", "10")], [])
expect("-", "edition 11 and 12 projects still there",
       len([r for r in records.values() if r["budget"]["id"] in ("11", "12")]), 95)
for pid, r in new.items():
    expect(pid, "budget.year", r["budget"]["year"], 2025)
    expect(pid, "budget.name", r["budget"]["name"], "Presupuesto Participativo - Edición Sectores")

if len(new) == 5:
    r = new["9101"]
    expect("9101", "code", r["project"]["code"], "2025-9101-A5")
    expect("9101", "heading", r["budget"].get("heading", {}).get("id"), "171")
    expect("9101", "neighbourhood", r["territory"].get("neighbourhood"), {"id": "118", "name": "Del Valle"})
    expect("9101", "precision", r["location"]["precision"], "exact")

    r = new["9102"]
    expect("9102", "code (31 December, local time; no administrator 99)", r["project"]["code"], "2024-9102")
    expect("9102", "heading", r["budget"].get("heading"), None)
    expect("9102", "group", r["budget"].get("group"), None)
    expect("9102", "territory", r["territory"],
           {"sector": {"code": "K4", "name": "Fuentes del Valle"}, "neighbourhood": {"id": "97", "name": "Fuentes del Valle"}})
    expect("9102", "precision (zoom 13)", r["location"]["precision"], "area")

    r = new["9103"]
    expect("9103", "heading", r["budget"].get("heading"), None)
    expect("9103", "territory", r["territory"], {})
    expect("9103", "location", r.get("location"), None)

    r = new["9104"]
    expect("9104", "heading", r["budget"].get("heading"), None)
    expect("9104", "group", r["budget"].get("group"), {"id": "27", "name": "Sectores"})

    r = new["9105"]
    expect("9105", "title", r["project"]["title"], 'Cancha "La 10" \\ techada\tcon\nluz \x01\x02 ⚽ 🏀')
    expect("9105", "description", r["project"]["description"], "Techo & luz \"LED\", 50 % <ahorro> 'ya' Sin \\N ni \\.")

for p in problems:
    print("%s: %s" % (path, p), file=sys.stderr)
sys.exit(1 if problems else 0)
