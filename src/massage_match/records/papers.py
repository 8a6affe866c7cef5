"""What the client takes home and what the physician is sent: the handout's and the letter's contents,
gathered from the client's record and the last visit's screening, then rendered as HTML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from massage_match.model import KnowledgeBase
from massage_match.records.model import Client, Visit, current_entry, pain_points

# The letter asks the physician for what the last visit's referral calls for.
_REQUEST_BY_URGENCY = {"emergency": "referral", "urgent": "referral", "clearance": "clearance"}
# What every client is told to watch for after massage, whatever was found.
AFTER_MASSAGE = (
    "Some soreness for a day or two after a session is common; tell your therapist if it lasts longer.",
    "Bruising, new swelling, numbness or pain that gets worse after a session should be reported.",
)


def _current_findings(answer: dict[str, Any], kb: KnowledgeBase) -> list[tuple[Any, str]]:
    """Today's contraindications (not past ones) with the words they were read from."""
    found = []
    for h in answer.get("health") or []:
        if h.get("id") and not h.get("history"):
            entry = current_entry(kb, "contraindication", h["id"])
            if entry is not None:
                found.append((entry, str(h.get("query"))))
    return found


def _past_findings(answer: dict[str, Any]) -> list[tuple[str, str]]:
    """Findings the client gave as past ones ("a DVT in 2019"): a physician wants to know them."""
    return [(str(h.get("name")), str(h.get("query"))) for h in answer.get("health") or [] if h.get("history")]


def _latest(visits: Sequence[Visit], kb: KnowledgeBase) -> tuple[Visit | None, dict[str, Any], Any, Any]:
    """The last visit, its screening, the condition it matched (as today's knowledge base has it) and
    its referral: what both papers speak of."""
    last = visits[-1] if visits else None
    answer = last.answer if last else {}
    match = answer.get("match")
    condition = current_entry(kb, "condition", match["id"]) if match else None
    return last, answer, condition, answer.get("referral")


def _chart(visits: Sequence[Visit], name: str) -> str | None:
    from massage_match.records.charts import svg_chart

    points = pain_points(visits)
    return svg_chart(points, f"{name}: pain before and after each visit") if points else None


def handout_page(
    client: Client, visits: Sequence[Visit], kb: KnowledgeBase, today: str, therapist: str | None = None
) -> str:
    from massage_match.records.documents import HandoutData, handout_html

    last, answer, condition, referral = _latest(visits, kb)
    plan = condition.plan if condition else None
    findings = _current_findings(answer, kb)
    call_doctor = list((referral or {}).get("reasons", []))
    if condition is not None and condition.note:
        call_doctor.append(condition.note)
    data = HandoutData(
        client_name=client.name,
        date=today,
        condition=condition.name if condition else None,
        icd10=tuple(condition.icd10) if condition else (),
        complaint=last.symptom if last else client.intake.complaint,
        home_care=tuple(plan.home_care) if plan else (),
        watch_for=(*AFTER_MASSAGE, *(f"{c.name}: {c.reason}" for c, _ in findings)),
        call_doctor=tuple(dict.fromkeys(call_doctor)),
        referral=(referral["urgency"], referral["reasons"][0]) if referral else None,
        next_visit=f"{plan.frequency}; {plan.visits[0]} to {plan.visits[1]} visits in all" if plan else None,
        chart_svg=_chart(visits, client.name),
        therapist=therapist,
        pain=tuple((v.date, v.pain_before, v.pain_after) for v in visits),
    )
    return handout_html(data)


def letter_page(
    client: Client, visits: Sequence[Visit], kb: KnowledgeBase, today: str, therapist: str | None = None
) -> str:
    from massage_match.records.documents import LetterData, letter_html

    last, answer, condition, referral = _latest(visits, kb)
    urgency = referral["urgency"] if referral else None
    request = _REQUEST_BY_URGENCY.get(urgency or "", "information")
    planned = []
    for m in answer.get("modalities") or []:
        if m.get("status") != "avoid":
            cpt = f" (CPT {', '.join(m['cpt'])})" if m.get("cpt") else ""
            planned.append(f"{m['name']}{cpt}")
    pain = None
    if last is not None:
        after = f", {last.pain_after}/10 after" if last.pain_after is not None else ""
        pain = f"pain {last.pain_before}/10 before{after} the last of {len(visits)} visit(s), on {last.date}"
    data = LetterData(
        date=today,
        client_name=client.name,
        client_age=client.age,
        physician=client.intake.physician,
        therapist=therapist,
        request=request,
        urgency=urgency if request == "referral" else None,
        reasons=tuple((referral or {}).get("reasons", ())),
        complaint=last.symptom if last else client.intake.complaint,
        condition=condition.name if condition else None,
        icd10=tuple(condition.icd10) if condition else (),
        findings=(
            *(f"{c.name} ({said})" for c, said in _current_findings(answer, kb)),
            *(f"In the past: {name} ({said})" for name, said in _past_findings(answer)),
            *(
                f"On {v.date}, {', '.join(v.done)} done against the screening's advice: {v.override}"
                for v in visits
                if v.override
            ),
        ),
        planned=tuple(planned[:6]),
        pain=pain,
    )
    return letter_html(data)
