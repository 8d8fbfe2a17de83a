"""The buttons of reminders and settings: snooze or skip a reminder, and every settings button.

Callback data comes back from the client and can be forged: decoding is strict (see
`bot.callback_data`), and the wire format is fixed, since buttons already sent carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Final

from bot.callback_data import DATE, CallbackData, text


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


_HHMM = text(r"(?:[01][0-9]|2[0-3])[0-5][0-9]")
_DAYS = text(r"weekdays|daily")
_SETTING_VALUES: Final = {SettingAction.TIME_SET: _HHMM, SettingAction.DAYS_SET: _DAYS}
_SETTING_VALUE = text("|".join(f"(?:{v.pattern})" for v in _SETTING_VALUES.values()))


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
