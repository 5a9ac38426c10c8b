#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A code block in docs/*.md preceded by "<!-- snippet: PATH -->" must appear in PATH line for
# line (leading and trailing blanks aside, empty lines skipped): the page shows code that is
# compiled and run, so it cannot drift from it.
# usage: check_snippets.py SOURCE_DIR
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
marker = re.compile(r"<!-- snippet: (\S+) -->")


def trimmed(lines):
    return [l.strip() for l in lines if l.strip()]


failures, checked = [], 0
for page in sorted((root / "docs").glob("*.md")):
    lines = page.read_text().splitlines()
    for i, line in enumerate(lines):
        m = marker.fullmatch(line.strip())
        if not m:
            continue
        if i + 1 >= len(lines) or not lines[i + 1].startswith("```"):
            failures.append(f"{page.name}:{i + 1}: snippet marker not followed by a code block")
            continue
        end = next((j for j in range(i + 2, len(lines)) if lines[j].startswith("```")), None)
        if end is None:
            failures.append(f"{page.name}:{i + 2}: code block not closed")
            continue
        block = trimmed(lines[i + 2:end])
        source = root / m.group(1)
        if not source.is_file():
            failures.append(f"{page.name}:{i + 1}: {m.group(1)} does not exist")
            continue
        src = trimmed(source.read_text().splitlines())
        if not any(src[k:k + len(block)] == block for k in range(len(src) - len(block) + 1)):
            failures.append(f"{page.name}:{i + 1}: block differs from {m.group(1)}")
        checked += 1

for f in failures:
    print(f)
print(f"{checked} snippets checked, {len(failures)} failures")
sys.exit(1 if failures or checked == 0 else 0)
