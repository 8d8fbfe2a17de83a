"""The exercise program as plain immutable objects."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hold:
    """A timed hold: seconds per side, one or two sides."""

    seconds: int
    sides: int = 1

    @property
    def total_seconds(self) -> int:
        """The whole timer, both sides included."""
        return self.seconds * self.sides


@dataclass(frozen=True, slots=True)
class Exercise:
    """One card of the complex."""

    id: str
    section_id: str
    duration_seconds: int
    hold: Hold | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class Routine:
    """An ordered list of cards."""

    id: str
    exercises: tuple[Exercise, ...]

    @property
    def total(self) -> int:
        """How many cards the routine has."""
        return len(self.exercises)

    @property
    def estimated_minutes(self) -> int:
        """The estimated length, rounded up to whole minutes."""
        return math.ceil(sum(e.duration_seconds for e in self.exercises) / 60)

    def card(self, step: int) -> Exercise | None:
        """The exercise at a 0-based step, or None past the end."""
        if 0 <= step < len(self.exercises):
            return self.exercises[step]
        return None


@dataclass(frozen=True, slots=True)
class Program:
    """All routines, in menu order."""

    routines: tuple[Routine, ...]

    def routine(self, routine_id: str) -> Routine | None:
        """The routine with this id, or None."""
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        return None

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id in any routine, or None."""
        for routine in self.routines:
            for exercise in routine.exercises:
                if exercise.id == exercise_id:
                    return exercise
        return None
