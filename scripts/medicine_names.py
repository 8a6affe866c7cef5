"""Write src/massage_match/kb/medicine_names.json: for each generic medicine the knowledge base lists,
the names clients write for it, from the drug-named-entity-recognition dictionary.

    python -m pip install 'drug-named-entity-recognition==2.0.9'   # (in the test extra)
    python scripts/medicine_names.py          # rewrite the snapshot
    python scripts/medicine_names.py --check  # exit 1 if the snapshot is stale

Run it after adding a generic to a contraindication's `medicines:` list.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from massage_match.kb import load_knowledge_base
from massage_match.kb.medicines import medicine_names
from massage_match.kb.snapshot_files import write_or_check

SNAPSHOT = Path(__file__).resolve().parents[1] / "src" / "massage_match" / "kb" / "medicine_names.json"


def current() -> str:
    kb = load_knowledge_base()
    generics = sorted({g for c in kb.contraindications for g in c.medicines})
    names = medicine_names(generics)
    # The generic itself is always a name: only the others are kept.
    return json.dumps({g: [n for n in names[g] if n != g] for g in generics}, indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    return write_or_check(SNAPSHOT, current(), argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
