"""BLAKE2b, the digest that names a knowledge base and its store.

Taken from the interpreter's own module rather than through hashlib, whose import loads OpenSSL:
about 5 ms of every call's start-up, for a function the standard library also ships by itself.
"""

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

__all__ = ["blake2b"]
