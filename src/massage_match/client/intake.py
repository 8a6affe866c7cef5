"""The intake questionnaire: every contraindication in the knowledge base asked about, in plain words.

Kept apart from the CLI so it can be driven by any prompt functions (Rich at the terminal, scripted
answers in tests).
"""

from __future__ import annotations

from collections.abc import Callable

from massage_match.client.profile import Profile, clean_text
from massage_match.model import KnowledgeBase
from massage_match.model.pressure import parse_pressure, pressure_choices

Ask = Callable[[str], str]  # a free-text question -> the answer ("" for none)
Confirm = Callable[[str], bool]  # a yes/no question (default no) -> the answer

KIND_HEADINGS = {
    "absolute": "Today, does the client have any of these?",
    "local": "Is any area affected by one of these?",
    "relative": "Does any of these apply to the client?",
}


def run_intake(kb: KnowledgeBase, ask: Ask, confirm: Confirm, say: Callable[[str], None]) -> Profile:
    def reply(question: str) -> str:
        # A terminal that is not UTF-8 hands us surrogate escapes: cleaned here, so the profile in
        # memory is the one written, and the file reads back.
        return clean_text(ask(question))

    health: list[str] = []
    for kind, heading in KIND_HEADINGS.items():
        say(heading)
        for c in kb.contraindications:
            if c.kind == kind and confirm(f"  {c.name}?"):
                detail = reply("    details (where, since when; Enter to skip)")
                health.append(f"{c.name}: {detail}" if detail else c.name)
    say("Medicines and other health matters, one per answer (Enter when done):")
    while True:
        extra = reply("  medicine or condition")
        if not extra:
            break
        health.append(extra)
    pressure: int | None = None
    while True:  # a client who asked for light pressure must not silently get no limit
        pressure_text = reply(
            "Most pressure the client wants, 1 (lightest) to 5 (deepest) or in words (e.g. medium); Enter for no limit"
        ).strip()
        if not pressure_text:
            break
        pressure = parse_pressure(pressure_text)
        if pressure is not None:
            break
        say(f"  {pressure_text!r} is not {pressure_choices()}; try again")
    areas_text = reply("Areas the client does not want worked, comma-separated (Enter for none)")
    areas = tuple(a.strip() for a in areas_text.split(",") if a.strip())
    return Profile(tuple(health), pressure, areas)
