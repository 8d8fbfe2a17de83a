"""The one codec for inline-button callback data.

Callback data comes back from the client and can be forged, so decoding is strict: anything
that is not exactly one of these shapes decodes to None. Encoded data is at most 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

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
class PickLanguage:
    """A language chosen with /language (a code such as "ru"; checked against the content)."""

    language: str


@dataclass(frozen=True, slots=True)
class ShowMenu:
    """Show the routines menu."""


@dataclass(frozen=True, slots=True)
class ReminderReply:
    """⏰ Snooze or "Not today" under the reminder sent for local date `on` (YYYYMMDD)."""

    action: ReminderAction
    on: str


@dataclass(frozen=True, slots=True)
class Setting:
    """A settings button: open a prompt, or set a value."""

    action: SettingAction
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Rate:
    """A 0–10 discomfort rating before or after session `session_id`; None skips it."""

    session_id: int
    after: bool
    value: int | None


@dataclass(frozen=True, slots=True)
class Confirm:
    """Yes or no to a question that needs confirmation (deleting data, a broadcast)."""

    subject: ConfirmSubject
    yes: bool
    ref: int = 0  # e.g. the broadcast id


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

_CARD = re.compile(rf"^c:({_NUMBER}):(0|[1-9][0-9]{{0,3}}):([dsxt])$")
_PICK = re.compile(rf"^r:({_ID})$")
_LANGUAGE = re.compile(r"^l:([a-z]{2,3})$")
_OPEN = re.compile(rf"^o:({_NUMBER})(?::({_ID}))?$")
_REMINDER = re.compile(r"^rm:(s30|s60|no):(20[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))$")
_RATE = re.compile(rf"^dr:({_NUMBER}):([ba]):(10|[0-9]|x)$")
_CONFIRM = re.compile(rf"^y:(del|bc):([yn])(?::({_NUMBER}))?$")
_SETTING = re.compile(
    r"^s:(?:(z|t|dy|off|skip)|(ts):((?:[01][0-9]|2[0-3])[0-5][0-9])|(d):(weekdays|daily))$"
)


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
        case PickLanguage(language):
            data = f"l:{language}"
        case ReminderReply(action, on):
            data = f"rm:{action.value}:{on}"
        case Rate(session_id, after, value):
            data = f"dr:{session_id}:{'a' if after else 'b'}:{'x' if value is None else value}"
        case Confirm(subject, yes, ref):
            data = f"y:{subject.value}:{'y' if yes else 'n'}" + (f":{ref}" if ref else "")
        case Setting(action, None):
            data = f"s:{action.value}"
        case Setting(action, value):
            data = f"s:{action.value}:{value}"
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
    if match := _LANGUAGE.fullmatch(data):
        return PickLanguage(match[1])
    if match := _OPEN.fullmatch(data):
        return ResolveOpen(int(match[1]), match[2])
    if match := _REMINDER.fullmatch(data):
        return ReminderReply(ReminderAction(match[1]), match[2])
    if match := _RATE.fullmatch(data):
        value = None if match[3] == "x" else int(match[3])
        return Rate(int(match[1]), match[2] == "a", value)
    if match := _CONFIRM.fullmatch(data):
        return Confirm(ConfirmSubject(match[1]), match[2] == "y", int(match[3] or 0))
    if match := _SETTING.fullmatch(data):
        if match[1]:
            return Setting(SettingAction(match[1]))
        if match[2]:
            return Setting(SettingAction.TIME_SET, match[3])
        return Setting(SettingAction.DAYS_SET, match[5])
    return None
