#!/usr/bin/python3
"""Makes the input that OCDS Kit's `compile` can take whole, and its release schema.

    /usr/bin/python3 kit_input.py SNAPSHOTS_DIR INPUT OUTPUT SCHEMA_OUT

`ocdskit compile` stops at the first package whose version differs from the first one's
(InconsistentVersionError) and at the first process it cannot merge (ocdsmerge's
InconsistentTypeError: an array in one release, an object in the next), where `ocds compile`
reports the process and goes on. So that both tools do the same work on the same bytes, OUTPUT
keeps the 1.1 packages of INPUT (JSON Lines of release packages) without the releases of the
processes that ocdsmerge cannot merge. SCHEMA_OUT is the bundled 1.1.5 release schema patched
with the bundled extensions those packages declare, for `ocdskit compile --schema` (which would
otherwise fetch it). Prints what was left out, on standard error.
"""
import json
import os
import sys
import warnings
from collections import defaultdict

snapshots, source, output, schema_out = sys.argv[1:5]
root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
sys.path[:0] = [
    os.path.join(snapshots, "open-contracting+ocds-merge"),
    os.path.join(snapshots, "gazpachoking+jsonref"),
    os.path.join(root, "fixtures", "kit"),
]
import ocdsmerge  # noqa: E402
import ocdsmerge.exceptions  # noqa: E402
from kit_schema import patched_release_schema  # noqa: E402

warnings.simplefilter("ignore")  # its duplicate-id warnings: ocds compile's run reports them


packages = []
skipped_packages = 0
with open(source, encoding="utf-8") as f:
    for line in f:
        package = json.loads(line)
        if package.get("version") == "1.1":
            packages.append(package)
        else:
            skipped_packages += 1

schema = patched_release_schema("1.1.5", packages)
with open(schema_out, "w", encoding="utf-8") as f:
    json.dump(schema, f)

processes = defaultdict(list)
for package in packages:
    for release in package["releases"]:
        processes[release["ocid"]].append(release)
merger = ocdsmerge.Merger(schema=schema)
unmergeable = set()
for ocid, releases in processes.items():
    try:
        merger.create_compiled_release(releases)
    except ocdsmerge.exceptions.OCDSMergeError:
        unmergeable.add(ocid)

with open(output, "w", encoding="utf-8") as f:
    for package in packages:
        package["releases"] = [release for release in package["releases"] if release["ocid"] not in unmergeable]
        f.write(json.dumps(package, ensure_ascii=False, separators=(",", ":")) + "\n")
print(
    f"kit_input.py: {len(packages)} 1.1 packages kept, {skipped_packages} of other versions left out; "
    f"{len(processes) - len(unmergeable)} processes kept, {len(unmergeable)} that ocdsmerge cannot merge left out",
    file=sys.stderr,
)
