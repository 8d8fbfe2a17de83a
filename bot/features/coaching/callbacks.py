"""The buttons of coaching: a card's buttons, the routines menu, the open-routine question, ratings.

Callback data comes back from the client and can be forged: decoding is strict (see
`bot.callback_data`), and the wire format is fixed, since buttons already sent carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.callback_data import ID, IDENT, STEP, CallbackData, flag, integer, optional
from bot.domain.flow import CardAction

_RATING = optional(integer(r"10|[0-9]"), none="x")


@dataclass(frozen=True, slots=True)
class CardPress(CallbackData, prefix="c"):
    """A button under card `step` of session `session_id`."""

    session_id: Annotated[int, ID]
    step: Annotated[int, STEP]
    action: CardAction


@dataclass(frozen=True, slots=True)
class PickRoutine(CallbackData, prefix="r"):
    """A routine chosen from a menu."""

    routine_id: Annotated[str, IDENT]


@dataclass(frozen=True, slots=True)
class ResolveOpen(CallbackData, prefix="o"):
    """The answer to "continue the open routine or start another?".

    `routine_id` None means continue session `session_id`; otherwise stop it and start that one.
    """

    session_id: Annotated[int, ID]
    routine_id: Annotated[str | None, IDENT] = None


@dataclass(frozen=True, slots=True)
class ShowMenu(CallbackData, prefix="m"):
    """Show the routines menu."""


@dataclass(frozen=True, slots=True)
class Rate(CallbackData, prefix="dr"):
    """A 0–10 discomfort rating before or after session `session_id`; None skips it."""

    session_id: Annotated[int, ID]
    after: Annotated[bool, flag(true="a", false="b")]
    value: Annotated[int | None, _RATING]
