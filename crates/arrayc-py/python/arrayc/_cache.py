"""Where the persistent compile cache lives (`cache=True`), and saying once when it cannot
be used.

`cache=True` keeps compiled programs in `$ARRAYC_CACHE_DIR` if it is set, else in
`$XDG_CACHE_HOME/arrayc` (by default `~/.cache/arrayc`); `cache="DIR"` names a directory.
Nothing is written without `cache`. Knows nothing of compiling: the extension reads and
writes the files.
"""
from __future__ import annotations

import os
import warnings
from typing import Any, Mapping, Optional, Union

CacheOption = Union[bool, str, "os.PathLike[str]", None]


def default_directory() -> str:
    """`$ARRAYC_CACHE_DIR`, else `$XDG_CACHE_HOME/arrayc`, else `~/.cache/arrayc`."""
    chosen = os.environ.get("ARRAYC_CACHE_DIR")
    if chosen:
        return chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "arrayc")


def directory(cache: CacheOption) -> Optional[str]:
    """The directory `cache=` asks for, or None for no persistent cache."""
    if cache is None or cache is False:
        return None
    if cache is True:
        return default_directory()
    if isinstance(cache, (str, os.PathLike)):
        return os.fspath(cache)
    raise TypeError(f"cache must be True, False or a directory, not {type(cache).__name__}")


def warn_if_noted(report: Mapping[str, Any]) -> None:
    """A `RuntimeWarning` with the report's cache note (the library gives one per directory
    and process: the directory could not be written, so nothing was cached there)."""
    note = report.get("cache_note")
    if note:
        warnings.warn(f"arrayc: {note}", RuntimeWarning, stacklevel=4)
