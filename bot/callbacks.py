"""The bot's inline-button callbacks, declared on `bot.callback_data.CallbackData`.

Callback data comes back from the client and can be forged, so decoding is strict: anything
that is not exactly one of these shapes decodes to None. Encoded data is at most 64 bytes.
The wire format is fixed: buttons already sent carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Final

from bot.callback_data import (
    DATE,
    ID,
    IDENT,
    LANGUAGE,
    MAX_BYTES,
    STEP,
    CallbackData,
    check_declarations,
    encode,
    flag,
    integer,
    optional,
    text,
)
from bot.callback_data import decode as decode_any
from bot.domain.flow import CardAction

__all__ = [
    "MAX_BYTES",
    "Callback",
    "CardPress",
    "Confirm",
    "ConfirmSubject",
    "PickLanguage",
    "PickRoutine",
    "Rate",
    "ReminderAction",
    "ReminderReply",
    "ResolveOpen",
    "Setting",
    "SettingAction",
    "ShowMenu",
    "decode",
    "encode",
]


class ConfirmSubject(StrEnum):
    """What is being confirmed."""

    DELETE_ME = "del"
    BROADCAST = "bc"


class ReminderAction(StrEnum):
    """What a reminder button asks for."""

    SNOOZE_30 = "s30"
    SNOOZE_60 = "s60"
    NOT_TODAY = "no"

    @property
    def snooze_minutes(self) -> int | None:
        """Minutes to snooze, or None for "not today"."""
        return {"s30": 30, "s60": 60}.get(self.value)


class SettingAction(StrEnum):
    """Settings buttons."""

    ZONE = "z"  # prompt for the time zone
    TIME = "t"  # prompt for the reminder time
    TIME_SET = "ts"  # value: HHMM
    DAYS = "dy"  # prompt for the days
    DAYS_SET = "d"  # value: "weekdays" or "daily"
    OFF = "off"
    SKIP = "skip"  # skip the set-up


_RATING = optional(integer(r"10|[0-9]"), none="x")
_HHMM = text(r"(?:[01][0-9]|2[0-3])[0-5][0-9]")
_DAYS = text(r"weekdays|daily")
_SETTING_VALUES: Final = {SettingAction.TIME_SET: _HHMM, SettingAction.DAYS_SET: _DAYS}
_SETTING_VALUE = text("|".join(f"(?:{v.pattern})" for v in _SETTING_VALUES.values()))


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
class PickLanguage(CallbackData, prefix="l"):
    """A language chosen with /language (a code such as "ru"; checked against the content)."""

    language: Annotated[str, LANGUAGE]


@dataclass(frozen=True, slots=True)
class ShowMenu(CallbackData, prefix="m"):
    """Show the routines menu."""


@dataclass(frozen=True, slots=True)
class ReminderReply(CallbackData, prefix="rm"):
    """⏰ Snooze or "Not today" under the reminder sent for local date `on` (YYYYMMDD)."""

    action: ReminderAction
    on: Annotated[str, DATE]


@dataclass(frozen=True, slots=True)
class Setting(CallbackData, prefix="s"):
    """A settings button: open a prompt, or set a value (TIME_SET: HHMM; DAYS_SET: days)."""

    action: SettingAction
    value: Annotated[str | None, _SETTING_VALUE] = None

    def is_valid(self) -> bool:
        """A value exactly for the actions that set one, in that action's form."""
        form = _SETTING_VALUES.get(self.action)
        if form is None or self.value is None:
            return form is None and self.value is None
        return form.matches(self.value)


@dataclass(frozen=True, slots=True)
class Rate(CallbackData, prefix="dr"):
    """A 0–10 discomfort rating before or after session `session_id`; None skips it."""

    session_id: Annotated[int, ID]
    after: Annotated[bool, flag(true="a", false="b")]
    value: Annotated[int | None, _RATING]


@dataclass(frozen=True, slots=True)
class Confirm(CallbackData, prefix="y"):
    """Yes or no to a question that needs confirmation (deleting data, a broadcast)."""

    subject: ConfirmSubject
    yes: Annotated[bool, flag(true="y", false="n")]
    ref: Annotated[int, ID] = 0  # e.g. the broadcast id; 0 (none) is left out


Callback = (
    CardPress
    | PickRoutine
    | ResolveOpen
    | ShowMenu
    | ReminderReply
    | Setting
    | Rate
    | Confirm
    | PickLanguage
)

check_declarations()


def decode(data: str | None) -> Callback | None:
    """The bot's callback a button carries, or None for anything malformed or forged.

    Types declared elsewhere decode with `bot.callback_data.decode`.
    """
    callback = decode_any(data)
    return callback if isinstance(callback, Callback) else None
