"""Regular expressions compiled once per machine, not once per run.

plankit's stages hold about 150 patterns, several of them alternations of a
vocabulary. Python's ``re`` compiles a pattern in pure Python (parse, then
generate the matcher's code), which at every start of the command line took
about 70 ms of a 4 KB parse's 440 ms. This module keeps what the compiler
produced, the arguments of the final ``_sre.compile`` call, in this user's
cache folder (:func:`plankit.lexicon.cache_dir`) and hands them straight to
``_sre.compile`` in later runs: the same pattern object, without the work.

The file is keyed by the exact interpreter (``sys.version``) and the matcher's
code version (``_sre.MAGIC``): another Python never reads it. Anything
unexpected (no cache folder, an unreadable file, an interpreter whose
compiler looks different) falls back to ``re.compile``, which is always
correct; the cache only ever saves time.

>>> compile(r"(?P<n>\\d+)元").match("70元").group("n")
'70'
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import threading
from typing import Optional

from plankit.lexicon import cache_dir, read_cache, write_cache

try:  # the compiler's private parts, as CPython 3.10-3.13 name them
    import _sre

    try:
        from re import _compiler
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _compiler  # type: ignore[no-redef]
except ImportError:  # pragma: no cover - another implementation: plain re.compile
    _sre = None  # type: ignore[assignment]

__all__ = ["compile"]

#: more patterns than plankit has: the file starts afresh beyond it (data
#: files that changed leave their old patterns behind)
MAX_ENTRIES = 2000
_FORMAT = "plankit regex 1"

_lock = threading.Lock()
_entries: Optional[dict] = None  # (pattern, flags) -> the arguments of _sre.compile
_added = False


def compile(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from this machine's cache when it can."""
    if _sre is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    flags = int(flags)
    entries = _load()
    args = entries.get((pattern, flags))
    if args is not None:
        try:
            return _sre.compile(*args)
        except Exception:  # a damaged entry: compile it afresh below
            pass
    compiled, args = _compile_recorded(pattern, flags)
    if args is not None:
        global _added
        with _lock:
            entries[(pattern, flags)] = args
            _added = True
    return compiled


class _Recorder:
    """``_sre`` for the compiler, recording the arguments of its final call."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.args = None

    def compile(self, *args):
        if args and args[0] == self.pattern:
            self.args = args
        return _sre.compile(*args)

    def __getattr__(self, name):
        return getattr(_sre, name)


def _compile_recorded(pattern: str, flags: int):
    """The compiled pattern, and the arguments that rebuild it (or None)."""
    recorder = _Recorder(pattern)
    with _lock:
        _compiler._sre = recorder
        try:
            compiled = _compiler.compile(pattern, flags)
        except Exception:
            compiled = None
        finally:
            _compiler._sre = _sre
    if compiled is None:  # let re raise its own error, with its own message
        return re.compile(pattern, flags), None
    args = recorder.args
    if args is not None:  # the code's opcodes are int subclasses, which marshal refuses
        args = tuple([int(c) for c in a] if isinstance(a, list) else a for a in args)
        try:
            marshal.dumps(args)
        except ValueError:
            args = None
    return compiled, args


def _path() -> Optional[str]:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.md5(f"{_FORMAT}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}".encode()).hexdigest()
    return os.path.join(folder, f"regex.{key}.cache")


def _load() -> dict:
    global _entries
    if _entries is None:
        with _lock:
            if _entries is None:
                loaded = read_cache(_path())  # none yet, or unreadable: compile, and write a new one at exit
                _entries = loaded if isinstance(loaded, dict) else {}
                atexit.register(_save)
    return _entries


def _save() -> None:
    """Write the patterns compiled in this run (at exit, once, atomically)."""
    global _added
    if not _added or _entries is None:
        return
    _added = False
    path = _path()
    if path is None:
        return
    write_cache(path, _entries if len(_entries) <= MAX_ENTRIES else {})
