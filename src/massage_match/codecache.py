"""The package's compiled code, kept in the user's cache directory when Python may not write it.

With PYTHONDONTWRITEBYTECODE set (common in containers and CI) and the package run from a checkout
(the editable install the README uses), Python compiles every module from source on every call,
which takes about as long as everything else a query does. This keeps the compiled code beside the
knowledge-base cache instead, checked against each source file's size and modification time as a
.pyc file is. It steps aside whenever Python keeps bytecode itself, and with MASSAGE_MATCH_CACHE=off;
like the knowledge-base cache, it is read only from a file the user owns and no one else may write.
(This module itself is compiled on every call: it is kept small.)
"""

from __future__ import annotations

import marshal
import os
import sys
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from types import CodeType

CACHE_ENV = "MASSAGE_MATCH_CACHE"  # a directory, or "off" to neither read nor write a cache
PACKAGE = __name__.rpartition(".")[0]

# source path -> ((mtime_ns, size), marshalled code): unmarshalled only for the modules a call imports
_codes: dict[str, tuple[tuple[int, int], bytes]] = {}
_changed = False


def cache_dir() -> str | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "massage-match")


def trustworthy(info: os.stat_result) -> bool:
    """Only a regular file the user owns, that no one else may write."""
    getuid = getattr(os, "getuid", None)
    return (getuid is None or info.st_uid == getuid()) and not info.st_mode & 0o022


class _Loader(SourceFileLoader):
    def get_code(self, fullname: str) -> CodeType | None:
        global _changed
        path = self.get_filename(fullname)
        info = os.stat(path)
        stamp = (info.st_mtime_ns, info.st_size)
        try:
            kept_stamp, blob = _codes[path]
            code = marshal.loads(blob) if kept_stamp == stamp else None
        except (KeyError, TypeError, ValueError, EOFError):
            code = None
        if isinstance(code, CodeType):
            return code
        code = super().get_code(fullname)
        if code is not None:
            _codes[path] = (stamp, marshal.dumps(code))
            _changed = True
        return code


class _Finder:
    """Hands this package's submodules to the loader above; everything else is left alone."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if not name.startswith(PACKAGE + "."):
            return None
        spec = PathFinder.find_spec(name, path, target)  # type: ignore[arg-type]
        if spec is not None and type(spec.loader) is SourceFileLoader:
            spec.loader = _Loader(spec.loader.name, spec.loader.path)
        return spec


def install(package_spec: ModuleSpec | None) -> None:
    """Serve this package's modules from the code cache, if Python is not keeping bytecode itself."""
    cached = package_spec.cached if package_spec is not None else None
    folder = cache_dir()
    if not sys.dont_write_bytecode or folder is None or (cached and os.path.exists(cached)):
        return
    path = os.path.join(folder, f"code-{sys.implementation.cache_tag}-{marshal.version}.bin")
    try:
        with open(path, "rb") as f:
            if trustworthy(os.fstat(f.fileno())):
                found = marshal.loads(f.read())
                if isinstance(found, dict):
                    _codes.update(found)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # unreadable: everything is compiled afresh and the file rewritten at exit
    sys.meta_path.insert(0, _Finder)
    import atexit

    atexit.register(_save, path)


def _save(path: str) -> None:
    if _changed:
        from .cache import write_private_file

        write_private_file(path, marshal.dumps(_codes))
