"""Looking things up: `conditions`, `modalities`, `contraindications`, `show`."""

from __future__ import annotations

from typing import Any

import click

from massage_match.cli.settings import Settings, stdout
from massage_match.cli.streams import warn
from massage_match.errors import ExitCode
from massage_match.model.pressure import PRESSURE_NAMES
from massage_match.output import Listing


@click.command()
@click.pass_obj
def conditions(settings: Settings) -> None:
    """List every condition: id, name, ICD-10-CM codes, modalities.

    \b
    Example:
      massage-match --format csv conditions > conditions.csv
    """
    rows = [c.to_dict() for c in settings.kb().conditions]
    columns = [
        ("id", "ID"),
        ("name", "Name"),
        ("icd10", "ICD-10-CM"),
        ("aliases", "Aliases"),
        ("modalities", "Modalities"),
    ]
    # At 80 columns the modality names would be cut mid-word: a person sees how many, `show` names them.
    summary = [("id", "ID"), ("name", "Name"), ("icd10", "ICD-10-CM"), ("modality_count", "Modalities")]
    summary_rows = [{**row, "modality_count": len(row["modalities"])} for row in rows]
    listing = Listing("Conditions (`show ID` for one in full)", rows, columns, summary, summary_rows)
    settings.format.listing(listing, stdout(), settings.color)


@click.command()
@click.pass_obj
def modalities(settings: Settings) -> None:
    """List every modality: id, name, CPT codes, usual pressure (1-5), contraindications.

    \b
    Example:
      massage-match --format json modalities | jq '.[] | select(.pressure <= 2) | .name'
    """
    kb = settings.kb()
    rows = [kb.modality_dict(m) for m in kb.modalities]
    columns = [("id", "ID"), ("name", "Name"), ("cpt", "CPT"), ("pressure", "Pressure")]
    listing = Listing(
        "Modalities (pressure: 1 lightest .. 5 deepest, Walton's scale)",
        rows,
        [*columns, ("contraindications", "Contraindications")],
        # the contraindications as a count: their names would not fit a terminal
        [("id", "ID"), ("name", "Name"), ("cpt", "CPT"), ("pressure_words", "Pressure"), ("limited_by", "Limited by")],
        [
            {
                **row,
                "limited_by": len(row["contraindications"]),
                "pressure_words": f"{row['pressure']} {PRESSURE_NAMES.get(row['pressure'], '')}",
            }
            for row in rows
        ],
    )
    settings.format.listing(listing, stdout(), settings.color)


@click.command()
@click.option("--modality", metavar="NAME", help="Only those concerning this modality (fuzzy name).")
@click.option("--health", metavar="TEXT", help="Only what this health term limits (free text).")
@click.option("--kind", type=click.Choice(["absolute", "local", "relative"]), help="Only this kind.")
@click.pass_obj
def contraindications(settings: Settings, modality: str | None, health: str | None, kind: str | None) -> ExitCode:
    """List contraindications: kind, the modalities they concern, guidance.

    \b
    Examples:
      massage-match contraindications --health "takes Eliquis"
      massage-match contraindications --modality "deep tissue" --kind absolute
    """
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
    listing = Listing(
        "Contraindications (`show ID` for the guidance)",
        rows,
        [(name, name) for name in ("id", "name", "kind", "modalities", "avoid", "guidance")],
        # the guidance is a paragraph each: `show ID` gives it, the table stays a list to scan
        [("id", "ID"), ("kind", "Kind"), ("name", "Name"), ("limits", "What it limits")],
        [{**row, "limits": _limits_summary(c)} for row, c in zip(rows, selected, strict=True)],
    )
    settings.format.listing(listing, stdout(), settings.color)
    return ExitCode.NO_MATCH if health is not None and not selected else ExitCode.OK


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
def show(settings: Settings, name: str) -> ExitCode:
    """Show one condition, modality or contraindication in full (fuzzy name accepted).

    \b
    Examples:
      massage-match show sciatica
      massage-match show "manual lymph drainage"
      massage-match --format json show warfarin
    """
    from massage_match.lookup import find_entry

    kb = settings.kb()
    found = find_entry(kb, settings.engine().matcher, name)
    if found is None:
        warn(f"nothing in the knowledge base matches {name!r}; try `massage-match conditions`")
        return ExitCode.NO_MATCH
    kind, data = found
    settings.format.detail(kind, data, stdout(), settings.color)
    return ExitCode.OK
