"""Every format in the registry renders every kind of output; the JSON of a recommendation is one
definition, which the fast encoder follows character for character."""

from __future__ import annotations

import csv
import errno
import io
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from massage_match.engine import Engine
from massage_match.model import Recommendation
from massage_match.model.results import RECOMMENDATION_JSON
from massage_match.output import FORMATS, Listing
from massage_match.output.json_format import RecommendationEncoder

from ..conftest import DATA


def _json_array(text: str) -> list[Any]:
    data = json.loads(text)
    assert isinstance(data, list)
    return data


def _json_lines(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines()]


def _delimited(dialect: str) -> Callable[[str], list[Any]]:
    return lambda text: list(csv.DictReader(io.StringIO(text), dialect=dialect))


# How to read each machine format back; a person's table is checked for the words instead.
READERS: dict[str, Callable[[str], list[Any]]] = {
    "json": _json_array,
    "jsonl": _json_lines,
    "csv": _delimited("excel"),
    "tsv": _delimited("excel-tab"),
}


def _recommendations(engine: Engine) -> list[Recommendation]:
    return [
        engine.recommend("neck pain", ("on warfarin",)),
        engine.recommend("qwertyuiop zzqx", ())._replace(record_id="R2"),
    ]


def test_every_format_is_read_back_or_is_the_table() -> None:
    assert set(FORMATS) == set(READERS) | {"table"}


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_streams_recommendations(name: str, engine: Engine) -> None:
    out = io.StringIO()
    stream = FORMATS[name].recommendations(out, explain=False, color=False)
    for position, rec in enumerate(_recommendations(engine), start=1):
        stream.write(stream.render(rec, position))
    stream.close()
    text = out.getvalue()
    if name == "table":
        assert "'neck pain' -> Neck pain" in text and "no condition matched" in text
        assert "\x1b[" not in text
        return
    records = READERS[name](text)
    if name in ("json", "jsonl"):
        assert [r["query"] for r in records] == ["neck pain", "qwertyuiop zzqx"]
        assert records[1]["record"] == "R2" and records[1]["match"] is None
    else:
        assert {r["record"] for r in records} == {"1", "R2"}
        assert any(r["modality_id"] and r["condition_id"] == "neck-pain" for r in records)


@pytest.mark.parametrize("name", FORMATS)
def test_an_empty_stream_is_still_a_document(name: str) -> None:
    out = io.StringIO()
    FORMATS[name].recommendations(out, explain=False, color=False).close()
    if name == "json":
        assert json.loads(out.getvalue()) == []
    elif name in ("csv", "tsv"):
        assert out.getvalue().startswith("record")
    else:
        assert out.getvalue() == ""


LISTING = Listing(
    "Things",
    [{"id": "a", "name": "Alpha", "codes": ["=SUM(1)", "X1"]}, {"id": "b", "name": "Beta", "codes": []}],
    [("id", "id"), ("name", "name"), ("codes", "codes")],
    [("id", "ID"), ("count", "How many")],
    [{"id": "a", "count": 2}, {"id": "b", "count": 0}],
)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_writes_a_listing(name: str) -> None:
    out = io.StringIO()
    FORMATS[name].listing(LISTING, out, color=False)
    text = out.getvalue()
    if name == "table":  # a person sees the summary columns
        assert "How many" in text and "Things" in text and "Alpha" not in text
    elif name in ("json", "jsonl"):  # whole records, nothing added for the table
        assert READERS[name](text) == list(LISTING.rows)
    else:
        assert READERS[name](text) == [
            {"id": "a", "name": "Alpha", "codes": "'=SUM(1); X1"},  # a formula stays text
            {"id": "b", "name": "Beta", "codes": ""},
        ]


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_writes_a_detail(name: str) -> None:
    out = io.StringIO()
    FORMATS[name].detail("condition", {"id": "sciatica", "name": "Sciatica", "icd10": ["M54.30"]}, out, color=False)
    text = out.getvalue()
    if name == "table":
        assert "condition: Sciatica" in text and "M54.30" in text
    elif name in ("json", "jsonl"):
        record = json.loads(text)
        assert record == {"type": "condition", "id": "sciatica", "name": "Sciatica", "icd10": ["M54.30"]}
    else:
        assert READERS[name](text) == [
            {"field": "type", "value": "condition"},
            {"field": "id", "value": "sciatica"},
            {"field": "name", "value": "Sciatica"},
            {"field": "icd10", "value": "M54.30"},
        ]


def test_a_table_to_a_reader_that_left_raises_broken_pipe_instead_of_exiting(engine: Engine) -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    stream = FORMATS["table"].recommendations(Gone(), explain=False, color=False)
    rec = engine.recommend("neck pain", ())
    with pytest.raises(BrokenPipeError):  # Rich's own handler would raise SystemExit(1)
        stream.write(stream.render(rec, 1))


def test_importing_the_package_loads_no_rich() -> None:
    code = "import sys, massage_match.output, massage_match.cli; print(sorted(m for m in sys.modules if 'rich' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_the_json_keys_come_in_the_contract_order(engine: Engine) -> None:
    rec = engine.recommend("neck pain", ())._replace(record_id="7")
    assert list(rec.to_dict()) == [
        "record",
        "query",
        "match",
        "alternatives",
        "complaints",
        "referral",
        "health",
        "modalities",
        "plan",
    ]
    assert list(rec._replace(record_id=None).to_dict(explain=True))[-1] == "explanation"
    assert [f.key for f in RECOMMENDATION_JSON][:2] == ["record", "query"]


HEALTH = [(), ("on warfarin",), ("12 weeks pregnant", "history of DVT"), ("no fever",), ("gibberish zzqx",)]


@pytest.mark.parametrize("explain", [False, True])
def test_one_encoder_reusing_its_fragments_gives_what_json_dumps_gives(engine: Engine, explain: bool) -> None:
    text = (DATA / "symptom_phrasings.tsv").read_text(encoding="utf-8")
    lines = [x.split("\t")[0] for x in text.splitlines() if x and x[0] != "#"]
    encode = RecommendationEncoder(explain)  # one for the whole batch, as a stream keeps it
    for i, symptom in enumerate(lines[:300] * 2):  # the second pass is answered from reused fragments
        rec = engine.recommend(symptom, HEALTH[i % len(HEALTH)], top=(i % 4) or None)
        if i % 3 == 0:
            rec = rec._replace(record_id=f"R{i}")
        assert encode(rec) == json.dumps(rec.to_dict(explain), ensure_ascii=False)


def test_the_table_leads_with_what_was_not_assessed(engine: Engine) -> None:
    out = io.StringIO()
    writer = FORMATS["table"].recommendations(out, explain=False, color=False)
    writer.write(engine.recommend("lower back pain", ["lupus flare", "on warfarin"]))
    writer.close()
    first = out.getvalue().splitlines()[0]
    assert first.startswith("NOT ASSESSED: health term 'lupus flare' was not understood")


def test_the_complaints_list_starts_with_the_match(engine: Engine) -> None:
    data = engine.recommend("neck pain", ()).to_dict()
    assert data["complaints"][0] == {"query": "neck pain", "match": data["match"]}
    assert engine.recommend("I like gardening", ()).to_dict()["complaints"] == [
        {"query": "I like gardening", "match": None}
    ]


def test_several_complaints_share_one_list_of_modalities(engine: Engine) -> None:
    data = engine.recommend("sciatica and a stiff neck", ()).to_dict()
    assert [c["match"]["id"] for c in data["complaints"]] == ["sciatica", "neck-pain"]
    assert data["complaints"][0]["match"] == data["match"]
    ids = [m["id"] for m in data["modalities"]]
    assert len(ids) == len(set(ids))  # each modality once
    shared = [m for m in data["modalities"] if "complaints" in m]
    assert shared and all(set(m["complaints"]) == {"sciatica", "neck-pain"} for m in shared)


def test_one_body_area_read_twice_is_one_complaint(engine: Engine) -> None:
    assert len(engine.recommend("rear-ended last week, neck sore and stiff", ()).to_dict()["complaints"]) == 1
