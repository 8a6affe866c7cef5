"""What a therapist reads (the table at 80 columns) and what a spreadsheet keeps (csv/tsv, --summary,
--bom): the promises of the README's Formats section, end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ..conftest import run, run_json

NARROW = {"COLUMNS": "80"}
# A line of the answer that starts at the left edge is one of these; anything else is a wrapped line,
# which must stay indented under what it continues.
LEFT_EDGE_STARTS = (
    "'",
    "[",
    "REFERRAL:",
    "NOT ASSESSED:",
    "Health:",
    "For every",
    "Plan:",
    "Note:",
    "Decision",
    "Why:",
    "No massage today",
)


def table(*args: str, env: dict[str, str] | None = None) -> list[str]:
    result = run("--format", "table", "recommend", *args, env={**NARROW, **(env or {})})
    return result.stdout.rstrip("\n").split("\n")


def test_lower_back_pain_on_warfarin_fits_one_screen_with_evidence_grades() -> None:
    lines = table("-s", "lower back pain", "-H", "on warfarin")
    assert len(lines) <= 30, "\n".join(lines)
    assert all(len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    header = next(line for line in lines if "Modality" in line)
    assert "Evidence" in header and "Status" in header and "CPT" in header
    swedish = next(line for line in lines if "Swedish massage" in line)
    assert "low" in swedish.split("caution")[1], "the evidence grade is on the modality's row"
    # the anticoagulant's reason is said once, on its health line; the rows only point to it
    assert text.count("Bruising and bleeding come") + text.count("bleeding come easily") == 1
    assert "ruled out by anticoagulant medication" in text


def test_the_answer_reads_in_order_of_importance() -> None:
    text = "\n".join(table("-s", "lower back pain", "-H", "on warfarin", "-H", "lupus"))
    order = ["NOT ASSESSED", "'lower back pain' ->", "Health: 'on warfarin'", "Status", "x avoid", "Plan:"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "symptom",
    [
        "going through chemo and my whole body aches",
        "sore achilles after running",
        "tight shoulders from sitting at a desk",
    ],
)
def test_wrapped_lines_keep_their_indent(symptom: str) -> None:
    lines = table("-s", symptom, "-H", "pregnant", "-H", "recent surgery")
    for line in lines:
        assert len(line) <= 80
        if line and not line[0].isspace():
            assert line.startswith(LEFT_EDGE_STARTS), f"a wrapped line lost its indent: {line!r}"


@pytest.mark.parametrize("width", ["60", "48"])
def test_narrow_terminals_keep_the_indent_too(width: str) -> None:
    for symptom in ("sciatica and a stiff neck", "sudden worst headache of my life"):
        lines = table("-s", symptom, "-H", "on warfarin", env={"COLUMNS": width})
        for line in lines:
            if line and not line[0].isspace():
                assert line.startswith(LEFT_EDGE_STARTS), f"a wrapped line lost its indent: {line!r}"


def test_an_emergency_leads_with_the_referral_and_stops_there() -> None:
    lines = table("-s", "worst headache of my life, came on suddenly, and my neck is stiff", "-H", "fever")
    assert lines[0].startswith("REFERRAL: EMERGENCY")
    assert len(lines) <= 12, "\n".join(lines)
    text = "\n".join(lines)
    assert "x avoid" not in text and "Plan:" not in text
    assert "No massage today" in text
    assert "fever (postpone)" in text.lower(), "a lesser reason is named, not spelled out"


def test_explain_still_lists_what_an_emergency_held_back() -> None:
    text = "\n".join(table("-s", "sudden worst headache of my life", "--explain"))
    assert "x avoid" in text and "Why:" in text


def test_a_modality_the_client_declines_is_not_shown_as_a_danger(tmp_path: Path) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text("health: [on warfarin]\npressure: light\n", encoding="utf-8")
    data, _ = run_json("recommend", "-s", "neck pain", "--profile", str(profile))
    mods = {m["id"]: m for m in data[0]["modalities"]}
    declined = mods["myofascial-release"]  # needs pressure 2; the client wants at most 1
    assert declined["status"] == "avoid" and declined.get("declined") is True
    assert declined["reasons"][0].startswith("not wanted")
    unsafe = mods["trigger-point-therapy"]  # ruled out by the anticoagulant, whatever the client wants
    assert unsafe["status"] == "avoid" and "declined" not in unsafe
    text = "\n".join(table("-s", "neck pain", "--profile", str(profile)))
    assert "- not wanted" in text
    row = next(line for line in text.splitlines() if "Myofascial release" in line)
    assert "x avoid" not in row


@pytest.mark.parametrize("words,level", [("medium", 3), ("Moderate", 3), ("heavy lotioning", 2), ("deep", 4)])
def test_a_profile_gives_pressure_in_walton_s_words(tmp_path: Path, words: str, level: int) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text(f"pressure: {words}\n", encoding="utf-8")
    data, result = run_json("recommend", "-s", "neck pain", "--profile", str(profile))
    assert result.exit_code == 0
    said = [adj for m in data[0]["modalities"] for adj in m["adjustments"] if "client's preference" in adj]
    assert all(adj.startswith(f"pressure at most {level} of 5, ") for adj in said)


def test_a_pressure_in_no_known_words_is_refused_with_the_words_that_work(tmp_path: Path) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text("pressure: firmish\n", encoding="utf-8")
    result = run("recommend", "-s", "neck pain", "--profile", str(profile))
    assert result.exit_code == 2
    assert "client.yaml:1:" in result.stderr and "'moderate'" in result.stderr


BATCH = (
    "A17\tneck pain\ton warfarin;lupus\n"
    "B2\tsudden worst headache ever\tno fever\n"
    "C3\tlower back pain\tDVT 10 years ago\n"
)


def rows(fmt: str, *args: str, input: str = BATCH) -> list[dict[str, str]]:
    result = run("--format", fmt, "recommend", *args, input=input)
    return list(csv.DictReader(io.StringIO(result.stdout), dialect="excel-tab" if fmt == "tsv" else "excel"))


def test_csv_keeps_referral_reasons_history_denials_and_unknown_terms() -> None:
    by_record: dict[str, list[dict[str, str]]] = {}
    for row in rows("csv"):
        by_record.setdefault(row["record"], []).append(row)
    a17 = by_record["A17"][0]
    assert a17["health_findings"] == "anticoagulants; lupus [not assessed]"
    b2 = by_record["B2"][0]
    assert b2["referral_urgency"] == "emergency"
    assert b2["referral_reasons"].startswith("Sudden severe (thunderclap) headache:")
    assert b2["health_findings"] == "no fever [denied]"
    c3 = by_record["C3"][0]
    assert c3["health_findings"] == "dvt [history]"
    assert {r["condition_score"] for r in by_record["C3"]} == {"100.0"}
    assert all(r["modality_score"] for r in by_record["C3"])
    swedish = next(r for r in by_record["C3"] if r["modality_id"] == "swedish-massage")
    assert swedish["evidence"] == "low"


def test_a_declined_modality_is_marked_in_csv(tmp_path: Path) -> None:
    profile = tmp_path / "client.yaml"
    profile.write_text("pressure: 1\n", encoding="utf-8")
    found = rows("csv", "--profile", str(profile), input="neck pain\n")
    marks = {r["modality_id"]: (r["status"], r["declined_by_client"]) for r in found}
    assert marks["myofascial-release"] == ("avoid", "yes")
    assert marks["swedish-massage"][1] == ""


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_summary_is_one_row_per_record(fmt: str) -> None:
    found = rows(fmt, "--summary")
    assert [r["record"] for r in found] == ["A17", "B2", "C3"]
    a17, b2, c3 = found
    assert a17["condition_id"] == "neck-pain" and "Trigger point therapy" in a17["avoid"]
    assert "Swedish massage" in a17["caution"] and a17["plan"].startswith("60-minute sessions")
    assert b2["referral_urgency"] == "emergency" and b2["referral_reasons"] and not b2["plan"]
    assert c3["health_findings"] == "dvt [history]"


def test_summary_in_json_and_for_a_person() -> None:
    result = run("--format", "jsonl", "recommend", "--summary", input=BATCH)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["record"] for r in records] == ["A17", "B2", "C3"]
    assert records[0]["health_findings"] == ["anticoagulants", "lupus [not assessed]"]
    text = run("--format", "table", "recommend", "--summary", input=BATCH, env=NARROW).stdout
    assert "[B2]" in text and "REFERRAL emergency" in text
    assert "avoid: Trigger point therapy" in text


def test_summary_and_explain_do_not_go_together() -> None:
    result = run("recommend", "-s", "neck pain", "--summary", "--explain")
    assert result.exit_code == 2 and "--summary" in result.stderr


def test_bom_lets_excel_open_accents_intact() -> None:
    result = CliBytes.run("--format", "csv", "--bom", "recommend", "-s", "névralgie du cou, douleur à l'épaule")
    assert result.startswith(b"\xef\xbb\xbfrecord,query,")
    assert "névralgie du cou".encode() in result
    listing = CliBytes.run("--format", "tsv", "--bom", "conditions")
    assert listing.startswith(b"\xef\xbb\xbfid\t")


def test_bom_is_refused_where_no_spreadsheet_reads_it() -> None:
    result = run("--format", "json", "--bom", "recommend", "-s", "neck pain")
    assert result.exit_code == 2 and "--bom" in result.stderr


class CliBytes:
    @staticmethod
    def run(*args: str) -> bytes:
        result = run(*args)
        assert result.exit_code in (0, 1), result.stderr
        return result.stdout_bytes


def test_batch_messages_name_the_record() -> None:
    result = run("recommend", input="A17\tqqq zzz\tlupus\nB9\t\t\n")
    assert "record A17, line 1: no condition matched 'qqq zzz'" in result.stderr
    assert "record A17, line 1: health term 'lupus' not understood" in result.stderr
    assert "record B9, line 2: empty symptom" in result.stderr


@pytest.mark.parametrize("command", ["conditions", "modalities", "contraindications"])
def test_listings_fit_80_columns_with_every_id_whole(command: str) -> None:
    text = run("--format", "table", command, env=NARROW).stdout
    assert all(len(line) <= 80 for line in text.splitlines())
    ids = [row["id"] for row in json.loads(run("--format", "json", command).stdout)]
    first_words = {line.split()[0] for line in text.splitlines() if line.strip()}
    assert set(ids) <= first_words, "an id was split across lines"


def test_rows_left_out_for_one_cause_say_it_once() -> None:
    text = "\n".join(table("-s", "lower back pain", "-H", "rash on my back"))
    assert text.count("ruled out by rash or inflamed skin on the treated area") == 1
    assert text.count("x avoid") >= 2


def test_a_past_finding_is_said_once() -> None:
    text = "\n".join(table("-s", "neck pain", "-H", "DVT 10 years ago"))
    assert text.count("has resolved") == 1
    assert "Massage could dislodge a clot" in text
