"""The package's compiled code, kept in the user's cache directory when Python may not write it.

With PYTHONDONTWRITEBYTECODE set (common in containers and CI) and the package run from a checkout
(the editable install the README uses), Python compiles every module from source on every call,
which takes about as long as everything else a query does. This keeps the compiled code objects
beside the knowledge-base cache instead, checked against each source file's size and modification
time as a .pyc file is. It steps aside whenever Python keeps bytecode itself, and with
MASSAGE_MATCH_CACHE=off. Like the knowledge-base cache, it is read only from a file the user owns
and no one else may write.
"""

from __future__ import annotations

import contextlib
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
    if getuid is not None and info.st_uid != getuid():
        return False
    return not info.st_mode & 0o022


class _Loader(SourceFileLoader):
    def get_code(self, fullname: str) -> CodeType | None:
        global _changed
        path = self.get_filename(fullname)
        try:
            info = os.stat(path)
        except OSError:
            return super().get_code(fullname)
        stamp = (info.st_mtime_ns, info.st_size)
        kept = _codes.get(path)
        if kept is not None and kept[0] == stamp:
            try:
                code = marshal.loads(kept[1])
            except (EOFError, ValueError, TypeError):
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


def _file() -> str | None:
    folder = cache_dir()
    tag = f"{sys.implementation.cache_tag}-{marshal.version}"
    return None if folder is None else os.path.join(folder, f"code-{tag}.bin")


def install(package_spec: ModuleSpec | None) -> None:
    """Serve this package's modules from the code cache, if Python is not keeping bytecode itself."""
    cached = package_spec.cached if package_spec is not None else None
    if not sys.dont_write_bytecode or (cached and os.path.exists(cached)):
        return
    path = _file()
    if path is None:
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        pass
    else:
        try:
            with os.fdopen(fd, "rb") as f:
                if trustworthy(os.fstat(f.fileno())):
                    found = marshal.loads(f.read())
                    _codes.update(_well_formed(found))
        except (OSError, EOFError, ValueError, TypeError):
            _codes.clear()  # unreadable: compiled afresh and rewritten at exit
    sys.meta_path.insert(0, _Finder)
    import atexit

    atexit.register(_save, path)


def _well_formed(found: object) -> dict[str, tuple[tuple[int, int], bytes]]:
    if not isinstance(found, dict):
        return {}
    return {
        path: (stamp, code)
        for path, kept in found.items()
        if isinstance(path, str) and isinstance(kept, tuple) and len(kept) == 2
        for stamp, code in [kept]
        if isinstance(code, bytes) and isinstance(stamp, tuple) and len(stamp) == 2
    }


def _save(path: str) -> None:
    """Best effort, at exit: a cache that cannot be written only costs time on the next call."""
    if not _changed:
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(_codes))
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
