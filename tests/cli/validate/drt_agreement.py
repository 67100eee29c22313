#!/usr/bin/env python3
"""`ocds validate` finds what the Data Review Tool (lib-cove-ocds) finds, on real-shaped data.

    drt_agreement.py OCDS OUT_DIR

Runs `ocds validate --format jsonl` on each input of fixtures/drt/ (release packages from twelve
publisher profiles, record packages with versioned releases), maps each finding to lib-cove-ocds'
terms, and compares finding by finding, package by package, with what lib-cove-ocds found
(fixtures/drt/*-expected.jsonl.gz, made by fixtures/drt/make-expected.py). Fails on a difference
not in ALLOWED below, and on an ALLOWED entry that no longer matches anything. Standard library only.
"""
import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

# Checks ocds makes that lib-cove-ocds does not (the report's "beyond the DRT"): not compared.
# `version` says which version was used and why, a fact lib-cove-ocds puts in `version_used`.
BEYOND_DRT = {"reference", "party-role", "date-order", "negative-amount", "mixed-currency", "compiled-release",
              "version"}



def generic(path):
    """A slash path without its array indexes."""
    return "/".join(token for token in path.split("/") if not token.isdigit())


def deprecated_name_taken(finding, other):
    """lib-cove-ocds keys deprecated fields by their name: of the places of `amendment`
    (tender/amendment, awards/amendment, contracts/amendment...) it reports those of one
    generic path only (the last in schema order that the data has)."""
    if finding[0] != "deprecated":
        return False
    name = finding[1].rsplit("/", 1)[-1]
    return any(f[0] == "deprecated" and f[1].rsplit("/", 1)[-1] == name and generic(f[1]) != generic(finding[1])
               for f in other)


def in_record_releases(finding, other):
    """lib-cove-ocds looks for deprecated fields and missing ids by walking its schema, where a
    record's `releases` has no `type` (a oneOf of linked and embedded releases): it never looks
    inside embedded releases of records (their compiled release, yes)."""
    return finding[0] in ("deprecated", "missing-id") and re.match(r"records/\d+/releases/", finding[1]) is not None


def in_mixed_record(finding, other):
    """A record whose releases mix linked and embedded ones: lib-cove-ocds reports the mixture
    (oneOf) and validates none of them against the schema; ocds validates the embedded ones."""
    match = re.match(r"(records/\d+/releases)/", finding[2] if finding[0] == "schema" else "")
    return match is not None and ["schema", "oneOf", match.group(1), ""] in other


def empty_object_item(finding, other):
    """lib-cove-ocds' empty_field flattens objects inside arrays and so never sees {} in a list."""
    return finding[0] == "empty-field" and re.search(r"/\d+$", finding[1]) is not None


def language_suffix(finding, other):
    """lib-cove-ocds takes any field whose name ends like a language tag (`_es`, `_id`...) for a
    translation; ocds only a field beside the field it translates (title_es beside title)."""
    return finding[0] == "additional" and re.search(r"_[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$", finding[2]) is not None


def extension_field_names():
    names = set()

    def collect(schema):
        if isinstance(schema, dict):
            names.update(schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else ())
            for value in schema.values():
                collect(value)
        elif isinstance(schema, list):
            for value in schema:
                collect(value)

    folder = "schemas/extensions"
    for name in os.listdir(folder):
        path = os.path.join(folder, name, "release-schema.json")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                collect(json.load(f))
    return names


def extension_field_in_versioned_release(finding, other, names=extension_field_names()):
    """lib-cove-ocds checks a versioned release against the standard's versioned release schema
    as it is, without the package's extensions: their fields there are additional to it."""
    return finding[0] == "additional" and finding[1].startswith("/records/versionedRelease") and finding[2] in names


# Deliberate differences: (side that alone has the finding, test on the finding and the other
# side's findings in the same package, reason). An entry that matches nothing fails the test.
ALLOWED = [
    ("ocds", in_record_releases,
     "deprecated fields and missing ids are looked for in records' embedded releases too; lib-cove-ocds' "
     "schema walks skip a record's `releases` (a oneOf without type)"),
    ("ocds", in_mixed_record,
     "the embedded releases of a record mixing linked and embedded ones are still validated; lib-cove-ocds "
     "reports the mixture only"),
    ("ocds", deprecated_name_taken,
     "a deprecated field is reported at every place; lib-cove-ocds reports one generic path per field "
     "name (its get_json_data_deprecated_fields keys them by name), e.g. awards/0/amendment but not "
     "tender/amendment"),
    ("drt", extension_field_in_versioned_release,
     "a declared extension's fields inside a versioned release are known, through the versioned release "
     "schema made from the patched release schema; lib-cove-ocds reports them as additional"),
    ("ocds", empty_object_item,
     "an empty object in an array (awards: [{}]) is an empty field; lib-cove-ocds' flattening skips it"),
    ("ocds", language_suffix,
     "a field unknown to the schema is additional even when its name ends like a language tag "
     "(procedureCode_es, source_id); lib-cove-ocds skips every such name"),
]

INPUTS = [
    ("fixtures/kit/releases-1.1.jsonl.gz", "fixtures/drt/releases-1.1-expected.jsonl.gz"),
    ("fixtures/kit/releases-1.0.jsonl.gz", "fixtures/drt/releases-1.0-expected.jsonl.gz"),
    ("fixtures/drt/records-1.1.json.gz", "fixtures/drt/records-1.1-expected.jsonl.gz"),
    ("fixtures/drt/records-1.0.json.gz", "fixtures/drt/records-1.0-expected.jsonl.gz"),
    ("fixtures/drt/edge-cases.jsonl", "fixtures/drt/edge-cases-expected.jsonl.gz"),
]

FORMATS = {"not a date-time": "date-time", "not a date:": "date", "not a URI": "uri", "not an e-mail": "email"}


def slash_path(pointer):
    """lib-cove's path: the JSON Pointer's tokens joined by '/', without the leading '/'."""
    return "/".join(token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:])


def scalar(finding):
    """lib-cove's `value` of a validation error: the instance when it is no object or array (ours
    is JSON, or when cut at its limit a string ending in '…' with `truncated`)."""
    if "value" not in finding:
        return ""
    value = finding["value"]
    if isinstance(value, (dict, list)) or (finding.get("truncated") and value[:1] in "{["):
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def lib_cove_terms(finding):
    """The finding as make-expected.py writes lib-cove-ocds' findings; None when not compared."""
    check, keyword, path = finding["check"], finding["keyword"], slash_path(finding["path"])
    if check in BEYOND_DRT or (check == "deprecated" and keyword == "codelist"):
        return None
    if check == "schema":
        if keyword == "required":
            name = finding["field"].rsplit("/", 1)[-1]
            return ["schema", "required", f"{path}/{name}" if path else name, ""]
        if keyword == "type":
            return ["schema", finding["message"].split()[1].rstrip(","), path, scalar(finding)]
        return ["schema", keyword, path, scalar(finding)]
    if check == "format":
        kind = next(name for prefix, name in FORMATS.items() if finding["message"].startswith(prefix))
        return ["schema", kind, path, scalar(finding)]
    if check == "unique-ids":
        array = re.sub(r"/\d+(/id)?$", "", path)
        return ["schema", "uniqueItems", array, scalar(finding) if keyword == "uniqueItems" and path.endswith("/id") else ""]
    if check in ("unique-releases", "unique-records"):
        return ["schema", "uniqueItems", re.sub(r"/\d+$", "", path), ", ".join(str(v) for v in finding["value"].values())]
    if check in ("closed-codelist", "open-codelist"):
        # lib-cove-ocds compares str(value) with the codes: Python's text of what it read.
        value = finding["value"]
        return ["codelist", check.split("-")[0], finding["field"], value if isinstance(value, str) else str(value)]
    if check == "record-releases":
        return ["schema", "oneOf", path, ""]
    if check == "additional-field":
        field = finding["field"].split("/")
        return ["additional", "/".join(["", *field[:-1]]) if len(field) > 1 else "", field[-1], 1]
    if check == "deprecated":
        return ["deprecated", path]
    if check == "missing-id":
        return ["missing-id", f"{path}/id"]
    if check == "empty-field":
        return ["empty-field", path]
    if check == "ocid-prefix":
        return ["ocid-prefix", path]
    return ["unmapped", check, keyword, path]


def ours(ocds, source, out):
    report = os.path.join(out, os.path.basename(source) + ".jsonl")
    with open(report, "w") as f:
        run = subprocess.run([ocds, "validate", "--format", "jsonl", source], stdout=f, stderr=subprocess.PIPE, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"ocds validate {source} exited {run.returncode}: {run.stderr}")
    by_document = defaultdict(list)
    with open(report) as f:
        for line in f:
            finding = json.loads(line)
            if "check" not in finding:
                continue
            mapped = lib_cove_terms(finding)
            if mapped:
                by_document[finding.get("document", 0)].append(mapped)
            if finding["check"] == "closed-codelist" and "/versionedRelease/" in finding["path"]:
                # lib-cove-ocds marks closed codelists of the release schema only, so that enum
                # misses there are left to its codelist check; in the versioned release
                # validation schema they are schema errors too: one of ours is two of theirs.
                by_document[finding.get("document", 0)].append(["schema", "enum", slash_path(finding["path"]), finding["value"]])
    return by_document


def as_counter(findings):
    """Findings as a multiset; lib-cove groups some: additional fields by place (with a count),
    codelist misses and non-unique ids by distinct value."""
    counter = Counter()
    for finding in findings:
        if finding[0] == "additional":
            counter[json.dumps(finding[:3], ensure_ascii=False)] += finding[3]
        elif finding[0] == "codelist" or (finding[0] == "schema" and finding[1] == "uniqueItems"):
            counter[json.dumps(finding, ensure_ascii=False)] = 1
        else:
            counter[json.dumps(finding, ensure_ascii=False)] += 1
    return counter


def main():
    ocds, out = sys.argv[1:3]
    os.makedirs(out, exist_ok=True)
    unexplained = 0
    allowed = Counter()
    compared = 0
    for source, expected_path in INPUTS:
        actual = ours(ocds, source, out)
        with gzip.open(expected_path, "rt", encoding="utf-8") as f:
            expected = [json.loads(line) for line in f]
        for package in expected:
            theirs = as_counter(package["findings"])
            mine = as_counter(actual.get(package["document"], []))
            compared += sum(theirs.values())
            for side, a, b in (("drt", theirs, mine), ("ocds", mine, theirs)):
                other = [json.loads(key) for key in b]
                for key, count in (a - b).items():
                    finding = json.loads(key)
                    for index, (who, test, _) in enumerate(ALLOWED):
                        if who == side and test(finding, other):
                            allowed[index] += count
                            break
                    else:
                        unexplained += count
                        where = f"{os.path.basename(source)} #{package['document']}"
                        only = "only lib-cove-ocds" if side == "drt" else "only ocds"
                        print(f"{where}: {only} ({count}x): {key}")
    for index, (side, test, reason) in enumerate(ALLOWED):
        if not allowed[index]:
            print(f"allowed difference no longer seen (remove it): {side} {test.__name__}")
            unexplained += 1
        else:
            print(f"allowed ({allowed[index]}x, {side}): {reason}")
    print(f"drt_agreement: {compared} lib-cove-ocds findings compared; {unexplained} differences unexplained")
    sys.exit(1 if unexplained else 0)


main()
