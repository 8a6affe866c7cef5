"""Client records end to end (CONTRACT.md, "Client records"): clients, visits, clearances, SOAP notes,
progress, and the database itself (owner-only, concurrent writers, erasure)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from massage_match.cli.app import cli


def run(db: Path, *args: str, fmt: str = "json", input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--format", fmt, *args], input=input)


def add(db: Path, name: str = "Ann Lee", *extra: str) -> str:
    result = run(db, "client", "add", name, *extra)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def visit(db: Path, client: str, *extra: str, pain: int = 6) -> Result:
    return run(db, "visit", client, "--pain-before", str(pain), *extra)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "clients.sqlite3"


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def test_a_client_is_added_and_listed_and_the_file_is_owner_only(db: Path) -> None:
    client = add(db, "Ann Lee", "--age", "54", "--health", "on warfarin")
    assert client.isdigit()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    for companion in db.parent.glob(db.name + "-*"):  # SQLite's -wal and -shm hold the same data
        assert stat.S_IMODE(companion.stat().st_mode) == 0o600, companion
    listed = json.loads(run(db, "client", "list").stdout)
    assert [(c["id"], c["name"], c["age"], c["visits"]) for c in listed] == [(int(client), "Ann Lee", 54, 0)]


def test_the_stored_health_is_screened_at_every_visit(db: Path) -> None:
    client = add(db, "Ann Lee", "--health", "on warfarin")
    for pain in (7, 5):
        result = visit(db, client, "-s", "lower back pain", "--done", "swedish-massage", pain=pain)
        assert result.exit_code == 0, result.output
        stored = json.loads(result.stdout)
        assert stored["pain_before"] == pain
        found = [h["id"] for h in stored["answer"]["health"]]
        assert "anticoagulants" in found  # carried from the client record, not typed today
        deep = {m["id"]: m["status"] for m in stored["answer"]["modalities"]}
        assert "recommended" not in {deep.get("trigger-point"), deep.get("neuromuscular")}
    assert [v["visit"] for v in json.loads(run(db, "client", "show", "Ann").stdout)["visits"]] == [1, 2]


def test_an_unsafe_done_modality_is_refused_with_its_reason_and_stored_with_an_override(db: Path) -> None:
    client = add(db, "Ann Lee", "--health", "on warfarin")
    refused = visit(db, client, "-s", "lower back pain", "--done", "deep tissue")
    assert refused.exit_code == 2
    assert "anticoagulant" in refused.stderr.lower() and "--override" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert json.loads(run(db, "progress", client).stdout)["visits"] == []  # nothing half-stored
    accepted = visit(db, client, "-s", "lower back pain", "--done", "deep tissue", "--override", "cleared by GP")
    assert accepted.exit_code == 0, accepted.output
    assert json.loads(accepted.stdout)["override"] == "cleared by GP"


def test_more_pressure_than_a_finding_allows_is_refused(db: Path) -> None:
    client = add(db, "Ann Lee", "--health", "on warfarin")
    result = visit(db, client, "-s", "neck pain", "--done", "swedish-massage", "--pressure", "deep")
    assert result.exit_code == 2 and "pressure 4" in result.stderr
    assert visit(db, client, "-s", "neck pain", "--done", "swedish-massage", "--pressure", "light").exit_code == 0


def test_a_session_stopping_referral_refuses_every_done_modality(db: Path) -> None:
    client = add(db)
    result = visit(db, client, "-s", "crushing chest pain spreading to my left arm", "--done", "swedish-massage")
    assert result.exit_code == 2 and "emergency" in result.stderr


def test_a_physicians_clearance_lifts_a_clearance_referral_at_later_visits(db: Path) -> None:
    client = add(db, "Cal Moss", "--health", "had surgery last week")
    waiting = visit(db, client, "-s", "neck pain", "--done", "swedish-massage")
    assert waiting.exit_code == 2 and "clearance" in waiting.stderr
    first = visit(db, client, "-s", "neck pain")  # screened and stored, nothing done
    assert json.loads(first.stdout)["answer"]["referral"]["urgency"] == "clearance"
    cleared = run(db, "clearance", client, "--by", "Dr Okafor", "--note", "light pressure only")
    assert cleared.exit_code == 0, cleared.output
    after = visit(db, client, "-s", "neck pain", "--done", "swedish-massage")
    assert after.exit_code == 0, after.output
    answer = json.loads(after.stdout)["answer"]
    assert answer["referral"]["urgency"] == "routine"
    assert any("cleared" in reason for reason in answer["referral"]["reasons"])


def test_a_clearance_does_not_reach_back_before_its_date(db: Path) -> None:
    client = add(db, "Cal Moss", "--health", "had surgery last week")
    assert run(db, "clearance", client, "--by", "Dr Okafor", "--covers", "Recent surgery").exit_code == 0
    earlier = visit(db, client, "-s", "neck pain", "--date", days_ago(3))
    assert json.loads(earlier.stdout)["answer"]["referral"]["urgency"] == "clearance"


def test_the_soap_note_has_four_sections_with_codes(db: Path) -> None:
    client = add(db, "Ann Lee", "--health", "on warfarin")
    visit(db, client, "-s", "lower back pain", "--pain-after", "3", "--done", "swedish-massage", "--minutes", "45")
    text = run(db, "note", client, fmt="table").stdout
    heads = [line for line in text.splitlines() if line in ("Subjective", "Objective", "Assessment", "Plan")]
    assert heads == ["Subjective", "Objective", "Assessment", "Plan"]
    assert "M54.50" in text and "CPT 97124" in text and "3 x 15 minutes" in text
    data = json.loads(run(db, "note", client, "--visit", "1").stdout)
    assert data["assessment"]["condition"]["icd10"][0] == "M54.50"
    assert data["plan"]["done"][0]["cpt"] == ["97124"] and data["plan"]["units"] == 3
    assert data["subjective"]["pain_before"] == 6 and data["subjective"]["pain_after"] == 3


def test_progress_is_in_date_order_as_json_svg_and_png(db: Path, tmp_path: Path) -> None:
    client = add(db)
    for day, pain in ((days_ago(2), 5), (days_ago(9), 8), (days_ago(5), 6)):
        assert visit(db, client, "-s", "neck pain", "--date", day, "--pain-after", "2", pain=pain).exit_code == 0
    data = json.loads(run(db, "progress", client).stdout)
    assert data["client"] == int(client)
    assert [v["date"] for v in data["visits"]] == sorted(v["date"] for v in data["visits"])
    assert [v["pain_before"] for v in data["visits"]] == [8, 6, 5]
    svg = tmp_path / "p.svg"
    assert run(db, "progress", client, "--plot", str(svg)).exit_code == 0
    assert ET.parse(svg).getroot().tag.endswith("svg")
    assert stat.S_IMODE(svg.stat().st_mode) == 0o600
    pytest.importorskip("matplotlib")
    png = tmp_path / "p.png"
    assert run(db, "progress", client, "--plot", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    table = run(db, "progress", client, fmt="table").stdout
    assert table.count("  before ") == 3


def test_format_after_the_command_is_understood(db: Path) -> None:
    client = add(db)
    visit(db, client, "-s", "neck pain")
    result = CliRunner().invoke(cli, ["--db", str(db), "progress", client, "--format", "json"])
    assert json.loads(result.stdout)["visits"][0]["pain_before"] == 6


def test_an_unknown_client_is_one_line_and_exit_2(db: Path) -> None:
    add(db)
    for args in (("client", "show", "Zed"), ("note", "99"), ("visit", "Zed", "-s", "neck pain", "--pain-before", "3")):
        result = run(db, *args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Zed" in result.stderr or "99" in result.stderr


def test_no_database_yet_is_a_one_line_error_and_creates_nothing(db: Path) -> None:
    result = run(db, "client", "list")
    assert result.exit_code == 2 and "client add" in result.stderr
    assert not db.exists()


def test_a_name_prefix_names_a_client_and_an_ambiguous_one_is_refused(db: Path) -> None:
    add(db, "Ann Lee")
    add(db, "Anna Berg")
    assert json.loads(run(db, "client", "show", "anna").stdout)["name"] == "Anna Berg"
    assert json.loads(run(db, "client", "show", "ann lee").stdout)["name"] == "Ann Lee"
    ambiguous = run(db, "client", "show", "an")
    assert ambiguous.exit_code == 2 and "give the id" in ambiguous.stderr


def test_delete_erases_the_client_and_every_visit(db: Path) -> None:
    client = add(db, "Ann Lee", "--health", "lymphoma in remission")
    visit(db, client, "-s", "neck pain")
    result = run(db, "client", "delete", client)
    assert result.exit_code == 0, result.output
    assert run(db, "client", "show", client).exit_code == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM visit").fetchone()[0] == 0
    for path in (db, *db.parent.glob(db.name + "-*")):  # erased, not just unlinked: no trace in the file
        assert b"lymphoma" not in path.read_bytes(), path


def test_export_holds_everything_kept(db: Path) -> None:
    client = add(db, "Ann Lee", "--physician", "Dr Okafor")
    visit(db, client, "-s", "neck pain", "--notes", "tight upper traps")
    data = json.loads(run(db, "client", "export", client).stdout)
    assert data["intake"]["physician"] == "Dr Okafor"
    assert data["visits"][0]["notes"] == "tight upper traps" and data["visits"][0]["answer"]["match"]


def test_bad_visit_input_is_refused_before_anything_is_stored(db: Path) -> None:
    client = add(db)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for extra in (
        ("--pain-before", "11"),
        ("--date", "2026-13-40"),
        ("--date", tomorrow),
        ("--done", "levitation"),
        ("--pressure", "hard as nails"),
        ("--override", " "),
    ):
        result = run(db, "visit", client, "-s", "neck pain", "--pain-before", "4", *extra)
        assert result.exit_code == 2, extra
        assert "Traceback" not in result.output
    assert json.loads(run(db, "progress", client).stdout)["visits"] == []


def test_a_symlink_or_a_foreign_file_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.sqlite3"
    add(real)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(real)
    result = run(link, "client", "list")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = run(junk, "client", "list")
    assert result.exit_code == 2 and "not a massage-match records database" in result.stderr


def test_the_database_comes_from_the_environment_or_the_users_data_folder(tmp_path: Path) -> None:
    env_db = tmp_path / "env.sqlite3"
    result = CliRunner().invoke(cli, ["client", "add", "Env Client"], env={"MASSAGE_MATCH_DB": str(env_db)})
    assert result.exit_code == 0 and env_db.exists()
    result = CliRunner().invoke(cli, ["client", "add", "Default Client"])
    assert result.exit_code == 0
    default = Path(os.environ["XDG_DATA_HOME"]) / "massage-match" / "clients.sqlite3"
    if sys.platform.startswith("linux"):
        assert default.exists() and stat.S_IMODE(default.parent.stat().st_mode) == 0o700


WRITER = """
import sys
from massage_match.cli.app import main
db, client, k = sys.argv[1], sys.argv[2], sys.argv[3]
for n in range(2):
    code = main(["--db", db, "--format", "json", "visit", client, "-s", "neck pain", "--pain-before", str(n + 1),
                 "--notes", f"writer {k} visit {n}"])
    assert code == 0, code
"""


def test_twelve_processes_writing_two_visits_each_lose_nothing(db: Path) -> None:
    client = add(db)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), client, str(k)], stdout=subprocess.DEVNULL)
        for k in range(12)
    ]
    assert [w.wait(timeout=300) for w in writers] == [0] * 12
    visits = json.loads(run(db, "client", "export", client).stdout)["visits"]
    assert len(visits) == 24
    assert sorted(v["visit"] for v in visits) == list(range(1, 25))
    assert len({v["notes"] for v in visits}) == 24


class _Page(HTMLParser):
    """The tags, headings and text of an HTML page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_heading = tag in ("h1", "h2", "h3")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())
            if self._in_heading:
                self.headings.append(data.strip())


def page(html: str) -> _Page:
    parsed = _Page()
    parsed.feed(html)
    parsed.close()
    return parsed


HOSTILE = "<script>alert('x')</script>"


def test_the_handout_is_an_html_page_with_home_care_and_the_chart(db: Path, tmp_path: Path) -> None:
    client = add(db, f"Ann {HOSTILE}", "--health", "on warfarin")
    visit(db, client, "-s", f"lower back pain {HOSTILE}", "--pain-after", "3")
    out = tmp_path / "handout.html"
    result = run(db, "handout", client, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text(encoding="utf-8")
    parsed = page(html)
    assert "script" not in parsed.tags and "svg" in parsed.tags
    assert "<script>" not in html and "&lt;script&gt;" in html
    words = " ".join(parsed.text)
    assert "Heat pack for 15 minutes" in words  # the condition's home care
    assert "M54.50" in words and "Anticoagulant medication" in words
    assert any("home-care" in h.lower() or "home care" in h.lower() for h in parsed.headings)


def test_the_letter_asks_the_physician_with_the_three_usual_answers(db: Path) -> None:
    client = add(db, "Cal Moss", "--age", "61", "--health", "had surgery last week", "--physician", "Dr B. Ruiz")
    visit(db, client, "-s", "neck pain")
    result = run(db, "letter", client, fmt="table")
    assert result.exit_code == 0, result.output
    parsed = page(result.stdout)
    words = " ".join(parsed.text)
    assert "Dear Dr B. Ruiz" in words and "Recent surgery" in words
    for answer in ("No restriction", "May proceed with these modifications", "Not advisable"):
        assert answer in words
    assert "signature" in words.lower()


def test_client_add_intake_stores_the_conversation(db: Path) -> None:
    answers = "\n".join(
        [
            "47",  # age (not given with --age)
            "sore neck from my desk job",  # complaint
            "6",  # pain
            "turn my head freely",  # goals
            *(["n"] * 30),  # every health question: no (more than enough)
        ]
    )
    # Walk the questionnaire with "no" everywhere, then the closing questions take their defaults.
    result = run(db, "client", "add", "Dee Park", "--intake", input=answers + "\n" * 20)
    assert result.exit_code == 0, result.output
    stored = json.loads(run(db, "client", "show", result.stdout.strip().splitlines()[-1]).stdout)
    assert stored["intake"]["complaint"] == "sore neck from my desk job"
    assert stored["intake"]["pain"] == 6 and stored["intake"]["goals"] == "turn my head freely"
    assert stored["age"] == 47


def test_piped_intake_answers_that_run_out_are_a_one_line_error_not_an_interruption(db: Path) -> None:
    result = run(db, "client", "add", "Dee Park", "--intake", input="47\nsore neck\n")
    assert result.exit_code == 2 and "ended early" in result.stderr
    assert not db.exists() or json.loads(run(db, "client", "list").stdout) == []


def test_a_later_visit_at_a_terminal_asks_what_has_changed(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = add(db)
    assert visit(db, client, "-s", "neck pain").exit_code == 0
    monkeypatch.setattr("massage_match.cli.record_io.interactive", lambda: True)
    result = run(db, "visit", client, "-s", "neck pain", "--pain-before", "5", input="started warfarin last week\n")
    assert result.exit_code == 0, result.output
    stored = json.loads(result.stdout[result.stdout.index("{") :])
    assert stored["changes"] == "started warfarin last week"
    assert "anticoagulants" in [h["id"] for h in stored["answer"]["health"]]  # what changed is screened


def test_what_changed_at_a_visit_is_kept_for_later_visits_until_dropped(db: Path) -> None:
    client = add(db)
    first = visit(db, client, "-s", "neck pain", "--changes", "started warfarin yesterday")
    assert "anticoagulants" in [h["id"] for h in json.loads(first.stdout)["answer"]["health"]]
    later = visit(db, client, "-s", "lower back pain", "--done", "deep-tissue")
    assert later.exit_code == 2 and "anticoagulant" in later.stderr  # remembered, not only that day
    assert visit(db, client, "-s", "neck pain", "--changes", "none").exit_code == 0  # "none" adds nothing
    stored = json.loads(run(db, "client", "show", client).stdout)["intake"]["health"]
    assert stored == ["started warfarin yesterday"]
    dropped = run(db, "client", "update", client, "--drop-health", "started warfarin yesterday")
    assert dropped.exit_code == 0, dropped.output
    assert visit(db, client, "-s", "lower back pain", "--done", "deep-tissue").exit_code == 0


def test_a_stored_relative_date_ages_with_the_visits(db: Path, tmp_path: Path) -> None:
    client = add(db, "Cal Moss")
    # Said 8 months ago ("3 weeks ago" then): the surgery is long past by today.
    with sqlite3.connect(db) as conn:
        intake = {"health": ["knee surgery 3 weeks ago"], "health_dates": [days_ago(240)], "date": days_ago(240)}
        conn.execute("UPDATE client SET intake = ? WHERE id = ?", (json.dumps(intake), int(client)))
    today = json.loads(visit(db, client, "-s", "neck pain").stdout)["answer"]
    assert today["referral"] is None
    assert [h["query"] for h in today["health"]][0] == "knee surgery 9 months ago"
    back_then = json.loads(visit(db, client, "-s", "neck pain", "--date", days_ago(230)).stdout)["answer"]
    assert back_then["referral"]["urgency"] == "clearance"  # ten days after it was said: still recent


def test_a_client_who_refused_consent_is_not_treated(db: Path) -> None:
    client = add(db)
    assert run(db, "client", "update", client, "--no-consent").exit_code == 0
    refused = visit(db, client, "-s", "neck pain", "--done", "swedish-massage")
    assert refused.exit_code == 2 and "consent" in refused.stderr
    assert run(db, "client", "update", client, "--consent").exit_code == 0
    assert visit(db, client, "-s", "neck pain", "--done", "swedish-massage").exit_code == 0


def test_the_visit_after_an_urgent_referral_reminds_the_therapist(db: Path) -> None:
    client = add(db)
    visit(db, client, "-s", "my calf is hot, red and swollen since my flight", "--date", days_ago(3))
    later = visit(db, client, "-s", "neck pain")
    assert later.exit_code == 0 and "referred the client" in later.stderr


def test_a_clearance_must_name_a_known_referral_reason(db: Path) -> None:
    client = add(db, "Cal Moss", "--health", "chemotherapy")
    assert run(db, "clearance", client, "--by", "Dr Onc", "--covers", "feeling great").exit_code == 2
    typo = run(db, "clearance", client, "--by", "Dr Onc", "--covers", "cancer treatmnt")
    assert typo.exit_code == 0 and "Cancer treatment" in typo.stderr
    covers = json.loads(run(db, "client", "show", client).stdout)["clearances"][0]["covers"]
    assert covers == ["Cancer treatment (chemotherapy or radiation)"]


def test_an_existing_readable_file_is_made_owner_only_and_an_empty_db_option_refused(db: Path) -> None:
    db.touch(mode=0o644)
    db.chmod(0o644)
    add(db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    result = CliRunner().invoke(cli, ["--db", "", "client", "list"])
    assert result.exit_code == 2 and "empty" in result.stderr


def test_untimed_codes_are_one_unit_and_timed_ones_share_the_minutes(db: Path) -> None:
    client = add(db)
    visit(db, client, "-s", "lower back pain", "--done", "swedish-massage", "--done", "hydrotherapy", "--minutes", "30")
    note = run(db, "note", client, fmt="table").stdout
    assert "2 x 15 minutes for 97124" in note and "1 for 97010" in note
