"""Client records: `client add`, `update`, `list`, `show`, `export`, `delete`. Each command opens the
records database once and does its one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from massage_match.cli import record_io
from massage_match.cli.settings import SafePath, Settings, stdout
from massage_match.cli.streams import warn
from massage_match.errors import MassageMatchError
from massage_match.records.model import Clearance, Client, Intake, Visit


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
@click.option("--age", type=record_io.AGE, help="The client's age in years.")
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
    name = record_io.clean_text_option(name, "NAME") or ""
    terms = tuple(record_io.clean_text_option(h, "--health") or "" for h in health)
    intake = Intake(date=record_io.today())
    if profile is not None:
        from massage_match.client.profile import load_profile

        p = load_profile(profile)
        intake = intake._replace(health=p.health, pressure=p.pressure, avoid_areas=p.avoid_areas)
    if ask:
        from massage_match.client.intake import run_intake

        try:
            if age is None:
                age = click.prompt("Age in years (Enter to skip)", default=None, type=record_io.AGE, err=True)
            asked = run_intake(
                settings.kb(),
                ask=lambda q: click.prompt(q, default="", show_default=False, err=True),
                confirm=lambda q: click.confirm(q, default=False, err=True),
                say=lambda text: click.echo(text, err=True),
                today=record_io.today(),
            )
        except click.Abort:
            if record_io.interactive():
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
        health=intake.health + terms,
        physician=record_io.clean_text_option(physician, "--physician") or intake.physician,
    )
    _report_unread(settings, intake.health)
    with record_io.open_store(settings, create=True) as store:
        namesakes = [c.id for c, _, _ in store.clients() if c.name.casefold() == name.casefold()]
        client_id = store.add_client(name, age, record_io.today(), intake)
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
@click.option("--age", type=record_io.AGE, help="The client's age in years.")
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
    terms = tuple(record_io.clean_text_option(h, "--health") or "" for h in added)
    gone = {(record_io.clean_text_option(h, "--drop-health") or "").casefold() for h in dropped}
    level = record_io.pressure_option(pressure)
    doctor = record_io.clean_text_option(physician, "--physician")
    _report_unread(settings, terms)
    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        unknown = gone - {h.casefold() for h in c.intake.health}
        if unknown:
            listed = "; ".join(c.intake.health) or "none"
            raise MassageMatchError(f"no stored health term {sorted(unknown)[0]!r} (stored: {listed})")
        intake = c.intake.without_health(gone, record_io.today()).with_health(terms, record_io.today())
        if doctor is not None:
            intake = intake._replace(physician=doctor)
        if consent is not None:
            intake = intake._replace(consent=consent)
        if level is not None:
            intake = intake._replace(pressure=level)
        store.update_client(c._replace(age=age if age is not None else c.age, intake=intake))
    warn(f"updated client {c.id} ({c.name})")


@client.command("list")
@record_io.FORMAT_OPTION
@click.pass_obj
def client_list(settings: Settings, fmt: str | None) -> None:
    """List the clients: id, name, age, visits, last visit."""
    settings = settings.with_format(fmt)
    from massage_match.output import Listing

    with record_io.open_store(settings) as store:
        rows = [
            {"id": c.id, "name": c.name, "age": c.age, "visits": count, "last_visit": last}
            for c, count, last in store.clients()
        ]
    columns = [("id", "ID"), ("name", "Name"), ("age", "Age"), ("visits", "Visits"), ("last_visit", "Last visit")]
    settings.format.listing(Listing("Clients", rows, columns, columns), stdout(), settings.color)


def _client_record(c: Client, visits: list[Visit], clearances: list[Clearance]) -> dict[str, Any]:
    return {**c.to_dict(), "visits": [v.to_dict() for v in visits], "clearances": [x.to_dict() for x in clearances]}


@client.command("show")
@click.argument("client_ref", metavar="CLIENT")
@record_io.FORMAT_OPTION
@click.pass_obj
def client_show(settings: Settings, client_ref: str, fmt: str | None) -> None:
    """One client: intake, visits and clearances."""
    settings = settings.with_format(fmt)
    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        visits = store.visits(c.id)
        clearances = store.clearances(c.id)
    if settings.fmt in record_io.MACHINE_FORMATS:
        settings.format.report(_client_record(c, visits, clearances), "", stdout())
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

    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        record = _client_record(c, store.visits(c.id), store.clearances(c.id))
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        stdout().write(text)
    else:
        record_io.write_owner_only(out, text.encode("utf-8"))


@client.command("delete")
@click.argument("client_ref", metavar="CLIENT")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation at a terminal.")
@click.pass_obj
def client_delete(settings: Settings, client_ref: str, yes: bool) -> None:
    """Erase a client and every visit, note and clearance kept about them."""
    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        visits = len(store.visits(c.id))
        if not yes and record_io.interactive():
            click.confirm(f"Erase {c.name} (client {c.id}) and {visits} visit(s)? This cannot be undone", abort=True)
        store.delete_client(c.id)
    warn(f"deleted client {c.id} ({c.name}) and {visits} visit(s)")
