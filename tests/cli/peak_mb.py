#!/usr/bin/env python3
"""Runs a command (its stdout dropped) and prints its peak resident memory in MB, as the kernel
counts it for the child; exits non-zero when the command fails. For the memory tests (label
memory), which compare it with a limit.   peak_mb.py COMMAND [ARG...]"""
import resource
import subprocess
import sys

code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
if code != 0:
    sys.exit(f"exit {code}: {' '.join(sys.argv[1:])}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
