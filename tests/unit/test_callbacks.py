"""The callback codec: round trips, the 64-byte limit, and forged data."""

from __future__ import annotations

import pytest

from bot.callback_data import MAX_BYTES, decode, encode
from bot.domain.flow import CardAction
from bot.features.coaching.callbacks import CardPress, PickRoutine, Rate, ResolveOpen, ShowMenu
from bot.features.confirm import Confirm, ConfirmSubject
from bot.features.language.callbacks import PickLanguage
from bot.features.reminders.callbacks import ReminderAction, ReminderReply, Setting, SettingAction

ROUND_TRIPS = [
    CardPress(1, 0, CardAction.DONE),
    CardPress(987654321012345678, 9999, CardAction.TIMER),
    CardPress(42, 32, CardAction.SKIP),
    CardPress(42, 5, CardAction.STOP),
    PickRoutine("neck"),
    PickRoutine("a" * 32),
    PickLanguage("ru"),
    ResolveOpen(7),
    ResolveOpen(7, "full"),
    ShowMenu(),
]


@pytest.mark.parametrize("callback", ROUND_TRIPS)
def test_round_trip_within_64_bytes(callback: object) -> None:
    data = encode(callback)  # type: ignore[arg-type]
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == callback


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "c:1:0",
        "c:1:0:q",
        "c:0:0:d",  # ids start at 1
        "c:-1:0:d",
        "c:1:-1:d",
        "c:1:01:d",
        "c:1:0:d\n",
        "c:1:0:d:extra",
        "c:99999999999999999999:0:d",
        "r:Neck",
        "l:RU",
        "l:russian",
        "l:",
        "r:../etc",
        "r:" + "a" * 33,
        "o:1:",
        "o:x",
        "m:",
        "x" * 65,
        "✅",
    ],
)
def test_forged_or_malformed_data_decodes_to_none(data: str | None) -> None:
    assert decode(data) is None


def test_encode_refuses_data_over_64_bytes() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(PickRoutine("x" * 70))


# Buttons already sent to people carry these strings: the wire format never changes.
WIRE = [
    (CardPress(1, 0, CardAction.DONE), "c:1:0:d"),
    (CardPress(12, 3, CardAction.TIMER), "c:12:3:t"),
    (PickRoutine("neck"), "r:neck"),
    (ResolveOpen(7), "o:7"),
    (ResolveOpen(7, "full"), "o:7:full"),
    (ShowMenu(), "m"),
    (PickLanguage("ru"), "l:ru"),
    (ReminderReply(ReminderAction.SNOOZE_30, "20261123"), "rm:s30:20261123"),
    (ReminderReply(ReminderAction.NOT_TODAY, "20260101"), "rm:no:20260101"),
    (Rate(5, False, None), "dr:5:b:x"),
    (Rate(5, True, 10), "dr:5:a:10"),
    (Confirm(ConfirmSubject.DELETE_ME, True), "y:del:y"),
    (Confirm(ConfirmSubject.BROADCAST, False, 12), "y:bc:n:12"),
    (Setting(SettingAction.ZONE), "s:z"),
    (Setting(SettingAction.SKIP), "s:skip"),
    (Setting(SettingAction.TIME_SET, "1830"), "s:ts:1830"),
    (Setting(SettingAction.DAYS_SET, "weekdays"), "s:d:weekdays"),
]


@pytest.mark.parametrize(("callback", "data"), WIRE, ids=[data for _, data in WIRE])
def test_wire_format_is_unchanged(callback: object, data: str) -> None:
    assert encode(callback) == data  # type: ignore[arg-type]
    assert decode(data) == callback
