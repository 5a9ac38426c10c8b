#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs every `snnft ...` and `promtool ...` command shown in a shell block of README.md and
# docs/*.md, as written, from a scratch folder that sees the repository's data/ and deploy/:
# each must exit 0. Synopses (lines with placeholders such as CONFIG.json or [--seed N]) are
# listed, not run; the command-line tests cover their flags. A `--serve PORT` gets a free port
# instead (the documented one may be taken) and no linger, so the run ends.
# usage: run_doc_commands.py SNNFT_BINARY SOURCE_DIR
import glob
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time

snnft, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
placeholder = re.compile(r"\[--|\b[A-Z][A-Z_]+\b(\.json|\.h5|\.csv)?|\.\.\.|my_\w+\.json")


def commands(path):
    """(line number, command text) of every snnft/promtool command in the file's shell blocks."""
    out, block, pending, start = [], False, "", 0
    for number, line in enumerate(open(path).read().splitlines(), 1):
        if line.startswith("```"):
            block = not block and line[3:].strip() in ("sh", "bash")
            continue
        if not block:
            continue
        text = line.strip()
        if pending:
            pending += " " + text
        elif re.match(r"(snnft|promtool) ", text):
            pending, start = text, number
        else:
            continue
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip()
            continue
        out.append((start, pending))
        pending = ""
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


work = tempfile.mkdtemp()
for name in ("data", "deploy"):
    os.symlink(os.path.join(root, name), os.path.join(work, name))
failures, ran, synopses = [], 0, []
pages = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
for page in pages:
    where = os.path.relpath(page, root)
    for number, text in commands(page):
        argv = shlex.split(text, comments=True)
        if argv and argv[-1] == "&":
            argv.pop()
        if placeholder.search(" ".join(argv[1:])):
            synopses.append(f"{where}:{number}")
            continue
        if argv[0] == "snnft":
            argv[0] = snnft
        for i, arg in enumerate(argv[:-1]):
            if arg == "--serve":
                argv[i + 1] = free_port()
            if arg == "--serve-linger":
                argv[i + 1] = "0"
        t0 = time.time()
        r = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=300)
        ran += 1
        print(f"{where}:{number}: exit {r.returncode} in {time.time() - t0:.1f} s: {text[:100]}")
        if r.returncode != 0:
            failures.append(f"{where}:{number}")
            print((r.stderr or r.stdout)[-1500:])

print(f"{ran} documented commands run, {len(failures)} failed; synopses not run: {', '.join(synopses)}")
sys.exit(1 if failures or ran == 0 else 0)
