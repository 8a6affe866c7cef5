"""The JSON writer reuses encoded fragments: its text must be exactly what json.dumps gives."""

from __future__ import annotations

import json

import pytest

from massage_match.engine import Engine
from massage_match.output.json_format import recommendation_json

from ..conftest import DATA

PHRASINGS = DATA / "symptom_phrasings.tsv"
HEALTH = [(), ("on warfarin",), ("12 weeks pregnant", "history of DVT"), ("no fever",), ("gibberish zzqx",)]


@pytest.mark.parametrize("explain", [False, True])
def test_reused_fragments_give_the_same_text_as_encoding_whole(engine: Engine, explain: bool) -> None:
    lines = [x.split("\t")[0] for x in PHRASINGS.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    for i, symptom in enumerate(lines[:300]):
        rec = engine.recommend(symptom, HEALTH[i % len(HEALTH)], top=(i % 4) or None)
        if i % 3 == 0:
            rec = rec._replace(record_id=f"R{i}")
        assert recommendation_json(rec, explain) == json.dumps(rec.to_dict(explain), ensure_ascii=False)
