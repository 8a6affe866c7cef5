"""Client records: `client`, `visit`, `clearance`, `note`, `progress`, `handout`, `letter`.

Each command opens the records database once, does its one transaction, and closes it. What it
prints follows --format like every other command; the documents it writes to files are owner-only.
"""

from __future__ import annotations

import sys
from datetime import date as Date
from pathlib import Path
from typing import Any

import click

from massage_match.cli.settings import SafePath, Settings, stdout
from massage_match.cli.streams import warn
from massage_match.errors import ExitCode, MassageMatchError
from massage_match.output import FORMATS
from massage_match.records.model import Clearance, Client, Intake, PainPoint, Visit
from massage_match.records.store import Store

PAIN = click.IntRange(0, 10)
AGE = click.IntRange(0, 130)
# The group's --format also works after these commands ("progress Ann --format json"), as people type it.
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default=None, help="Output format (as the group's --format)."
)
MACHINE_FORMATS = ("json", "jsonl")


def _open(settings: Settings, *, create: bool = False) -> Store:
    from massage_match.records.location import db_path

    return Store(db_path(settings.db), create=create)


def _today() -> str:
    return Date.today().isoformat()


def _day(value: str | None, what: str = "--date") -> str:
    """A YYYY-MM-DD date, not in the future (a visit not yet given cannot be recorded)."""
    if value is None:
        return _today()
    try:
        day = Date.fromisoformat(value.strip())
    except ValueError:
        raise click.UsageError(f"{what} must be a date like 2026-03-14, not {value!r}") from None
    if day > Date.today():
        raise click.UsageError(f"{what} {value} is in the future")
    return day.isoformat()


def _text(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    if not value.strip():
        raise click.UsageError(f"{option} must not be empty")
    from massage_match.client.profile import clean_text

    return clean_text(value.strip())


def _pressure(value: str | None) -> int | None:
    if value is None:
        return None
    from massage_match.model.pressure import parse_pressure, pressure_choices

    level = parse_pressure(value)
    if level is None:
        raise click.UsageError(f"--pressure must be {pressure_choices()}, not {value!r}")
    return level


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _write_file(path: Path, data: bytes) -> None:
    from massage_match.files import write_private_atomically

    write_private_atomically(path, data, overwrite=True)
    warn(f"wrote {path}")


# client


@click.group()
def client() -> None:
    """Client records: add, list, show, export, delete.

    \b
    Examples:
      massage-match client add "Ann Lee" --age 54 --health "on warfarin"
      massage-match client add "Ben Ode" --intake          # asks the intake questions
      massage-match client list
      massage-match client export 1 > ann.json
    """


@client.command("add")
@click.argument("name")
@click.option("--age", type=AGE, help="The client's age in years.")
@click.option("--profile", type=SafePath(dir_okay=False, path_type=Path), help="A profile YAML (see README).")
@click.option("--health", "health", multiple=True, metavar="TEXT", help="A health term or medicine (repeatable).")
@click.option("--physician", metavar="TEXT", help="The client's physician, for letters.")
@click.option("--intake", "ask", is_flag=True, help="Ask the intake questions now (at a terminal).")
@click.pass_obj
def client_add(
    settings: Settings,
    name: str,
    age: int | None,
    profile: Path | None,
    health: tuple[str, ...],
    physician: str | None,
    ask: bool,
) -> None:
    """Add a client and print the new client's id."""
    name = _text(name, "NAME") or ""
    terms = tuple(_text(h, "--health") or "" for h in health)
    intake = Intake(date=_today())
    if profile is not None:
        from massage_match.client.profile import load_profile

        p = load_profile(profile)
        intake = intake._replace(health=p.health, pressure=p.pressure, avoid_areas=p.avoid_areas)
    if ask:
        from massage_match.client.intake import run_intake

        try:
            if age is None:
                age = click.prompt("Age in years (Enter to skip)", default=None, type=AGE, err=True)
            asked = run_intake(
                settings.kb(),
                ask=lambda q: click.prompt(q, default="", show_default=False, err=True),
                confirm=lambda q: click.confirm(q, default=False, err=True),
                say=lambda text: click.echo(text, err=True),
                today=_today(),
            )
        except click.Abort:
            if _interactive():
                raise  # Ctrl-C at the terminal
            # Piped answers that ran out: say so, not "interrupted"
            raise MassageMatchError("the intake's answers ended early (stdin closed): nothing was stored") from None
        if not asked.consent:
            warn("no consent given: the record is kept so it can be completed; do not treat until it is")
        intake = asked._replace(
            health=intake.health + asked.health,
            pressure=asked.pressure if asked.pressure is not None else intake.pressure,
            avoid_areas=intake.avoid_areas + asked.avoid_areas,
        )
    intake = intake._replace(
        health=intake.health + terms, physician=_text(physician, "--physician") or intake.physician
    )
    _report_unread(settings, intake.health)
    with _open(settings, create=True) as store:
        namesakes = [c.id for c, _, _ in store.clients() if c.name.casefold() == name.casefold()]
        client_id = store.add_client(name, age, _today(), intake)
    if namesakes:
        warn(f"another client is also named {name!r} (id {', '.join(map(str, namesakes))}): use ids for both")
    stdout().write(f"{client_id}\n")


def _report_unread(settings: Settings, health: tuple[str, ...]) -> None:
    """Say which stored health terms the screening will not understand: better asked now than lost."""
    if not health:
        return
    engine = settings.engine()
    for term in health:
        if not any(f.assessed for f in engine.matcher.health(term)):
            warn(f"health term {term!r} not understood: it is kept, but nothing will be limited for it")


@client.command("update")
@click.argument("client_ref", metavar="CLIENT")
@click.option("--health", "added", multiple=True, metavar="TEXT", help="Add a health term or medicine (repeatable).")
@click.option("--drop-health", "dropped", multiple=True, metavar="TEXT", help="Remove a stored term (as listed).")
@click.option("--age", type=click.IntRange(0, 130), help="The client's age in years.")
@click.option("--physician", metavar="TEXT", help="The client's physician, for letters.")
@click.option("--consent/--no-consent", default=None, help="Record the client's consent (or its withdrawal).")
@click.option("--pressure", metavar="N", help="The most pressure wanted: 1-5 or Walton's words.")
@click.pass_obj
def client_update(
    settings: Settings,
    client_ref: str,
    added: tuple[str, ...],
    dropped: tuple[str, ...],
    age: int | None,
    physician: str | None,
    consent: bool | None,
    pressure: str | None,
) -> None:
    """Change what is kept about a client: health terms (added with today's date, so "2 weeks ago"
    ages), age, physician, consent, pressure.

    \b
    Examples:
      massage-match client update Ann --health "started warfarin this week"
      massage-match client update Ann --drop-health "sprained ankle" --consent
    """
    terms = tuple(_text(h, "--health") or "" for h in added)
    gone = {(_text(h, "--drop-health") or "").casefold() for h in dropped}
    level = _pressure(pressure)
    doctor = _text(physician, "--physician")
    _report_unread(settings, terms)
    with _open(settings) as store:
        c = store.client(client_ref)
        unknown = gone - {h.casefold() for h in c.intake.health}
        if unknown:
            listed = "; ".join(c.intake.health) or "none"
            raise MassageMatchError(f"no stored health term {sorted(unknown)[0]!r} (stored: {listed})")
        intake = c.intake.without_health(gone, _today()).with_health(terms, _today())
        if doctor is not None:
            intake = intake._replace(physician=doctor)
        if consent is not None:
            intake = intake._replace(consent=consent)
        if level is not None:
            intake = intake._replace(pressure=level)
        store.update_client(c._replace(age=age if age is not None else c.age, intake=intake))
    warn(f"updated client {c.id} ({c.name})")


@client.command("list")
@FORMAT_OPTION
@click.pass_obj
def client_list(settings: Settings, fmt: str | None) -> None:
    """List the clients: id, name, age, visits, last visit."""
    settings = settings.with_format(fmt)
    from massage_match.output import Listing

    with _open(settings) as store:
        rows = [
            {"id": c.id, "name": c.name, "age": c.age, "visits": count, "last_visit": last}
            for c, count, last in store.clients()
        ]
    columns = [("id", "ID"), ("name", "Name"), ("age", "Age"), ("visits", "Visits"), ("last_visit", "Last visit")]
    settings.format.listing(Listing("Clients", rows, columns, columns), stdout(), settings.color)


def _client_record(store: Store, c: Client) -> dict[str, Any]:
    return {
        **c.to_dict(),
        "visits": [v.to_dict() for v in store.visits(c.id)],
        "clearances": [x.to_dict() for x in store.clearances(c.id)],
    }


@client.command("show")
@click.argument("client_ref", metavar="CLIENT")
@FORMAT_OPTION
@click.pass_obj
def client_show(settings: Settings, client_ref: str, fmt: str | None) -> None:
    """One client: intake, visits and clearances."""
    settings = settings.with_format(fmt)
    with _open(settings) as store:
        c = store.client(client_ref)
        visits = store.visits(c.id)
        clearances = store.clearances(c.id)
        record = _client_record(store, c)
    if settings.fmt in MACHINE_FORMATS:
        settings.format.report(record, "", stdout())
        return
    stdout().write(_client_text(c, visits, clearances))


def _client_text(c: Client, visits: list[Visit], clearances: list[Clearance]) -> str:
    i = c.intake
    age = f", {c.age}" if c.age is not None else ""
    lines = [f"{c.name}{age} (client {c.id}, since {c.created})"]
    for label, value in (
        ("Complaint", i.complaint),
        ("Pain at intake", f"{i.pain}/10" if i.pain is not None else None),
        ("Goals", i.goals),
        ("Health", "; ".join(i.health) or "nothing reported"),
        ("Pressure wanted", f"at most {i.pressure} of 5" if i.pressure is not None else None),
        ("Avoid", ", ".join(i.avoid_areas) or None),
        ("Physician", i.physician),
        ("Consent", ("given" + (f" on {i.date}" if i.date else "")) if i.consent else None),
    ):
        if value:
            lines.append(f"  {label}: {value}")
    lines += [f"  Cleared by {x.physician} on {x.date}: {', '.join(x.covers)}" for x in clearances]
    lines.append(f"  Visits: {len(visits)}" + ("" if visits else " ('visit' records one)"))
    for v in visits:
        answer = v.answer
        condition = (answer.get("match") or {}).get("name", "no condition matched")
        referral = answer.get("referral")
        flag = f"; referral {referral['urgency']}" if referral else ""
        after = f" -> {v.pain_after}" if v.pain_after is not None else ""
        done = ", ".join(v.done) or "nothing done"
        if v.override:
            done += f" (override: {v.override})"
        lines.append(f"    {v.number}. {v.date}  pain {v.pain_before}{after}  {condition}{flag}; {done}")
    return "\n".join(lines) + "\n"


@client.command("export")
@click.argument("client_ref", metavar="CLIENT")
@click.option("--out", type=SafePath(dir_okay=False, path_type=Path), help="Write to FILE (owner-only).")
@click.pass_obj
def client_export(settings: Settings, client_ref: str, out: Path | None) -> None:
    """Everything kept about one client, as JSON (for the client, or another practice)."""
    import json

    with _open(settings) as store:
        record = _client_record(store, store.client(client_ref))
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        stdout().write(text)
    else:
        _write_file(out, text.encode("utf-8"))


@client.command("delete")
@click.argument("client_ref", metavar="CLIENT")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation at a terminal.")
@click.pass_obj
def client_delete(settings: Settings, client_ref: str, yes: bool) -> None:
    """Erase a client and every visit, note and clearance kept about them."""
    with _open(settings) as store:
        c = store.client(client_ref)
        visits = len(store.visits(c.id))
        if not yes and _interactive():
            click.confirm(f"Erase {c.name} (client {c.id}) and {visits} visit(s)? This cannot be undone", abort=True)
        store.delete_client(c.id)
    warn(f"deleted client {c.id} ({c.name}) and {visits} visit(s)")


# visits


def _done_modalities(engine: Any, names: tuple[str, ...]) -> list[Any]:
    from massage_match.records.visits import find_modality

    found = []
    for name in names:
        if not name.strip():
            raise click.UsageError("--done must not be empty")
        m = find_modality(engine, name)
        if m not in found:
            found.append(m)
    return found


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option("--symptom", "-s", required=True, help="The complaint today, in the client's words.")
@click.option("--health", "-H", multiple=True, metavar="TEXT", help="A health term for today (repeatable).")
@click.option("--pain-before", type=PAIN, required=True, help="Pain 0-10 before the session.")
@click.option("--pain-after", type=PAIN, help="Pain 0-10 after the session.")
@click.option("--done", multiple=True, metavar="MODALITY", help="A modality done (id or name; repeatable).")
@click.option("--pressure", metavar="N", help="The pressure used: 1-5 or Walton's words (e.g. medium).")
@click.option("--minutes", type=click.IntRange(1, 600), help="Hands-on minutes (for 15-minute units).")
@click.option("--notes", metavar="TEXT", help="The therapist's notes.")
@click.option("--changes", metavar="TEXT", help="What has changed since the last visit (asked at a terminal).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The visit's date (default today).")
@click.option("--override", metavar="REASON", help="Record why a modality the screening rules out was done.")
@FORMAT_OPTION
@click.pass_obj
def visit(
    settings: Settings,
    client_ref: str,
    symptom: str,
    health: tuple[str, ...],
    pain_before: int,
    pain_after: int | None,
    done: tuple[str, ...],
    pressure: str | None,
    minutes: int | None,
    notes: str | None,
    changes: str | None,
    day: str | None,
    override: str | None,
    fmt: str | None,
) -> ExitCode:
    """Screen the client's stored health plus today's words (as `recommend` does) and store the visit.

    A --done modality the screening says to avoid is refused (exit 2) unless --override REASON says
    why it was done anyway; so is any modality while a physician's clearance is awaited (record it
    with `clearance`).

    \b
    Example:
      massage-match visit Ann -s "low back ache" --pain-before 6 --pain-after 3 \\
          --done swedish-massage --minutes 45 --pressure medium
    """
    from massage_match.records.visits import (
        NO_CONSENT,
        Refusal,
        VisitRefused,
        client_health,
        past_term,
        refusals,
        screen,
    )

    settings = settings.with_format(fmt)
    symptom_text = _text(symptom, "--symptom") or ""
    today = tuple(_text(h, "--health") or "" for h in health)
    used_pressure = _pressure(pressure)
    reason = _text(override, "--override")
    notes = _text(notes, "--notes")
    changes = _text(changes, "--changes")
    visit_day = _day(day)
    engine = settings.engine()
    modalities = _done_modalities(engine, done)
    with _open(settings) as store:
        c = store.client(client_ref)
        clearances = store.clearances(c.id)
        previous = store.visits(c.id)
        if changes is None and previous and _interactive():
            asked = click.prompt(
                f"What has changed since the last visit on {previous[-1].date} (health, medicines, injuries)? "
                "Enter for nothing",
                default="",
                show_default=False,
                err=True,
            ).strip()
            changes = _text(asked, "the answer") if asked else None
        if changes is not None and changes.casefold().strip(" .!") in NOTHING_CHANGED:
            changes = None
        # What changed since the last visit lasts (a new medicine, an injury): kept with the client's
        # health from today, so it is screened today and at every later visit.
        changed = c._replace(intake=c.intake.with_health((changes,), visit_day)) if changes else None
        current = changed or c
        terms = client_health(current, today, visit_day)
        answer = screen(engine, current, clearances, symptom_text, terms, visit_day)
        refused = refusals(answer, modalities, used_pressure)
        if c.intake.consent is False and modalities:
            refused = [Refusal(m, NO_CONSENT) for m in modalities]
        if refused and reason is None:
            said = "; ".join(f"{r.modality.name}: {r.why}" for r in refused)
            raise VisitRefused(f"visit not stored: {said} (--override REASON records why it was done anyway)")
        if reason is not None and not refused:
            warn("--override: nothing done was against the screening; the reason is stored with the visit")
        record = Visit(
            client_id=c.id,
            number=0,
            date=visit_day,
            symptom=symptom_text,
            health=terms,
            pain_before=pain_before,
            pain_after=pain_after,
            done=tuple(m.id for m in modalities),
            pressure=used_pressure,
            minutes=minutes,
            notes=notes,
            override=reason,
            changes=changes,
            answer=answer.to_dict(),
        )
        number = store.add_visit(record, changed)
        earlier = _unresolved_referral(previous, clearances)
    _show_visit(settings, record._replace(number=number), answer)
    for r in refused:
        warn(f"{r.modality.name} done against the screening ({r.why}): override recorded")
    warn(f"stored visit {number} of {c.name} (client {c.id}) on {visit_day}")
    if changes:
        warn(f"kept with the client's health from now on: {changes!r} ('client update --drop-health' removes it)")
    if earlier is not None:
        warn(earlier)
    for text, noted in c.intake.health_noted():
        if past_term(text, noted, visit_day):
            warn(f"{text!r} (noted {noted}) is past term by now: ask, and update the client's health")
    _report_unread_terms(answer)
    return ExitCode.OK if answer.match is not None else ExitCode.NO_MATCH


# Answers to "what has changed?" that say nothing changed.
NOTHING_CHANGED = frozenset(
    {"", "none", "nothing", "no", "n/a", "na", "no change", "no changes", "nothing new", "same"}
)
# A referral that sent the client to a physician: the next visit reminds the therapist of it.
_SENT_AWAY = ("emergency", "urgent")


def _unresolved_referral(previous: list[Visit], clearances: list[Clearance]) -> str | None:
    """A reminder when the last visit sent the client to a physician and no clearance came since."""
    if not previous:
        return None
    last = previous[-1]
    referral = last.answer.get("referral") or {}
    if referral.get("urgency") not in _SENT_AWAY:
        return None
    if any(x.date >= last.date for x in clearances):
        return None
    reason = (referral.get("reasons") or ["?"])[0].split(":", 1)[0]
    return (
        f"the last visit ({last.date}) referred the client ({referral['urgency']}: {reason}): confirm a physician "
        "has seen them ('clearance' records it)"
    )


def _report_unread_terms(answer: Any) -> None:
    for h in answer.health:
        if not h.assessed and not h.in_symptom:
            warn(f"health term {h.query!r} not understood: nothing was limited for it; ask the client")


def _show_visit(settings: Settings, record: Visit, answer: Any) -> None:
    out = stdout()
    if settings.fmt in MACHINE_FORMATS:
        settings.format.report(record.to_dict(), "", out)
        return
    stream = settings.format.recommendations(out, False, settings.color)
    stream.write(stream.render(answer, 1))
    stream.close()


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option("--by", "physician", required=True, metavar="NAME", help="The physician who cleared massage.")
@click.option(
    "--covers",
    multiple=True,
    metavar="REASON",
    help="A referral reason it clears (repeatable). Default: those awaiting clearance at the last visit.",
)
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The clearance's date (default today).")
@click.option("--note", metavar="TEXT", help="What the physician said (e.g. the modifications asked for).")
@click.pass_obj
def clearance(
    settings: Settings, client_ref: str, physician: str, covers: tuple[str, ...], day: str | None, note: str | None
) -> None:
    """Record a physician's clearance: later visits no longer wait for it.

    Only the referral reasons it covers are lifted (to routine: the physician is kept informed); a
    new reason for clearance, or any emergency, urgent or postpone referral, still stops the session.

    \b
    Example:
      massage-match clearance Ann --by "Dr Okafor" --note "light pressure only"
    """
    who = _text(physician, "--by") or ""
    wanted = tuple(_referral_name(settings, _text(x, "--covers") or "") for x in covers)
    cleared_day = _day(day)
    with _open(settings) as store:
        c = store.client(client_ref)
        if not wanted:
            visits = store.visits(c.id)
            if not visits:
                raise MassageMatchError("no visit yet: name what is cleared with --covers REASON")
            wanted = _awaiting_clearance(visits[-1])
            if not wanted:
                raise MassageMatchError(
                    f"the last visit ({visits[-1].date}) awaited no clearance: name what is cleared with --covers"
                )
        store.add_clearance(Clearance(c.id, cleared_day, who, wanted, _text(note, "--note")))
    warn(f"recorded: {who} cleared {', '.join(wanted)} for {c.name} on {cleared_day}")


# How close a --covers text must be to a referral reason's name to be read as it (typos forgiven).
REASON_MATCH = 85


def _referral_name(settings: Settings, text: str) -> str:
    """The name of the referral reason `text` means: a clearance that names nothing known would be
    recorded and then lift nothing."""
    from rapidfuzz import fuzz, process, utils

    kb = settings.kb()
    names = [c.name for c in kb.contraindications] + [f.name for f in kb.red_flags]
    for name in names:
        if name.casefold() == text.casefold():
            return name
    found = process.extractOne(text, names, scorer=fuzz.WRatio, processor=utils.default_process)
    if found is None or found[1] < REASON_MATCH:
        raise click.UsageError(f"--covers {text!r} names no referral reason (use the name a visit's referral gave)")
    warn(f"--covers {text!r} read as {found[0]!r}")
    return str(found[0])


def _awaiting_clearance(v: Visit) -> tuple[str, ...]:
    """The reasons a visit's referral waited on a physician's clearance for."""
    referral = v.answer.get("referral") or {}
    if referral.get("urgency") != "clearance":
        return ()
    return tuple(reason.split(":", 1)[0] for reason in referral.get("reasons", []))


# documents


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option("--visit", "number", type=click.IntRange(min=1), help="The visit's number (default: the last).")
@FORMAT_OPTION
@click.pass_obj
def note(settings: Settings, client_ref: str, number: int | None, fmt: str | None) -> None:
    """The SOAP note of a visit: Subjective, Objective, Assessment, Plan (text; --format json too).

    \b
    Example:
      massage-match note Ann --visit 2
    """
    from massage_match.records.soap import soap_note, soap_text

    settings = settings.with_format(fmt)
    with _open(settings) as store:
        c = store.client(client_ref)
        v = store.visit(c.id, number)
        clearances = store.clearances(c.id)
    data = soap_note(c, v, clearances, settings.kb())
    if settings.fmt in MACHINE_FORMATS:
        settings.format.report(data, "", stdout())
    else:
        stdout().write(soap_text(data))


def _points(visits: list[Visit]) -> list[PainPoint]:
    return [PainPoint(v.number, v.date, v.pain_before, v.pain_after) for v in visits]


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option(
    "--plot", type=SafePath(dir_okay=False, path_type=Path), help="Also draw the chart to FILE.svg or FILE.png."
)
@FORMAT_OPTION
@click.pass_obj
def progress(settings: Settings, client_ref: str, plot: Path | None, fmt: str | None) -> None:
    """Pain before and after, visit by visit, in date order, with a small chart.

    \b
    Examples:
      massage-match progress Ann
      massage-match progress Ann --plot ann.svg
      massage-match --format json progress Ann
    """
    settings = settings.with_format(fmt)
    kind = plot.suffix.lower() if plot is not None else None
    if kind is not None and kind not in (".svg", ".png"):
        raise click.UsageError(f"--plot draws an .svg or a .png, not {plot}")
    with _open(settings) as store:
        c = store.client(client_ref)
        points = _points(store.visits(c.id))
    rows = [p._asdict() for p in points]
    if plot is not None:
        from massage_match.records import charts

        title = f"{c.name}: pain before and after each visit"
        data = charts.svg_chart(points, title).encode("utf-8") if kind == ".svg" else charts.png_chart(points, title)
        _write_file(plot, data)
    out = stdout()
    if settings.fmt in MACHINE_FORMATS:
        settings.format.report({"client": c.id, "visits": rows}, "", out)
        return
    if settings.fmt != "table":
        from massage_match.output import Listing

        columns = [("visit", "Visit"), ("date", "Date"), ("pain_before", "Before"), ("pain_after", "After")]
        settings.format.listing(Listing("Progress", rows, columns, columns), out, settings.color)
        return
    from massage_match.records.charts import terminal_chart

    lines = [f"{c.name} (client {c.id}): pain 0-10 before and after, {len(points)} visit(s)"]
    lines += terminal_chart(points) or ["  no visits yet ('visit' records one)"]
    out.write("\n".join(lines) + "\n")


# Who signs the papers: a name and a way to reach them.
THERAPIST_OPTION = click.option(
    "--from",
    "therapist",
    metavar="TEXT",
    envvar="MASSAGE_MATCH_THERAPIST",
    help="The therapist's name and contact, e.g. 'Jo Park LMT, 555-0100' (env: MASSAGE_MATCH_THERAPIST).",
)


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option("--out", type=SafePath(dir_okay=False, path_type=Path), help="Write the page to FILE.html.")
@THERAPIST_OPTION
@click.pass_obj
def handout(settings: Settings, client_ref: str, out: Path | None, therapist: str | None) -> None:
    """The client's printable home-care plan (one HTML page, one printed sheet).

    \b
    Example:
      massage-match handout Ann --out ann-home-care.html
    """
    from massage_match.records.papers import handout_page

    _paper(settings, client_ref, out, therapist, handout_page)


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option("--out", type=SafePath(dir_okay=False, path_type=Path), help="Write the letter to FILE.html.")
@THERAPIST_OPTION
@click.pass_obj
def letter(settings: Settings, client_ref: str, out: Path | None, therapist: str | None) -> None:
    """A letter to the client's physician: findings, the referral or the clearance asked for, and the
    three usual answers to tick (no restriction / with modifications / not advisable).

    \b
    Example:
      massage-match letter Ann --out ann-letter.html
    """
    from massage_match.records.papers import letter_page

    _paper(settings, client_ref, out, therapist, letter_page)


def _paper(settings: Settings, client_ref: str, out: Path | None, therapist: str | None, make: Any) -> None:
    """A page made from the client's record (`make(client, visits, kb, today, therapist)`), written
    to `out` or printed."""
    with _open(settings) as store:
        c = store.client(client_ref)
        visits = store.visits(c.id)
    page = make(c, visits, settings.kb(), _today(), _text(therapist, "--from"))
    if out is None:
        stdout().write(page)
    else:
        _write_file(out, page.encode("utf-8"))
