#!/usr/bin/python3
"""Runs OCDS Kit's `ocdskit compile` from source snapshots, offline.

    /usr/bin/python3 kit_compile.py SNAPSHOTS_DIR [ocdskit compile's options] < INPUT > OUTPUT

As the `ocdskit` command runs it (its own argument parsing, reading with ijson, merging with
ocdsmerge, writing), with `--schema` given so that no schema is fetched. ocdsextensionregistry,
which OCDS Kit imports but `compile --schema` never calls, is a stand-in that fails if called.
Debian 12's python3-ijson provides ijson (with its C parser, as a pip install would).
"""
import os
import sys
import types

snapshots = sys.argv[1]
registry = types.ModuleType("ocdsextensionregistry")


class ProfileBuilder:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("offline: give ocdskit compile --schema")


registry.ProfileBuilder = ProfileBuilder
sys.modules["ocdsextensionregistry"] = registry
sys.path[:0] = [
    os.path.join(snapshots, "open-contracting+ocdskit"),
    os.path.join(snapshots, "open-contracting+ocds-merge"),
    os.path.join(snapshots, "gazpachoking+jsonref"),
]
sys.argv = ["ocdskit", "compile", *sys.argv[2:]]

from ocdskit.__main__ import main  # noqa: E402

main()
