"""The JSON writer reuses encoded fragments: its text must be exactly what json.dumps gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from massage_match.engine import engine_for
from massage_match.model import KnowledgeBase
from massage_match.output.records import recommendation_json

PHRASINGS = Path(__file__).parent / "data" / "symptom_phrasings.tsv"
HEALTH = [(), ("on warfarin",), ("12 weeks pregnant", "history of DVT"), ("no fever",), ("gibberish zzqx",)]


@pytest.mark.parametrize("explain", [False, True])
def test_reused_fragments_give_the_same_text_as_encoding_whole(kb: KnowledgeBase, explain: bool) -> None:
    engine = engine_for(kb)
    lines = [x.split("\t")[0] for x in PHRASINGS.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    for i, symptom in enumerate(lines[:300]):
        rec = engine.recommend(symptom, HEALTH[i % len(HEALTH)], top=(i % 4) or None)
        if i % 3 == 0:
            rec = rec._replace(record_id=f"R{i}")
        assert recommendation_json(rec, explain) == json.dumps(rec.to_dict(explain), ensure_ascii=False)
