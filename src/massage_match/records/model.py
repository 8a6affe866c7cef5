"""What a client record is made of: plain immutable values the store reads and writes and the
documents are made from. Nothing here touches the database."""

from __future__ import annotations

from typing import Any, NamedTuple


class Intake(NamedTuple):
    """What a client told the intake, in their own words where they used words."""

    complaint: str | None = None  # the main complaint, as the client put it
    pain: int | None = None  # 0-10 on the day of the intake
    goals: str | None = None
    health: tuple[str, ...] = ()  # health terms and medicines, free text, as the engine reads them
    pressure: int | None = None  # the most pressure wanted, 1-5 (Walton)
    avoid_areas: tuple[str, ...] = ()  # areas the client does not want worked
    physician: str | None = None  # the client's physician, for letters
    consent: bool = False  # agreed to be treated and to have these notes kept
    date: str | None = None  # YYYY-MM-DD of the intake

    def to_dict(self) -> dict[str, Any]:
        return {
            "complaint": self.complaint,
            "pain": self.pain,
            "goals": self.goals,
            "health": list(self.health),
            "pressure": self.pressure,
            "avoid_areas": list(self.avoid_areas),
            "physician": self.physician,
            "consent": self.consent,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Intake:
        return cls(
            complaint=data.get("complaint"),
            pain=data.get("pain"),
            goals=data.get("goals"),
            health=tuple(data.get("health") or ()),
            pressure=data.get("pressure"),
            avoid_areas=tuple(data.get("avoid_areas") or ()),
            physician=data.get("physician"),
            consent=bool(data.get("consent")),
            date=data.get("date"),
        )


class Client(NamedTuple):
    id: int
    name: str
    age: int | None
    created: str  # YYYY-MM-DD
    intake: Intake

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "age": self.age,
            "created": self.created,
            "intake": self.intake.to_dict(),
        }


class Visit(NamedTuple):
    client_id: int
    number: int  # 1, 2, ... for this client, in the order visits were recorded
    date: str  # YYYY-MM-DD
    symptom: str  # the complaint in the client's words today
    health: tuple[str, ...]  # every health term screened today: the stored profile's and today's
    pain_before: int
    pain_after: int | None
    done: tuple[str, ...]  # modality ids done
    pressure: int | None  # the pressure used, 1-5
    minutes: int | None  # hands-on minutes
    notes: str | None
    override: str | None  # why a modality the screening said to avoid was done anyway
    changes: str | None  # what the client said had changed since the last visit
    answer: dict[str, Any]  # the screening, as `recommend --format json` gives it

    def to_dict(self) -> dict[str, Any]:
        return {
            "client": self.client_id,
            "visit": self.number,
            "date": self.date,
            "symptom": self.symptom,
            "health": list(self.health),
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "done": list(self.done),
            "pressure": self.pressure,
            "minutes": self.minutes,
            "notes": self.notes,
            "override": self.override,
            "changes": self.changes,
            "answer": self.answer,
        }


class Clearance(NamedTuple):
    """A physician's clearance: lifts a `clearance` referral for the reasons it covers."""

    client_id: int
    date: str  # YYYY-MM-DD
    physician: str
    covers: tuple[str, ...]  # the referral reasons' names it clears ("Recent surgery")
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "physician": self.physician,
            "covers": list(self.covers),
            "note": self.note,
        }


class PainPoint(NamedTuple):
    """One visit on a progress chart."""

    visit: int
    date: str  # YYYY-MM-DD
    pain_before: int
    pain_after: int | None
