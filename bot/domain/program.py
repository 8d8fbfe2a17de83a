"""The exercise program as plain immutable objects."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Postures from which standing up needs care ("get up slowly").
LOW_POSTURES = frozenset({"floor", "all_fours", "lying", "seated"})
STANDING = "standing"


@dataclass(frozen=True, slots=True)
class Hold:
    """A timed hold: seconds per side, one or two sides, and time to change sides."""

    seconds: int
    sides: int = 1
    change_seconds: int = 0

    @property
    def change_at(self) -> int | None:
        """Seconds from the start to the "change sides" cue; None for one side."""
        return self.seconds if self.sides == 2 else None

    @property
    def total_seconds(self) -> int:
        """The whole timer: every side, and the change between them."""
        if self.sides == 2:
            return 2 * self.seconds + self.change_seconds
        return self.seconds


@dataclass(frozen=True, slots=True)
class Exercise:
    """One card of the complex, as a routine uses it (a variant has its own posture)."""

    id: str
    section_id: str
    duration_seconds: int
    hold: Hold | None = None
    image: str | None = None
    posture: str = "seated"
    needs: tuple[str, ...] = ()
    variant: str | None = None

    @property
    def pose_key(self) -> str:
        """The name of its pose file in content/poses: the id, and the variant after a dot."""
        return f"{self.id}.{self.variant}" if self.variant else self.id


@dataclass(frozen=True, slots=True)
class Routine:
    """An ordered list of cards."""

    id: str
    exercises: tuple[Exercise, ...]
    command: str | None = None  # the slash command that opens it, without "/"

    @property
    def total(self) -> int:
        """How many cards the routine has."""
        return len(self.exercises)

    @property
    def estimated_minutes(self) -> int:
        """The estimated length, rounded up to whole minutes."""
        return math.ceil(sum(e.duration_seconds for e in self.exercises) / 60)

    @property
    def needs(self) -> tuple[str, ...]:
        """What to have at hand for the whole routine, in the order the cards need it."""
        return tuple(dict.fromkeys(need for e in self.exercises for need in e.needs))

    @property
    def has_standing(self) -> bool:
        """Whether any card is done standing (footing matters)."""
        return any(e.posture == STANDING for e in self.exercises)

    def card(self, step: int) -> Exercise | None:
        """The exercise at a 0-based step, or None past the end."""
        if 0 <= step < len(self.exercises):
            return self.exercises[step]
        return None

    def gets_up_before(self, step: int) -> bool:
        """Whether the user stands up from the floor (or a seat) to do the card at `step`."""
        current, previous = self.card(step), self.card(step - 1) if step > 0 else None
        return (
            current is not None
            and previous is not None
            and current.posture == STANDING
            and previous.posture in LOW_POSTURES
        )


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

    def by_command(self, command: str) -> Routine | None:
        """The routine that /<command> opens, or None."""
        for routine in self.routines:
            if routine.command == command:
                return routine
        return None

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id in any routine, or None."""
        for routine in self.routines:
            for exercise in routine.exercises:
                if exercise.id == exercise_id:
                    return exercise
        return None
