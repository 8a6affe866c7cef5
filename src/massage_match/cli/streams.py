"""Our two output streams as the commands use them: failures to write become exit codes, never tracebacks."""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO

from massage_match.errors import OutputFailed

_CLOSED = OSError(errno.EBADF, "standard output is closed")


def _escaped(text: str, stream: Any) -> str:
    # Text the stream's encoding cannot hold (an undecodable byte of an argument arrives as a lone
    # surrogate; PYTHONIOENCODING=ascii:strict) is written as backslash escapes rather than lost.
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return text.encode(encoding, "backslashreplace").decode(encoding)


class Output:
    """Standard output for renderers: a failed write (a full disk, an I/O error, a closed stdout)
    raises OutputFailed (exit 5); a reader that left stays a BrokenPipeError (a quiet end)."""

    def __init__(self, stream: TextIO | None):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._live().write(text)
        except UnicodeEncodeError:
            return self._write_escaped(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None
        except ValueError:  # "I/O operation on closed file"
            raise OutputFailed(_CLOSED) from None

    def _write_escaped(self, text: str) -> int:
        try:
            return self._live().write(_escaped(text, self._stream))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None
        except ValueError:
            raise OutputFailed(_CLOSED) from None

    def _live(self) -> TextIO:
        if self._stream is None:  # started with stdout closed (`>&-`)
            raise OutputFailed(_CLOSED)
        return self._stream

    def __getattr__(self, name: str) -> Any:
        # What else a writer may ask (isatty, encoding, fileno: Rich does) is the stream's to answer.
        return getattr(self._live(), name)


def discard_stdout() -> None:
    """Point stdout at /dev/null: what is still buffered for a reader that left (or a full disk)
    then cannot fail again when the interpreter flushes it at exit."""
    _point_at_devnull(sys.stdout)


def _point_at_devnull(stream: Any) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's stream, or closed): nothing will be flushed to it


class _Stderr:
    """Whether a message for stderr was lost in this run: the run then must not end with 0."""

    lost = False


STDERR = _Stderr()


def say(line: str) -> None:
    """One line on stderr. A stderr that cannot take it (full, closed) must not stop the run or cut
    stdout short: the loss is only remembered."""
    stream = sys.stderr
    try:
        if stream is None:
            raise OSError(errno.EBADF, "standard error is closed")
        try:
            stream.write(line + "\n")
        except UnicodeEncodeError:
            stream.write(_escaped(line + "\n", stream))
        stream.flush()
    except (OSError, ValueError):
        STDERR.lost = True


def warn(message: str) -> None:
    say(f"massage-match: {message}")


def flush_at_exit() -> OSError | None:
    """Flush both streams before the process ends, and say why stdout could not be (None: it was).
    What could not be written is dropped (the stream pointed at /dev/null), so that the interpreter's
    own flush at exit cannot fail again and turn the exit code into 120."""
    failed: OSError | None = None
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            _point_at_devnull(stream)
        except (OSError, ValueError) as exc:
            _point_at_devnull(stream)
            if stream is sys.stderr:
                STDERR.lost = True
            else:
                failed = exc if isinstance(exc, OSError) else _CLOSED
    return failed
