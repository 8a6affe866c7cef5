"""End to end through Click: every command, every format, the exit codes of the contract."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from massage_match.cli.app import COMMANDS
from massage_match.output import FORMATS

from ..conftest import run, run_json

ANSI = re.compile(r"\x1b\[")
CONTRACT_KEYS = {"query", "match", "alternatives", "referral", "health", "modalities"}
MODALITY_KEYS = {"id", "name", "status", "score", "reasons", "adjustments", "cpt"}
OPTIONAL_MODALITY_KEYS = {"evidence", "declined", "complaints"}  # beyond the contract, only when they apply


def test_recommend_json_follows_the_contract() -> None:
    data, result = run_json("recommend", "--symptom", "lower back pain")
    assert result.exit_code == 0
    assert len(data) == 1
    rec = data[0]
    assert set(rec) >= CONTRACT_KEYS
    assert rec["query"] == "lower back pain"
    assert rec["match"]["id"] == "low-back-pain"
    assert rec["match"]["icd10"][0] == "M54.50"
    assert 0 <= rec["match"]["score"] <= 100
    assert rec["referral"] is None
    assert rec["modalities"], "a matched condition has modalities"
    for m in rec["modalities"]:
        assert MODALITY_KEYS <= set(m) <= MODALITY_KEYS | OPTIONAL_MODALITY_KEYS
        assert m["status"] in ("recommended", "caution", "avoid")


def test_symptoms_come_back_in_input_order() -> None:
    data, result = run_json("recommend", "-s", "sciatica", "-s", "neck pain", "-s", "migraine")
    assert [d["query"] for d in data] == ["sciatica", "neck pain", "migraine"]
    assert [d["match"]["id"] for d in data] == ["sciatica", "neck-pain", "migraine"]


def test_jsonl_is_one_object_per_line() -> None:
    result = run("--format", "jsonl", "recommend", "-s", "sciatica", "-s", "neck pain")
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["query"] for line in lines] == ["sciatica", "neck pain"]


@pytest.mark.parametrize("fmt,dialect", [("csv", "excel"), ("tsv", "excel-tab")])
def test_delimited_output_has_a_header_and_a_row_per_modality(fmt: str, dialect: str) -> None:
    result = run("--format", fmt, "recommend", "-s", "frozen shoulder")
    rows = list(csv.DictReader(io.StringIO(result.stdout), dialect=dialect))
    assert rows
    assert {r["condition_id"] for r in rows} == {"frozen-shoulder"}
    assert all(r["status"] in ("recommended", "caution", "avoid") for r in rows)
    assert len({r["modality_id"] for r in rows}) == len(rows)


def test_default_format_off_a_terminal_is_tsv() -> None:
    result = run("recommend", "-s", "neck pain")
    assert result.stdout.splitlines()[0].startswith("record\tquery\t")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "args",
    [
        ["recommend", "-s", "neck pain", "-H", "pregnant"],
        ["conditions"],
        ["modalities"],
        ["contraindications"],
        ["show", "sciatica"],
        ["validate"],
    ],
)
def test_every_command_in_every_format(fmt: str, args: list[str]) -> None:
    result = run("--format", fmt, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert not ANSI.search(result.stdout)
    if fmt == "json":
        json.loads(result.stdout)
    if fmt == "jsonl":
        for line in result.stdout.splitlines():
            json.loads(line)


def test_table_is_readable_and_spells_status_out() -> None:
    result = run("--format", "table", "recommend", "-s", "lower back pain", "-H", "on warfarin")
    out = result.stdout
    assert "Lower back pain" in out and "M54.50" in out
    assert "avoid" in out and "caution" in out
    assert "not a diagnosis" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_no_color_flags_remove_ansi() -> None:
    forced = run("--format", "table", "recommend", "-s", "neck pain", env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert ANSI.search(forced.stdout), "colour is on when forced, so the next checks mean something"
    for args, env in ((["--no-color"], {"FORCE_COLOR": "1"}), ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"})):
        result = run(*args, "--format", "table", "recommend", "-s", "neck pain", env=env)
        assert not ANSI.search(result.stdout)


def test_unmatched_symptom_exits_1_with_null_match_and_a_hint() -> None:
    data, result = run_json("recommend", "-s", "my car makes a noise")
    assert result.exit_code == 1
    assert data[0]["match"] is None
    assert "no condition matched" in result.stderr


def test_one_unmatched_among_several_still_prints_all() -> None:
    data, result = run_json("recommend", "-s", "neck pain", "-s", "asdf qwerty")
    assert result.exit_code == 1
    assert [d["match"] is None for d in data] == [False, True]


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_symptom_is_a_usage_error(bad: str) -> None:
    result = run("recommend", "--symptom", bad)
    assert result.exit_code == 2
    assert "--symptom" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    assert run("recommend", "--bogus").exit_code == 2
    assert run("--format", "xml", "conditions").exit_code == 2


def test_unknown_health_term_is_reported_never_dropped() -> None:
    data, result = run_json("recommend", "-s", "neck pain", "-H", "enjoys gardening")
    assert result.exit_code == 0
    assert data[0]["health"] == [{"query": "enjoys gardening", "id": None, "name": None}]
    assert "enjoys gardening" in result.stderr and "not understood" in result.stderr


def test_stdin_batch_one_symptom_per_line() -> None:
    data, result = run_json("recommend", input="neck pain\nsciatica\n")
    assert result.exit_code == 0
    assert [d["query"] for d in data] == ["neck pain", "sciatica"]


def test_stdin_batch_with_record_ids_and_health() -> None:
    data, _ = run_json("recommend", "-s", "-", input="A1\tneck pain\tfever\nA2\tsciatica\t\n")
    assert [d["record"] for d in data] == ["A1", "A2"]
    assert data[0]["health"][0]["id"] == "fever"
    assert not any(m["status"] == "recommended" for m in data[0]["modalities"])


def test_stdin_empty_line_is_kept_with_a_warning() -> None:
    data, result = run_json("recommend", input="neck pain\n\nsciatica\n")
    assert len(data) == 3 and data[1]["match"] is None
    assert "line 2" in result.stderr
    assert result.exit_code == 1


def test_stdin_invalid_utf8_is_kept_with_a_warning() -> None:
    result = run("--format", "jsonl", "recommend", input=b"neck pain\n\xff\xfe bad\nsciatica\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3 and lines[1]["match"] is None
    assert "line 2" in result.stderr and "UTF-8" in result.stderr


def test_top_limits_usable_modalities_but_keeps_avoid() -> None:
    data, _ = run_json("recommend", "-s", "lower back pain", "-H", "warfarin", "--top", "1")
    statuses = [m["status"] for m in data[0]["modalities"]]
    assert len([s for s in statuses if s != "avoid"]) == 1
    assert "avoid" in statuses


def test_explain_adds_the_chain() -> None:
    data, _ = run_json("recommend", "-s", "neck pain", "-H", "on warfarin", "--explain")
    chain = " | ".join(data[0]["explanation"])
    assert "Anticoagulant" in chain and "neck pain" in chain


def test_conditions_json_follows_the_contract(kb) -> None:
    data, _ = run_json("conditions")
    assert len(data) == len(kb.conditions)
    assert set(data[0]) == {"id", "name", "icd10", "aliases", "modalities"}


def test_modalities_json_follows_the_contract(kb) -> None:
    data, _ = run_json("modalities")
    assert len(data) == len(kb.modalities)
    assert {"id", "name", "cpt", "pressure", "contraindications"} <= set(data[0])
    deep = next(m for m in data if m["id"] == "deep-tissue")
    assert "anticoagulants" in deep["contraindications"]


def test_contraindications_filters() -> None:
    data, _ = run_json("contraindications", "--kind", "absolute")
    assert data and all(x["kind"] == "absolute" and x["modalities"] == "all" for x in data)
    data, _ = run_json("contraindications", "--health", "takes Eliquis")
    assert [x["id"] for x in data] == ["anticoagulants"]
    data, _ = run_json("contraindications", "--modality", "lymph drainage")
    assert any(x["id"] == "congestive-heart-failure" for x in data)


def test_show_accepts_fuzzy_names() -> None:
    data, result = run_json("show", "frozen sholder")
    assert data["type"] == "condition" and data["id"] == "frozen-shoulder"
    data, _ = run_json("show", "warfarin")
    assert data["type"] == "contraindication" and data["id"] == "anticoagulants"
    result = run("show", "zzzz qqqq")
    assert result.exit_code == 1


def test_validate_passes_on_the_shipped_knowledge_base() -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("valid:")


def test_every_command_has_help_with_an_example() -> None:
    for name in COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, name


def test_export_then_load(tmp_path) -> None:
    target = tmp_path / "mine"
    assert run("export", str(target)).exit_code == 0
    assert run("--data-dir", str(target), "validate").exit_code == 0
    again = run("export", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("export", str(target), "--force").exit_code == 0


def test_profile_adds_health_terms(tmp_path) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text("health: [on warfarin]\n", encoding="utf-8")
    data, _ = run_json("recommend", "-s", "neck pain", "--profile", str(profile))
    assert data[0]["health"][0]["id"] == "anticoagulants"
    profile.write_text("helth: [x]\n", encoding="utf-8")
    result = run("recommend", "-s", "neck pain", "--profile", str(profile))
    assert result.exit_code == 2 and "unknown field" in result.stderr


def test_denied_health_terms_say_so_in_json() -> None:
    data, result = run_json("recommend", "-s", "neck pain", "-H", "no fever")
    assert data[0]["health"] == [{"query": "no fever", "id": None, "name": None, "negated": True}]
    assert "not understood" not in result.stderr
    assert "'no fever' only denies things" in result.stderr  # reported, never dropped silently


def test_spreadsheet_formulas_are_kept_as_text() -> None:
    result = run("--format", "csv", "recommend", "-s", "=HYPERLINK(1)")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["query"] == "'=HYPERLINK(1)"


def test_explain_credits_each_limit_to_its_own_cause() -> None:
    data, _ = run_json("recommend", "-s", "neck pain", "-H", "pregnant, on warfarin", "--explain")
    chain = data[0]["explanation"]
    pregnancy = next(step for step in chain if step.startswith("Pregnancy -> Swedish"))
    assert "pressure at most" not in pregnancy  # the cap comes from the anticoagulant
    assert any(s.startswith("Anticoagulant medication -> Swedish") and "pressure at most 2" in s for s in chain)
