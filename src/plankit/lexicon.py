"""Language knowledge kept as data: loads ``plankit/data/*.toml`` once.

Parsing TOML is pure Python and the vocabularies are large (a few
milliseconds each, tens at start-up), so each parsed file is also kept in
this user's cache folder (:func:`cache_dir`), keyed by the file's content:
a later run reads it back with marshal in a fraction of the time, and a
changed file is parsed again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

DATA_DIR = Path(__file__).parent / "data"
_CACHE_FORMAT = b"plankit toml 1"


@lru_cache(maxsize=1)
def cache_dir() -> Optional[str]:
    """A folder of this user's own for caches (``$XDG_CACHE_HOME/plankit``,
    else a per-user folder in the temp folder), or None when none can be
    written: caches are a convenience, never a requirement."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    candidates = [os.path.join(base, "plankit"), os.path.join(tempfile.gettempdir(), f"plankit-{os.getuid()}")
                  if hasattr(os, "getuid") else None]
    for folder in filter(None, candidates):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def read_cache(path: Optional[str]) -> Any:
    """What :func:`write_cache` kept at ``path``, or None when there is
    none or it cannot be read (a cache only ever saves time)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            return marshal.loads(f.read())  # marshal.load(f) reads in small pieces: 5x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_cache(path: Optional[str], data: Any) -> None:
    """Keep ``data`` (marshal's types) at ``path``, atomically: a reader
    sees the old file or the new one, and a failure leaves neither a
    temporary file nor an error (a cache is a convenience)."""
    if path is None:
        return
    folder, name = os.path.split(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=name.split(".")[0] + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(data))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed ``data/NAME.toml``."""
    raw = (DATA_DIR / f"{name}.toml").read_bytes()
    folder = cache_dir()
    path = None
    if folder is not None:
        path = os.path.join(folder, f"{name}.{hashlib.md5(_CACHE_FORMAT + raw).hexdigest()}.toml.cache")
        cached = read_cache(path)
        if isinstance(cached, dict):
            return cached
    if sys.version_info >= (3, 11):  # imported only when a file is not cached
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    data = tomllib.loads(raw.decode("utf-8"))
    write_cache(path, data)
    return data
