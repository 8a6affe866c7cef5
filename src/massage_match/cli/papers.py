"""What is made from a client's record: `note` (SOAP), `progress`, `handout`, `letter`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from massage_match.cli import record_io
from massage_match.cli.settings import SafePath, Settings, stdout
from massage_match.records.model import pain_points


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option("--visit", "number", type=click.IntRange(min=1), help="The visit's number (default: the last).")
@record_io.FORMAT_OPTION
@click.pass_obj
def note(settings: Settings, client_ref: str, number: int | None, fmt: str | None) -> None:
    """The SOAP note of a visit: Subjective, Objective, Assessment, Plan (text; --format json too).

    \b
    Example:
      massage-match note Ann --visit 2
    """
    from massage_match.records.soap import soap_note, soap_text

    settings = settings.with_format(fmt)
    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        v = store.visit(c.id, number)
        clearances = store.clearances(c.id)
    data = soap_note(c, v, clearances, settings.kb())
    if settings.fmt in record_io.MACHINE_FORMATS:
        settings.format.report(data, "", stdout())
    else:
        stdout().write(soap_text(data))


@click.command()
@click.argument("client_ref", metavar="CLIENT")
@click.option(
    "--plot", type=SafePath(dir_okay=False, path_type=Path), help="Also draw the chart to FILE.svg or FILE.png."
)
@record_io.FORMAT_OPTION
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
    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        points = pain_points(store.visits(c.id))
    rows = [p._asdict() for p in points]
    if plot is not None:
        from massage_match.records import charts

        title = f"{c.name}: pain before and after each visit"
        data = charts.svg_chart(points, title).encode("utf-8") if kind == ".svg" else charts.png_chart(points, title)
        record_io.write_owner_only(plot, data)
    out = stdout()
    if settings.fmt in record_io.MACHINE_FORMATS:
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
    with record_io.open_store(settings) as store:
        c = store.client(client_ref)
        visits = store.visits(c.id)
    page = make(c, visits, settings.kb(), record_io.today(), record_io.clean_text_option(therapist, "--from"))
    if out is None:
        stdout().write(page)
    else:
        record_io.write_owner_only(out, page.encode("utf-8"))
