"""A visit: `visit` screens and stores it, `clearance` records a physician's clearance."""

from __future__ import annotations

from typing import Any

import click

from massage_match.cli import record_io
from massage_match.cli.settings import Settings, stdout
from massage_match.cli.streams import warn
from massage_match.errors import ExitCode, MassageMatchError
from massage_match.records.model import Clearance, Visit


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
@click.option("--pain-before", type=record_io.PAIN, required=True, help="Pain 0-10 before the session.")
@click.option("--pain-after", type=record_io.PAIN, help="Pain 0-10 after the session.")
@click.option("--done", multiple=True, metavar="MODALITY", help="A modality done (id or name; repeatable).")
@click.option("--pressure", metavar="N", help="The pressure used: 1-5 or Walton's words (e.g. medium).")
@click.option("--minutes", type=click.IntRange(1, 600), help="Hands-on minutes (for 15-minute units).")
@click.option("--notes", metavar="TEXT", help="The therapist's notes.")
@click.option("--changes", metavar="TEXT", help="What has changed since the last visit (asked at a terminal).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The visit's date (default today).")
@click.option("--override", metavar="REASON", help="Record why a modality the screening rules out was done.")
@record_io.FORMAT_OPTION
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
    symptom_text = record_io.clean_text_option(symptom, "--symptom") or ""
    today = tuple(record_io.clean_text_option(h, "--health") or "" for h in health)
    used_pressure = record_io.pressure_option(pressure)
    reason = record_io.clean_text_option(override, "--override")
    notes = record_io.clean_text_option(notes, "--notes")
    changes = record_io.clean_text_option(changes, "--changes")
    visit_day = record_io.parse_day(day)
    engine = settings.engine()
    modalities = _done_modalities(engine, done)
    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        clearances = store.clearances(c.id)
        previous = store.visits(c.id)
        if changes is None and previous and record_io.interactive():
            asked = click.prompt(
                f"What has changed since the last visit on {previous[-1].date} (health, medicines, injuries)? "
                "Enter for nothing",
                default="",
                show_default=False,
                err=True,
            ).strip()
            changes = record_io.clean_text_option(asked, "the answer") if asked else None
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
    if settings.fmt in record_io.MACHINE_FORMATS:
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
    who = record_io.clean_text_option(physician, "--by") or ""
    wanted = tuple(_referral_name(settings, record_io.clean_text_option(x, "--covers") or "") for x in covers)
    cleared_day = record_io.parse_day(day)
    with record_io.open_store(settings) as store:
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
        store.add_clearance(Clearance(c.id, cleared_day, who, wanted, record_io.clean_text_option(note, "--note")))
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
