"""json (one array, streamed) and jsonl (one object per line)."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any

from massage_match.model import Recommendation
from massage_match.model.results import RECOMMENDATION_JSON, JsonField
from massage_match.output import Listing, TextOut
from massage_match.output.summary import summary

FRAGMENT_MEMO = 4096  # distinct encoded values kept per shared field: bounded memory however long the batch


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


class RecommendationEncoder:
    """json.dumps(rec.to_dict(explain), ensure_ascii=False), character for character, derived from the
    same field list. A batch gives the same advice for the same condition and health again and again:
    a field marked shared (the advice, most of the text) is encoded once per distinct value and reused;
    each run of the record's own fields is encoded in one json.dumps call."""

    def __init__(self, explain: bool):
        fields = [f for f in RECOMMENDATION_JSON if explain or not f.explain_only]
        self._steps: list[Callable[[Recommendation], str]] = []  # each gives "key": value, ... or ""
        own: list[JsonField] = []
        for field in fields:
            if field.shared_by is None:
                own.append(field)
                continue
            if own:
                self._steps.append(_own_fields(own))
                own = []
            self._steps.append(_shared_field(field))
        if own:
            self._steps.append(_own_fields(own))

    def __call__(self, rec: Recommendation) -> str:
        texts = [step(rec) for step in self._steps]
        return "{" + ", ".join([text for text in texts if text]) + "}"


def _own_fields(fields: list[JsonField]) -> Callable[[Recommendation], str]:
    specs = [(f.key, f.value) for f in fields]
    omittable = [f.key for f in fields if f.omitted_when_none]

    def encode(rec: Recommendation) -> str:
        data = {key: value(rec) for key, value in specs}
        for key in omittable:
            if data[key] is None:
                del data[key]
        return _dumps(data)[1:-1] if data else ""

    return encode


def _shared_field(field: JsonField) -> Callable[[Recommendation], str]:
    prefix = _dumps(field.key) + ": "
    memo: dict[Hashable, str] = {}
    shared_by = field.shared_by
    assert shared_by is not None

    def encode(rec: Recommendation) -> str:
        key = shared_by(rec)
        found = memo.get(key)
        if found is None:
            value = field.value(rec)
            if value is None and field.omitted_when_none:
                return ""
            if len(memo) >= FRAGMENT_MEMO:
                memo.clear()
            found = memo[key] = prefix + _dumps(value)
        return found

    return encode


def recommendation_json(rec: Recommendation, explain: bool) -> str:
    """One recommendation as JSON text (a stream keeps one encoder, and so its reused fragments)."""
    return RecommendationEncoder(explain)(rec)


class _RecommendationJson:
    def __init__(self, out: TextOut, explain: bool, lines: bool):
        self.out = out
        self.lines = lines
        self.encode = RecommendationEncoder(explain)
        self.count = 0
        if not lines:
            out.write("[")  # the array opens at once: a stream shows its first object as soon as it exists

    def render(self, rec: Recommendation, position: int) -> str:
        return self.encode(rec)

    def write(self, rendered: str) -> None:
        if self.lines:
            self.out.write(rendered + "\n")
        else:
            self.out.write(("\n" if not self.count else ",\n") + rendered)
        self.count += 1

    def close(self) -> None:
        if not self.lines:
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()


class _SummaryJson(_RecommendationJson):
    """One summary object per recommendation, in the json or jsonl layout of the full answers."""

    def render(self, rec: Recommendation, position: int) -> str:
        return _dumps(summary(rec, position))


class JsonFormat:
    # (A plain class, not a dataclass: the dataclasses module costs a call about 1.5 ms to import.)
    def __init__(self, lines: bool):
        self.lines = lines  # jsonl: one compact object per line; json: one indented document

    def recommendations(self, out: TextOut, explain: bool, color: bool) -> _RecommendationJson:
        return _RecommendationJson(out, explain, self.lines)

    def summaries(self, out: TextOut, color: bool) -> _SummaryJson:
        return _SummaryJson(out, False, self.lines)

    def listing(self, listing: Listing, out: TextOut, color: bool) -> None:
        if self.lines:
            for row in listing.rows:
                out.write(_dumps(row) + "\n")
        else:
            out.write(json.dumps(list(listing.rows), ensure_ascii=False, indent=2) + "\n")

    def detail(self, kind: str, data: dict[str, Any], out: TextOut, color: bool) -> None:
        payload = {"type": kind, **data}
        out.write((_dumps(payload) if self.lines else json.dumps(payload, ensure_ascii=False, indent=2)) + "\n")

    def report(self, data: dict[str, Any], text: str, out: TextOut) -> None:
        out.write(json.dumps(data) + "\n")


JSON = JsonFormat(lines=False)
JSONL = JsonFormat(lines=True)
