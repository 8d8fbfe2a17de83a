"""The one codec for inline-button callback data.

Callback data comes back from the client and can be forged, so decoding is strict: anything
that is not exactly one of these shapes decodes to None. Encoded data is at most 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.flow import CardAction

MAX_BYTES = 64
_ID = r"[a-z][a-z0-9_]{0,31}"
_NUMBER = r"[1-9][0-9]{0,17}"


@dataclass(frozen=True, slots=True)
class CardPress:
    """A button under card `step` of session `session_id`."""

    session_id: int
    step: int
    action: CardAction


@dataclass(frozen=True, slots=True)
class PickRoutine:
    """A routine chosen from a menu."""

    routine_id: str


@dataclass(frozen=True, slots=True)
class ResolveOpen:
    """The answer to "continue the open routine or start another?".

    `routine_id` None means continue session `session_id`; otherwise stop it and start that one.
    """

    session_id: int
    routine_id: str | None = None


@dataclass(frozen=True, slots=True)
class ShowMenu:
    """Show the routines menu."""


Callback = CardPress | PickRoutine | ResolveOpen | ShowMenu

_CARD = re.compile(rf"^c:({_NUMBER}):(0|[1-9][0-9]{{0,3}}):([dsxt])$")
_PICK = re.compile(rf"^r:({_ID})$")
_OPEN = re.compile(rf"^o:({_NUMBER})(?::({_ID}))?$")


def encode(callback: Callback) -> str:
    """Callback data for a button."""
    match callback:
        case CardPress(session_id, step, action):
            data = f"c:{session_id}:{step}:{action.value}"
        case PickRoutine(routine_id):
            data = f"r:{routine_id}"
        case ResolveOpen(session_id, None):
            data = f"o:{session_id}"
        case ResolveOpen(session_id, routine_id):
            data = f"o:{session_id}:{routine_id}"
        case ShowMenu():
            data = "m"
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The callback a button carries, or None for anything malformed or forged."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    if data == "m":
        return ShowMenu()
    if match := _CARD.fullmatch(data):
        return CardPress(int(match[1]), int(match[2]), CardAction(match[3]))
    if match := _PICK.fullmatch(data):
        return PickRoutine(match[1])
    if match := _OPEN.fullmatch(data):
        return ResolveOpen(int(match[1]), match[2])
    return None
