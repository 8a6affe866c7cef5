"""The SOAP note of a visit (Subjective, Objective, Assessment, Plan), made from what the visit stored:
the client's words, today's screening and what was done. As data (for JSON) and as plain text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from massage_match.model import KnowledgeBase
from massage_match.model.pressure import pressure_label
from massage_match.records.model import Clearance, Client, Visit, current_entry
from massage_match.records.visits import billing_units, untimed

SECTIONS = ("subjective", "objective", "assessment", "plan")


def _findings(answer: dict[str, Any], kb: KnowledgeBase) -> tuple[list[dict[str, Any]], list[str]]:
    """The contraindications found (with their kind) and the other things the screening read."""
    contraindications: list[dict[str, Any]] = []
    other: list[str] = []
    for h in answer.get("health") or []:
        if h.get("id"):
            entry = current_entry(kb, "contraindication", h["id"])
            contraindications.append(
                {
                    "id": h["id"],
                    "name": h.get("name"),
                    "kind": entry.kind if entry else None,
                    "said": h.get("query"),
                    "history": bool(h.get("history")),
                    "site": h.get("site") or [],
                }
            )
        elif h.get("negated"):
            other.append(f"denies {h.get('query')}")
        elif h.get("facts"):
            other.append(str(h.get("query")))
    return contraindications, other


def soap_note(client: Client, visit: Visit, clearances: Sequence[Clearance], kb: KnowledgeBase) -> dict[str, Any]:
    answer = visit.answer
    match = answer.get("match")
    condition = current_entry(kb, "condition", match["id"]) if match else None
    plan = condition.plan if condition else None
    contraindications, other = _findings(answer, kb)
    done = []
    for modality_id in visit.done:
        m = current_entry(kb, "modality", modality_id)
        done.append({"id": modality_id, "name": m.name if m else modality_id, "cpt": list(m.cpt) if m else []})
    advice = {m["id"]: m for m in answer.get("modalities") or []}
    return {
        "client": {"id": client.id, "name": client.name, "age": client.age},
        "visit": visit.number,
        "date": visit.date,
        "subjective": {
            "complaint": visit.symptom,
            "pain_before": visit.pain_before,
            "pain_after": visit.pain_after,
            "changes": visit.changes,
            "goals": client.intake.goals,
            "health_reported": list(visit.health),
        },
        "objective": {
            "findings": contraindications,
            "other_findings": other,
            "areas_avoided": list(client.intake.avoid_areas),
            "pressure": visit.pressure,
            "minutes": visit.minutes,
            "notes": visit.notes,
        },
        "assessment": {
            "condition": match and {"id": match["id"], "name": match["name"], "icd10": match.get("icd10") or []},
            "other_complaints": [
                {"query": c["query"], "id": c["match"]["id"], "name": c["match"]["name"], "icd10": c["match"]["icd10"]}
                for c in (answer.get("complaints") or [])[1:]
                if c.get("match")
            ],
            "referral": answer.get("referral"),
            "clearances": [c.to_dict() for c in clearances if c.date <= visit.date],
        },
        "plan": {
            "done": [{**d, "adjustments": advice.get(d["id"], {}).get("adjustments", [])} for d in done],
            "units": billing_units(visit.minutes),
            # The 8-minute rule counts the timed codes' minutes together; untimed codes are one each.
            "timed_cpt": sorted({code for d in done for code in d["cpt"] if not untimed(code)}),
            "untimed_cpt": sorted({code for d in done for code in d["cpt"] if untimed(code)}),
            "override": visit.override,
            "home_care": list(plan.home_care) if plan else [],
            "next_visit": f"{plan.frequency}; {plan.visits[0]} to {plan.visits[1]} visits in all" if plan else None,
        },
    }


def _pain(before: int, after: int | None) -> str:
    return f"{before}/10 before" + (f", {after}/10 after" if after is not None else " (after not recorded)")


def soap_text(note: dict[str, Any]) -> str:
    """The note as a therapist files it: four headed sections, one fact per line."""
    s, o, a, p = (note[k] for k in SECTIONS)
    client = note["client"]
    age = f", {client['age']}" if client.get("age") is not None else ""
    lines = [f"SOAP note: {client['name']}{age} (client {client['id']}), visit {note['visit']} on {note['date']}", ""]
    lines.append("Subjective")
    lines.append(f"  Complaint: {s['complaint']}")
    lines.append(f"  Pain: {_pain(s['pain_before'], s['pain_after'])}")
    if s.get("changes"):
        lines.append(f"  Since the last visit: {s['changes']}")
    if s.get("goals"):
        lines.append(f"  Goals: {s['goals']}")
    if s["health_reported"]:
        lines.append(f"  Health reported: {'; '.join(s['health_reported'])}")
    lines += ["", "Objective"]
    for f in o["findings"]:
        kind = f" ({f['kind']})" if f.get("kind") else ""
        past = ", in the past" if f.get("history") else ""
        site = f", at the {' and '.join(f['site'])}" if f.get("site") else ""
        lines.append(f"  Finding: {f['name']}{kind}{past}{site}: {f['said']!r}")
    for text in o["other_findings"]:
        lines.append(f"  Noted: {text}")
    if not o["findings"] and not o["other_findings"]:
        lines.append("  No health findings from the screening")
    if o["pressure"] is not None:
        lines.append(f"  Pressure: {pressure_label(o['pressure'])}")
    if o["minutes"] is not None:
        lines.append(f"  Hands-on time: {o['minutes']} minutes")
    if o["areas_avoided"]:
        lines.append(f"  Areas avoided at the client's wish: {', '.join(o['areas_avoided'])}")
    if o.get("notes"):
        lines.append(f"  Notes: {o['notes']}")
    lines += ["", "Assessment"]
    condition = a["condition"]
    if condition:
        codes = ", ".join(condition["icd10"]) or "no code"
        lines.append(f"  {condition['name']} (ICD-10-CM {codes})")
    else:
        lines.append("  No condition matched the complaint")
    for c in a["other_complaints"]:
        lines.append(f"  Also: {c['name']} (ICD-10-CM {', '.join(c['icd10']) or 'no code'})")
    for f in o["findings"]:
        if not f.get("history"):
            lines.append(f"  Contraindication: {f['name']}" + (f" ({f['kind']})" if f.get("kind") else ""))
    referral = a.get("referral")
    if referral:
        lines.append(f"  Referral: {referral['urgency']}")
        lines.extend(f"    {reason}" for reason in referral["reasons"])
    else:
        lines.append("  Referral: none")
    for c in a["clearances"]:
        lines.append(f"  Cleared by {c['physician']} on {c['date']}: {', '.join(c['covers'])}")
    lines += ["", "Plan"]
    if p["done"]:
        # What every done modality was adjusted for is said once, before them.
        shared = [a for a in p["done"][0]["adjustments"] if all(a in d["adjustments"] for d in p["done"])]
        if len(p["done"]) > 1:
            lines.extend(f"  Adjusted throughout: {a.rstrip('.')}" for a in shared)
        else:
            shared = []
        for d in p["done"]:
            cpt = f"CPT {', '.join(d['cpt'])}" if d["cpt"] else "no CPT code"
            lines.append(f"  Done: {d['name']} ({cpt})")
            lines.extend(f"    adjusted: {a.rstrip('.')}" for a in d["adjustments"] if a not in shared)
    else:
        lines.append("  Done: nothing recorded")
    timed, once = p["timed_cpt"], p["untimed_cpt"]
    if p["units"] is not None and timed:
        split = f"; split them between {', '.join(timed)} by the minutes of each" if len(timed) > 1 else ""
        lines.append(
            f"  Units: {p['units']} x 15 minutes for {', '.join(timed)} "
            f"(8-minute rule over {o['minutes']} timed minutes{split})"
        )
    lines.extend(f"  Units: 1 for {code} (supervised modality, once per session)" for code in once)
    if p.get("override"):
        lines.append(f"  Done against the screening's advice, because: {p['override']}")
    for item in p["home_care"]:
        lines.append(f"  Home care: {item}")
    if p.get("next_visit"):
        lines.append(f"  Next visit: {p['next_visit']}")
    return "\n".join(lines) + "\n"
