"""Write src/plankit/data/t2s_changes.txt: the characters OpenCC's t2s
conversion can replace, for the installed OpenCC.

normalize.to_simplified converts only the lines holding one of them; every
other line converts to itself. Run this after upgrading OpenCC (until then
plankit sees other dictionaries than the file names and converts every line,
as correct as before, only slower):

    python scripts/t2s_changes.py

The dictionaries ship only as marisa tries (.ocd2); OpenCC's own opencc_dict,
which the opencc wheel carries, writes them out as text.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "src" / "plankit" / "data" / "t2s_changes.txt"

HEADER = """\
# What OpenCC's t2s conversion can replace, from every entry of its
# dictionaries and the characters the entry's (first) conversion changes:
# chars: every such character of the Basic Multilingual Plane (any beyond it
#   is taken as one);
# weak: those of them that only a phrase changes (沈 alone stays 沈, 深沈
#   becomes 深沉), and phrases: the entries that change them, key=value.
# A line converts to itself unless it holds one of the chars other than a
# weak one, or one of the phrases. Valid only for the dictionaries named
# below, byte for byte; plankit converts every line under any others.
# Written by scripts/t2s_changes.py.
"""


def dictionary_files(config: dict) -> list[str]:
    """Every .ocd2 file a configuration names, in its normalisation and its
    conversion chain, groups included."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("ocd2", "text", "ocd"):
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in config.items() if k in ("normalization", "conversion_chain")})
    return found


def entries(tool: str, path: str) -> list[tuple[str, str]]:
    """(key, first value) of every entry of one .ocd2 file."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "dict.txt")
        subprocess.run([tool, "-i", path, "-o", out, "-f", "ocd2", "-t", "text"], check=True)
        with open(out, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return [(key, values.split(" ")[0]) for key, values in rows]


def main() -> int:
    config_path = opencc.OpenCC("t2s").config
    folder = os.path.dirname(config_path)
    tool = os.path.join(os.path.dirname(opencc.__file__), "clib", "bin", "opencc_dict")
    with open(config_path, encoding="utf-8") as f:
        files = dictionary_files(json.load(f))
    found: list[tuple[str, str]] = []
    for name in files:
        for key, value in entries(tool, os.path.join(folder, name)):
            # to_simplified relies on both: a conversion never crosses a line,
            # and every replacement is one character for one
            if "\n" in key or len(key) != len(value) or " " in key or "=" in key:
                print(f"{name}: entry {key!r} -> {value!r} breaks an assumption", file=sys.stderr)
                return 1
            found.append((key, value))
    changed = {k for key, value in found for k, v in zip(key, value) if k != v}
    by_itself = {key for key, value in found if len(key) == 1 and key != value}
    weak = changed - by_itself
    phrases = sorted({f"{key}={value}" for key, value in found
                      if any(k != v and k in weak for k, v in zip(key, value))})
    lines = [HEADER, f"opencc {opencc.__version__}\n"]
    for name in [os.path.basename(config_path), *files]:
        with open(os.path.join(folder, name), "rb") as f:
            lines.append(f"sha256 {name} {hashlib.sha256(f.read()).hexdigest()}\n")
    # characters beyond the BMP are all taken as changeable (a regex class
    # listing them one by one is slow to search)
    lines.append("chars " + "".join(sorted(c for c in changed if ord(c) < 0x10000)) + "\n")
    lines.append("weak " + "".join(sorted(weak)) + "\n")
    lines.append("phrases " + " ".join(phrases) + "\n")
    OUT.write_text("".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(changed)} characters ({len(weak)} weak, in {len(phrases)} phrases) from {len(files)} dictionaries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
