#!/usr/bin/env python3
"""Progress lines on a terminal, through a real pseudo-terminal (python3's pty, no packages).

    progress_test.py OCDS WORKDIR PROJECTS_GENERATOR

Runs each long command with stderr on a pseudo-terminal (stdout elsewhere) and checks what a
person sees: a progress line with how far, the rate and the time left when the size is known,
counts when it is not; the line cleared before the summary; nothing with -q, nothing when stderr
is not a terminal; `ocds validate` with no file and a terminal as stdin saying it reads standard
input. Inputs are made here (releases by this script; budget projects by the benchmark's project
generator, for map, build, publish and pull). Exit 0 with a summary, 1 with every failure.
"""
import fcntl
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import termios
import threading

if len(sys.argv) != 4:
    sys.exit(__doc__)
OCDS = os.path.abspath(sys.argv[1])
WORK = os.path.abspath(sys.argv[2])
GENERATOR = os.path.abspath(sys.argv[3])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONFIG = os.path.join(ROOT, "examples/san-pedro/publisher.ini")
# Enough work for several progress lines (one per quarter of a second at most). The sanitizer run
# (tests/sanitizers/run.sh) asks for less: there every command is several times slower anyway.
RELEASES = int(os.environ.get("OCDS_PROGRESS_TEST_RELEASES", "150000"))
PROJECTS = int(os.environ.get("OCDS_PROGRESS_TEST_PROJECTS", "2000"))
# A line every 20 ms instead of every 250: a command that a fast machine finishes in half a second
# (validate, compile and detect-format of the sanitizer run's 15,000 releases) still draws some.
os.environ["OCDS_PROGRESS_INTERVAL"] = "20"

failures = []
passed = 0


def check(ok, message):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(message)
    return ok


def run_on_terminal(args, stdin_data=None, stdin_terminal=False, columns=200, send_eof=False):
    """Runs `args` with stderr on a pseudo-terminal and stdout to a file; returns (exit code, what
    the terminal got followed by what stdout got)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    stdin = slave if stdin_terminal else (subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL)
    stdout = open(os.path.join(WORK, "stdout"), "w+b")
    process = subprocess.Popen(args, stdin=stdin, stdout=stdout, stderr=slave, cwd=ROOT)
    os.close(slave)
    chunks = []

    def read():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    if stdin_data is not None:
        def feed():
            try:
                process.stdin.write(stdin_data)
                process.stdin.close()
            except BrokenPipeError:
                pass
        threading.Thread(target=feed).start()
    if send_eof:
        # Ctrl-D at the start of a line: the end of what is typed on a terminal.
        import time
        time.sleep(1.0)
        os.write(master, b"\x04")
    code = process.wait(timeout=900)
    reader.join(timeout=30)
    os.close(master)
    stdout.seek(0)
    printed = stdout.read()
    stdout.close()
    return code, b"".join(chunks).decode("utf-8", "replace") + printed.decode("utf-8", "replace")


def run_to_pipe(args):
    """Runs `args` with stderr to a pipe (not a terminal); returns (exit code, stderr)."""
    process = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, timeout=900)
    return process.returncode, process.stderr.decode("utf-8", "replace")


def progress_lines(screen):
    """The progress lines drawn: each starts with a carriage return and ends with 'clear to end of line'."""
    return re.findall(r"\r([^\r\n\x1b]+)\x1b\[K", screen)


def expect_progress(name, args, pattern, allowed_exit=(0,), summary=None, **terminal):
    code, screen = run_on_terminal(args, **terminal)
    check(code in allowed_exit, f"{name}: exit code {code} on a terminal")
    lines = progress_lines(screen)
    matching = [line for line in lines if re.fullmatch(pattern, line)]
    check(matching, f"{name}: no progress line like /{pattern}/ among {lines[:5]} (screen: {screen[:300]!r})")
    # The last line drawn is cleared before anything else is said, and at the end.
    drawn = list(re.finditer(r"\r([^\r\n\x1b]+)\x1b\[K", screen))
    if drawn:
        after = screen[drawn[-1].end():]
        check(after.startswith("\r\x1b[K"), f"{name}: the progress line is not cleared (after it: {after[:200]!r})")
    if summary:
        check(re.search(summary, screen) is not None, f"{name}: no summary like /{summary}/ (tail: {screen[-300:]!r})")
    quiet_code, quiet_screen = run_on_terminal(args[:2] + ["-q"] + args[2:], **terminal)
    check(quiet_code in allowed_exit and not progress_lines(quiet_screen),
          f"{name}: -q still draws progress: {progress_lines(quiet_screen)[:3]}")
    if "stdin_terminal" not in terminal and "stdin_data" not in terminal:
        pipe_code, pipe_err = run_to_pipe(args)
        check(pipe_code in allowed_exit and "\r" not in pipe_err and "\x1b[K" not in pipe_err,
              f"{name}: progress drawn although stderr is not a terminal: {pipe_err[:200]!r}")
    return lines


def write_releases(path, count):
    """JSON Lines of releases of distinct processes, about 400 bytes each."""
    with open(path, "w") as out:
        for i in range(count):
            release = {
                "ocid": f"ocds-sp5p3d-progress-{i}", "id": f"{i}-1", "date": "2024-02-15T10:00:00-06:00",
                "tag": ["tender"], "initiationType": "tender",
                "tender": {"id": f"t-{i}", "title": f"Obra pública número {i}", "status": "active",
                           "value": {"amount": 1000 + i, "currency": "MXN"}},
            }
            out.write(json.dumps(release, ensure_ascii=False) + "\n")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    releases = os.path.join(WORK, "releases.jsonl")
    write_releases(releases, RELEASES)
    size = r"[\d.]+ (?:bytes|kB|MB|GB)"
    count = r"[\d,]+"
    rate = rf"(?:, {size}/s(?:, .+ left)?)?"

    # Reading a file of known size: how far, the rate, the time left.
    known = lambda command, noun: rf"{command} releases\.jsonl: {size} of {size} \(\d+%\), {count} {noun}{rate}"
    expect_progress("validate", [OCDS, "validate", releases], known("validate", "items"), allowed_exit=(0, 1),
                    summary=rf"releases\.jsonl: {RELEASES:,} releases, {RELEASES:,} ocids")
    # compile reads on both cores now and may be through its reading stage before the first line is
    # due (a quarter of a second): its merging stage, which always follows, counts too.
    expect_progress("compile", [OCDS, "compile", releases, "-o", os.path.join(WORK, "compiled.jsonl"), "-O"],
                    rf"(?:{known('compile', 'releases')}|compile merging: {count} of {count} partitions \(\d+%\))")
    expect_progress("flatten", [OCDS, "flatten", os.path.join(WORK, "compiled.jsonl"), "-o", os.path.join(WORK, "tables"), "-O"],
                    rf"flatten compiled\.jsonl: {size} of {size} \(\d+%\), {count} items{rate}")
    expect_progress("indicators", [OCDS, "indicators", "--as-of", "2024-09-30T00:00:00Z", "--no-quality", releases,
                                   "-o", os.path.join(WORK, "indicators.json"), "-O"], known("indicators", "items"))
    expect_progress("detect-format", [OCDS, "detect-format", releases], known("detect-format", "items"))

    # Standard input from a pipe: no size, so counts and the rate; from a terminal: a word first.
    with open(releases, "rb") as data:
        expect_progress("validate from a pipe", [OCDS, "validate"], rf"validate <stdin>: {size}, {count} items(?:, {size}/s)?",
                        allowed_exit=(0, 1), stdin_data=data.read())
    code, screen = run_on_terminal([OCDS, "validate"], stdin_terminal=True, send_eof=True)
    check("ocds validate: reading standard input" in screen,
          f"validate with a terminal as stdin does not say it reads standard input: {screen[:300]!r}")
    code, screen = run_on_terminal([OCDS, "validate", "-q"], stdin_terminal=True, send_eof=True)
    check("reading standard input" not in screen, "validate -q still says it reads standard input")
    with open(releases, "rb") as data:
        code, screen = run_on_terminal([OCDS, "validate", "-"], stdin_data=data.read(1000).rsplit(b"\n", 1)[0])
    check("reading standard input" not in screen, "validate says it reads a terminal when stdin is a pipe")

    projects = os.path.join(WORK, "projects.jsonl")
    subprocess.run([GENERATOR, "--projects", str(PROJECTS), "--seed", "7", "-o", projects], check=True, stderr=subprocess.DEVNULL)
    store, site = os.path.join(WORK, "store"), os.path.join(WORK, "site")
    # A known number of projects and processes: how far, the rate, the time left.
    lines = expect_progress("map", [OCDS, "map", "--config", CONFIG, "--store", store, "--now", "2024-09-06T18:00:00Z", projects],
                            rf"map: {count} of {PROJECTS:,} projects \(\d+%\)(?:, {count}/s(?:, .+ left)?)?",
                            summary=rf"ocds map: {PROJECTS:,} projects read; processes: [\d,]+ new")
    expect_progress("build", [OCDS, "build", "--config", CONFIG, "--store", store, "--out", site, "--now", "2024-09-06T19:00:00Z"],
                    rf"build: {count} of {count} processes \(\d+%\)(?:, {count}/s(?:, .+ left)?)?",
                    summary=rf"ocds build: version 20240906T190000Z: {PROJECTS:,} projects, [\d,]+ processes, .*\({size}\) in the manifest")
    target = os.path.join(WORK, "published")
    # Slowed down so that the run lasts: a folder on the same disk gets links, done at once.
    expect_progress("publish", [OCDS, "publish", site, "--to", "file://" + target, "--jobs", "1",
                                "--limit-rate", "10000000"],
                    rf"publish: {count} of {count} files \(\d+%\), {size}(?: at {size}/s)?(?:, .+ left)?",
                    summary=rf"ocds publish: version 20240906T190000Z to file://{re.escape(target)}")
    # pull over HTTP from a real nginx, slowed down so that the run lasts.
    nginx = os.path.join(WORK, "nginx")
    port = subprocess.run(["bash", os.path.join(ROOT, "tests/servers/nginx.sh"), "start", nginx, "20m"],
                          check=True, capture_output=True, text=True).stdout.strip()
    try:
        shutil.copytree(target, os.path.join(nginx, "www", "ocds"))
        expect_progress("pull", [OCDS, "pull", f"http://127.0.0.1:{port}/ocds", "--out", os.path.join(WORK, "pulled"), "--jobs", "1"],
                        rf"pull: {count} of {count} files \(\d+%\), {size}(?: at {size}/s)?(?:, .+ left)?",
                        summary=r"ocds pull: version 20240906T190000Z into ")
    finally:
        subprocess.run(["bash", os.path.join(ROOT, "tests/servers/nginx.sh"), "stop", nginx], capture_output=True)


main()
if failures:
    print(f"progress_test: {len(failures)} check(s) FAILED ({passed} passed):", file=sys.stderr)
    for failure in failures:
        print("  - " + failure, file=sys.stderr)
    sys.exit(1)
print(f"progress_test: all {passed} checks passed")
