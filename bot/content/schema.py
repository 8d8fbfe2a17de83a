"""Pydantic schemas of the content files.

`program.yaml` holds the language-neutral facts (sections, exercises, holds, routines);
`locales/<lang>/exercises.yaml` and `locales/<lang>/texts.yaml` hold the words.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$", min_length=1, max_length=32)
]
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Telegram's rule for bot commands: 1–32 characters, lower-case letters, digits and underscores.
CommandName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]

_URL = re.compile(r"^https?://\S+$")


class StrictModel(BaseModel):
    """Base for content models: unknown fields are errors, so typos surface."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Posture = Literal["standing", "chair", "floor", "all_fours", "lying", "seated"]


class HoldSpec(StrictModel):
    """A timed hold: the ⏱ button counts it; two-sided holds cue the change of sides and leave
    `change_seconds` for it before the second side is counted."""

    seconds: Annotated[int, Field(ge=3, le=300)]
    sides: Literal[1, 2] = 1
    change_seconds: Annotated[int, Field(ge=0, le=60)] = 10


class VariantSpec(StrictModel):
    """Another way to do the same exercise (on a chair instead of the floor)."""

    posture: Posture
    needs: list[Identifier] = []


class ExerciseSpec(StrictModel):
    """Language-neutral facts of one exercise card."""

    id: Identifier
    duration_seconds: Annotated[int, Field(ge=10, le=900)]
    posture: Posture
    needs: list[Identifier] = []
    variants: dict[Identifier, VariantSpec] = {}
    hold: HoldSpec | None = None
    image: str | None = None

    @field_validator("image")
    @classmethod
    def _image_is_path_or_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if _URL.match(value):
            return value
        if value.startswith("/") or ".." in value.split("/"):
            raise ValueError("must be an http(s) URL or a path inside the content folder")
        return value


class SectionSpec(StrictModel):
    """A group of exercises, in the order of the complex."""

    id: Identifier
    exercises: Annotated[list[ExerciseSpec], Field(min_length=1)]


class RoutineItem(StrictModel):
    """One exercise of a routine made of single exercises, optionally in one of its variants."""

    id: Identifier
    variant: Identifier | None = None


class RoutineSpec(StrictModel):
    """A routine is whole sections of the complex, or a list of its exercises; `minutes` is what
    the menu promises (checked against the cards), `postures` the only ones its cards may use."""

    id: Identifier
    command: CommandName | None = None
    minutes: Annotated[int, Field(ge=1, le=120)]
    sections: Annotated[list[Identifier], Field(min_length=1)] | None = None
    exercises: Annotated[list[Identifier | RoutineItem], Field(min_length=1)] | None = None
    postures: list[Posture] | None = None

    @model_validator(mode="after")
    def _sections_or_exercises(self) -> RoutineSpec:
        if (self.sections is None) == (self.exercises is None):
            raise ValueError("give either sections or exercises, not both")
        return self

    def items(self) -> list[RoutineItem]:
        """The exercises listed by id (empty for a routine of sections)."""
        return [
            item if isinstance(item, RoutineItem) else RoutineItem(id=item)
            for item in self.exercises or []
        ]


class ProgramFile(StrictModel):
    """`program.yaml`."""

    sections: Annotated[list[SectionSpec], Field(min_length=1)]
    routines: Annotated[list[RoutineSpec], Field(min_length=1)]


class VariantText(StrictModel):
    """The starting position of a variant."""

    start: NonEmptyText


class ExerciseText(StrictModel):
    """The words of one exercise card in one language."""

    title: NonEmptyText
    start: NonEmptyText
    steps: Annotated[list[NonEmptyText], Field(min_length=1)]
    dose: NonEmptyText
    sides: NonEmptyText | None = None
    caution: NonEmptyText | None = None
    variants: dict[Identifier, VariantText] = {}


class SectionText(StrictModel):
    """Name of a section, and rules shown on each of its cards."""

    title: NonEmptyText
    rules: NonEmptyText | None = None


class RoutineText(StrictModel):
    """Name and one-line description of a routine."""

    title: NonEmptyText
    description: NonEmptyText
    button: NonEmptyText
    command: NonEmptyText | None = None  # the menu's words for the routine's command


class ExercisesFile(StrictModel):
    """`locales/<lang>/exercises.yaml`."""

    equipment: dict[Identifier, NonEmptyText]
    sections: dict[Identifier, SectionText]
    routines: dict[Identifier, RoutineText]
    exercises: dict[Identifier, ExerciseText]


TextValue = NonEmptyText | Annotated[list[NonEmptyText], Field(min_length=1)]


class ScheduleFile(StrictModel):
    """`schedule.yaml`: the choices offered when setting up reminders."""

    time_zones: Annotated[list[str], Field(min_length=1, max_length=12)]
    reminder_times: Annotated[list[str], Field(min_length=1, max_length=12)]
    # Cities people type that have no time zone named after them, in any language.
    cities: dict[str, str] = {}

    @field_validator("time_zones")
    @classmethod
    def _zones_exist(cls, zones: list[str]) -> list[str]:
        for zone in zones:
            _check_zone(zone)
        return zones

    @field_validator("cities")
    @classmethod
    def _city_zones_exist(cls, cities: dict[str, str]) -> dict[str, str]:
        for city, zone in cities.items():
            if not city.strip():
                raise ValueError("a city name must not be empty")
            _check_zone(zone)
        return cities

    @field_validator("reminder_times")
    @classmethod
    def _times_parse(cls, times: list[str]) -> list[str]:
        for value in times:
            if not re.fullmatch(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]", value):
                raise ValueError(f"{value!r} is not a time as HH:MM")
        return times


def _check_zone(zone: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone!r}") from None
