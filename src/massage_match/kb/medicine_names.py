"""The names clients write for the knowledge base's medicines, joined to their contraindications' terms
when the knowledge base is built.

Each contraindication lists generic names (`medicines:`); medicine_names.json, shipped with the
package, holds for each generic its brand names and synonyms as the drug-named-entity-recognition
dictionary gives them (DrugBank open vocabulary, MeSH, NHS names). The file is a snapshot written by
scripts/medicine_names.py: the dictionary takes 1.5 s and 350 MB to load, which no build should pay,
and a snapshot keeps a knowledge base's meaning from changing with an upgrade of that package.
A generic the snapshot lacks (a clinic's own addition) is known by its own name only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources

from massage_match.model import Contraindication

SNAPSHOT = "medicine_names.json"


@cache
def snapshot() -> Mapping[str, tuple[str, ...]]:
    text = resources.files("massage_match.kb").joinpath(SNAPSHOT).read_text(encoding="utf-8")
    return {generic: tuple(names) for generic, names in json.loads(text).items()}


def with_medicine_names(
    contraindications: Iterable[Contraindication], phrase: Callable[[str], tuple[str, ...]]
) -> list[Contraindication]:
    """Each contraindication with the names of its medicines (beside its terms).

    A name that reads the same as a term some entry already has (`phrase` gives the reading), or as
    a name an earlier entry took, is left where it was: the hand-written terms decide ("Xgeva" is a
    bone-metastasis term, so denosumab's Xgeva does not make it osteoporosis)."""
    entries = list(contraindications)
    taken = {phrase(term) for c in entries for term in (c.name, *c.terms)}
    names = snapshot()
    result = []
    for c in entries:
        added: list[str] = []
        for generic in c.medicines:
            for name in (generic, *names.get(generic, ())):
                reading = phrase(name)
                if reading and reading not in taken:
                    taken.add(reading)
                    added.append(name)
        result.append(c._replace(medicine_names=tuple(added)) if added else c)
    return result
