"""Looking things up: `conditions`, `modalities`, `contraindications`, `show`."""

from __future__ import annotations

import sys
from typing import Any

import click

from massage_match.cli.app import ExitCode, Settings, stdout, warn


@click.command()
@click.pass_obj
def conditions(settings: Settings) -> None:
    """List every condition: id, name, ICD-10-CM codes, modalities.

    \b
    Example:
      massage-match --format csv conditions > conditions.csv
    """
    from massage_match.output import write_listing

    rows = [c.to_dict() for c in settings.kb().conditions]
    columns = [("id", "ID"), ("name", "Name"), ("icd10", "ICD-10-CM"), ("modalities", "Modalities")]
    if settings.fmt != "table":
        columns.insert(3, ("aliases", "Aliases"))
    write_listing(rows, settings.fmt, stdout(), columns, "Conditions", settings.color)


@click.command()
@click.pass_obj
def modalities(settings: Settings) -> None:
    """List every modality: id, name, CPT codes, usual pressure (1-5), contraindications.

    \b
    Example:
      massage-match --format json modalities | jq '.[] | select(.pressure <= 2) | .name'
    """
    from massage_match.output import write_listing

    kb = settings.kb()
    rows = [kb.modality_dict(m) for m in kb.modalities]
    columns = [("id", "ID"), ("name", "Name"), ("cpt", "CPT"), ("pressure", "Pressure")]
    if settings.fmt == "table":
        for row in rows:
            row["limited_by"] = len(row["contraindications"])
        columns.append(("limited_by", "Contraindications"))
    else:
        columns.append(("contraindications", "Contraindications"))
    write_listing(
        rows,
        settings.fmt,
        stdout(),
        columns,
        "Modalities (pressure: 1 lightest .. 5 deepest)",
        settings.color,
    )


@click.command()
@click.option("--modality", metavar="NAME", help="Only those concerning this modality (fuzzy name).")
@click.option("--health", metavar="TEXT", help="Only what this health term limits (free text).")
@click.option("--kind", type=click.Choice(["absolute", "local", "relative"]), help="Only this kind.")
@click.pass_obj
def contraindications(settings: Settings, modality: str | None, health: str | None, kind: str | None) -> None:
    """List contraindications: kind, the modalities they concern, guidance.

    \b
    Examples:
      massage-match contraindications --health "takes Eliquis"
      massage-match contraindications --modality "deep tissue" --kind absolute
    """
    from massage_match.output import write_listing

    kb = settings.kb()
    selected = list(kb.contraindications)
    matcher = settings.engine().matcher
    if modality is not None:
        modality_id = _find(matcher.modalities, matcher, modality, "modality")
        selected = [c for c in selected if c.concerns(modality_id)]
    if health is not None:
        findings = matcher.health(health)
        found = [f.contraindication for f in findings if f.contraindication]
        if not found and any(f.negated for f in findings):
            warn(f"health term {health!r} only denies things: nothing is limited")
        elif not found:
            warn(f"health term {health!r} not understood: no contraindication matches it")
        selected = [c for c in selected if c in found]
    if kind is not None:
        selected = [c for c in selected if c.kind == kind]
    rows = [c.to_dict() for c in selected]
    if settings.fmt == "table":
        for row, c in zip(rows, selected, strict=True):
            row["limits"] = _limits_summary(c)
        columns = [("id", "ID"), ("kind", "Kind"), ("limits", "What it limits"), ("guidance", "Guidance")]
    else:
        columns = [
            ("id", "id"),
            ("name", "name"),
            ("kind", "kind"),
            ("modalities", "modalities"),
            ("avoid", "avoid"),
            ("guidance", "guidance"),
        ]
    write_listing(rows, settings.fmt, stdout(), columns, "Contraindications", settings.color)
    if health is not None and not selected:
        sys.exit(ExitCode.NO_MATCH)


def _limits_summary(c: Any) -> str:
    parts = ["no massage at all" if c.kind == "absolute" else ""]
    if c.avoid:
        parts.append("avoid: " + ", ".join(sorted(c.avoid)))
    a = c.adjustments
    if a.pressure_max is not None:
        parts.append(f"pressure <= {a.pressure_max}")
    if a.avoid_sites:
        parts.append("sites: " + "; ".join(a.avoid_sites))
    if a.position:
        parts.append(f"position: {a.position}")
    if a.session_max_minutes:
        parts.append(f"<= {a.session_max_minutes} min")
    return "\n".join(p for p in parts if p) or "see guidance"


def _find(index: Any, matcher: Any, name: str, what: str) -> str:
    from massage_match.language.matcher import CONDITION_THRESHOLD  # the same bar `show` and symptoms must clear

    tokens, corrected = matcher.tokens(name)
    ranked = index.rank(tokens, corrected)
    if not ranked or ranked[0].score < CONDITION_THRESHOLD:
        raise click.BadParameter(f"no {what} matches {name!r}")
    return str(ranked[0].id)


@click.command()
@click.argument("name")
@click.pass_obj
def show(settings: Settings, name: str) -> None:
    """Show one condition, modality or contraindication in full (fuzzy name accepted).

    \b
    Examples:
      massage-match show sciatica
      massage-match show "manual lymph drainage"
      massage-match --format json show warfarin
    """
    from massage_match.lookup import find_entry
    from massage_match.output import write_detail

    kb = settings.kb()
    found = find_entry(kb, settings.engine().matcher, name)
    if found is None:
        warn(f"nothing in the knowledge base matches {name!r}; try `massage-match conditions`")
        sys.exit(ExitCode.NO_MATCH)
    kind, data = found
    write_detail(kind, data, settings.fmt, stdout(), settings.color)
