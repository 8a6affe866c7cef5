"""Write src/massage_match/kb/english_words.txt: the English words the typo repair leaves alone, from
pyspellchecker's English frequency list.

    python -m pip install 'pyspellchecker==0.9.1'   # (in the test extra)
    python scripts/english_words.py          # rewrite the snapshot
    python scripts/english_words.py --check  # exit 1 if the snapshot is stale

Kept: plain lowercase words of three letters or more (shorter ones are never repaired). The list's
rarest entries (frequency 50, its floor) are kept too: they are where the trade words live ("belaying",
"plasterer", "brickie"), and the typo repair already leaves a word alone when any known word reads it.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from importlib import resources
from pathlib import Path

from massage_match.kb.snapshot_files import write_or_check

SNAPSHOT = Path(__file__).resolve().parents[1] / "src" / "massage_match" / "kb" / "english_words.txt"
_PLAIN = re.compile(r"[a-z]{3,}")


def current() -> str:
    data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    frequencies: dict[str, int] = json.loads(gzip.decompress(data))
    return "\n".join(sorted(w for w in frequencies if _PLAIN.fullmatch(w))) + "\n"


def main(argv: list[str]) -> int:
    return write_or_check(SNAPSHOT, current(), argv, encoding="ascii")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
