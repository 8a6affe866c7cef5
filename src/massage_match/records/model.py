"""What a client record is made of: plain immutable values the store reads and writes and the
documents are made from. Nothing here touches the database."""

from __future__ import annotations

from collections.abc import Sequence
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
    # Agreed to be treated and to have these notes kept; None: not asked (a client added without the
    # intake questions), False: asked and refused, so nothing may be done.
    consent: bool | None = None
    date: str | None = None  # YYYY-MM-DD of the intake
    # When each health term was noted (YYYY-MM-DD), in the order of `health`: "surgery 2 weeks ago"
    # said in March is months ago by June. A term without one dates from the intake.
    health_dates: tuple[str, ...] = ()

    def health_noted(self) -> list[tuple[str, str | None]]:
        """Each health term with the date it was noted."""
        dates: list[str | None] = list(self.health_dates[: len(self.health)])
        dates += [self.date] * (len(self.health) - len(dates))
        return list(zip(self.health, dates, strict=True))

    def with_health(self, added: tuple[str, ...], noted: str) -> Intake:
        known = {h.casefold() for h in self.health}
        new = tuple(dict.fromkeys(h for h in added if h.casefold() not in known))
        dates = tuple(d or noted for _, d in self.health_noted())
        return self._replace(health=self.health + new, health_dates=dates + (noted,) * len(new))

    def without_health(self, dropped: set[str], noted: str) -> Intake:
        kept = [(h, d) for h, d in self.health_noted() if h.casefold() not in dropped]
        return self._replace(health=tuple(h for h, _ in kept), health_dates=tuple(d or noted for h, d in kept))

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
            "health_dates": list(self.health_dates),
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
            consent=data.get("consent"),
            date=data.get("date"),
            health_dates=tuple(data.get("health_dates") or ()),
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


def current_entry(kb: Any, kind: str, id_: str) -> Any:
    """The `kind` ("condition", "modality", "contraindication") with `id_` in today's knowledge base,
    or None when it has since been renamed or removed (a stored answer keeps the name it had)."""
    try:
        return getattr(kb, kind)(id_)
    except KeyError:
        return None


def pain_points(visits: Sequence[Visit]) -> list[PainPoint]:
    """The visits as points of a progress chart, in their order."""
    return [PainPoint(v.number, v.date, v.pain_before, v.pain_after) for v in visits]


class PainPoint(NamedTuple):
    """One visit on a progress chart."""

    visit: int
    date: str  # YYYY-MM-DD
    pain_before: int
    pain_after: int | None
