"""The reminder message: varied wording, and buttons that fit Telegram's limits."""

from __future__ import annotations

import random

from bot.callback_data import decode
from bot.content.loader import load_content
from bot.features.coaching.callbacks import PickRoutine
from bot.features.reminders import views as reminder_views
from bot.features.reminders.callbacks import ReminderAction, ReminderReply
from bot.settings import PROJECT_ROOT


def test_reminders_are_varied_and_carry_their_day() -> None:
    locale = load_content(PROJECT_ROOT / "content").locale("en")
    rng = random.Random(7)
    texts = {reminder_views.reminder(locale, "Ann", "20261123", rng).text for _ in range(40)}
    assert len(texts) >= 4
    reply = reminder_views.reminder(locale, "Ann", "20261123", rng)
    assert reply.markup is not None
    data = [b.callback_data for row in reply.markup.inline_keyboard for b in row]
    decoded = [decode(d if isinstance(d, str) else None) for d in data]
    assert decoded == [
        PickRoutine("full"),
        PickRoutine("express"),
        ReminderReply(ReminderAction.SNOOZE_30, "20261123"),
        ReminderReply(ReminderAction.SNOOZE_60, "20261123"),
        ReminderReply(ReminderAction.NOT_TODAY, "20261123"),
    ]
