"""Rendering of reminders, the reminder set-up and /settings. No I/O."""

from __future__ import annotations

import random
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.content.formatting import day_and_month, weekday
from bot.content.keys import EXPRESS_ROUTINE, FULL_ROUTINE, K
from bot.content.loader import Content, Locale
from bot.domain.schedule import Days, format_time, is_fixed_offset
from bot.features.coaching.callbacks import PickRoutine
from bot.features.reminders.callbacks import ReminderAction, ReminderReply, Setting, SettingAction
from bot.features.replies import Reply, button
from bot.services.reminders import ReminderSettings

SHORT_ROUTINE = EXPRESS_ROUTINE


def when(locale: Locale, instant: datetime, zone: str) -> str:
    """A reminder instant as the user reads it, in their zone and language.

    "Monday, 24 November at 18:30"; "понедельник, 24 ноября, в 18:30".
    """
    local = instant.astimezone(ZoneInfo(zone))
    return locale.texts.get(
        K.SETTINGS_WHEN,
        weekday=weekday(local.date(), locale.language),
        date=day_and_month(local.date(), locale.language),
        time=format_time(local.time()),
    )


def reminder(locale: Locale, first_name: str, day: str, rng: random.Random | None = None) -> Reply:
    """The evening reminder with Start, the short set, snoozes and "not today"."""
    texts = locale.texts
    return Reply(
        texts.pick(K.REMINDER_VARIANTS, rng, name=first_name),
        InlineKeyboardMarkup(
            [
                [button(texts.get(K.REMINDER_START), PickRoutine(FULL_ROUTINE))],
                [button(texts.get(K.REMINDER_SHORT), PickRoutine(SHORT_ROUTINE))],
                [
                    button(
                        texts.get(K.REMINDER_SNOOZE_30),
                        ReminderReply(ReminderAction.SNOOZE_30, day),
                    ),
                    button(
                        texts.get(K.REMINDER_SNOOZE_60),
                        ReminderReply(ReminderAction.SNOOZE_60, day),
                    ),
                ],
                [
                    button(
                        texts.get(K.REMINDER_NOT_TODAY),
                        ReminderReply(ReminderAction.NOT_TODAY, day),
                    )
                ],
            ]
        ),
    )


def zone_prompt(
    locale: Locale, content: Content, *, intro: bool
) -> tuple[str, ReplyKeyboardMarkup]:
    """Step 1: location button, common zones and Skip, as a reply keyboard."""
    texts = locale.texts
    zones = content.schedule.time_zones
    rows: list[list[KeyboardButton]] = [
        [KeyboardButton(texts.get(K.SETUP_LOCATION_BUTTON), request_location=True)]
    ]
    rows += [[KeyboardButton(zone) for zone in zones[i : i + 2]] for i in range(0, len(zones), 2)]
    rows.append([KeyboardButton(texts.get(K.SETUP_SKIP_BUTTON))])
    text = texts.get(K.SETUP_ASK_ZONE)
    if intro:
        text = f"{texts.get(K.SETUP_INTRO)}\n\n{text}"
    keyboard = ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
    return text, keyboard


def zone_saved(locale: Locale, zone: str, now: datetime) -> tuple[str, ReplyKeyboardRemove]:
    """The zone is set: say so (and warn about fixed offsets), and take the keyboard away."""
    texts = locale.texts
    local_time = format_time(now.astimezone(ZoneInfo(zone)).time())
    text = texts.get(K.SETUP_ZONE_SET, zone=zone, local_time=local_time)
    if is_fixed_offset(zone):
        text = f"{text}\n{texts.get(K.SETUP_ZONE_FIXED)}"
    return text, ReplyKeyboardRemove()


def time_prompt(locale: Locale, content: Content) -> Reply:
    """Step 2: typical end-of-workday times, or no reminders."""
    texts = locale.texts
    times = content.schedule.reminder_times
    buttons = [button(t, Setting(SettingAction.TIME_SET, t.replace(":", ""))) for t in times]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    rows.append([button(texts.get(K.SETUP_NO_REMINDERS_BUTTON), Setting(SettingAction.OFF))])
    return Reply(texts.get(K.SETUP_ASK_TIME), InlineKeyboardMarkup(rows))


def days_prompt(locale: Locale) -> Reply:
    """Step 3: workdays or every day."""
    texts = locale.texts
    return Reply(
        texts.get(K.SETUP_ASK_DAYS),
        InlineKeyboardMarkup(
            [
                [
                    button(
                        texts.get(K.SETUP_WEEKDAYS_BUTTON),
                        Setting(SettingAction.DAYS_SET, Days.WEEKDAYS.value),
                    ),
                    button(
                        texts.get(K.SETUP_DAILY_BUTTON),
                        Setting(SettingAction.DAYS_SET, Days.DAILY.value),
                    ),
                ]
            ]
        ),
    )


def settings_text(locale: Locale, settings: ReminderSettings) -> str:
    """Time zone, reminder time and days, and the next reminder."""
    texts = locale.texts
    lines = [texts.get(K.SETTINGS_TITLE)]
    if settings.timezone:
        lines.append(texts.get(K.SETTINGS_ZONE, zone=settings.timezone))
    else:
        lines.append(texts.get(K.SETTINGS_ZONE_NONE))
    if settings.enabled and settings.time:
        days = texts.get(
            K.SETTINGS_WEEKDAYS if settings.days is Days.WEEKDAYS else K.SETTINGS_DAILY
        )
        lines.append(texts.get(K.SETTINGS_REMINDER_ON, time=format_time(settings.time), days=days))
    else:
        lines.append(texts.get(K.SETTINGS_REMINDER_OFF))
    if settings.next_at and settings.timezone and settings.enabled:
        lines.append(
            texts.get(K.SETTINGS_NEXT, when=when(locale, settings.next_at, settings.timezone))
        )
    return "\n".join(lines)


def settings_view(locale: Locale, settings: ReminderSettings, *, saved: bool = False) -> Reply:
    """/settings and /remind: the current state with buttons to change it."""
    texts = locale.texts
    text = settings_text(locale, settings)
    if saved:
        text = f"{texts.get(K.SETTINGS_SAVED)}\n\n{text}"
    row = [
        button(texts.get(K.SETTINGS_ZONE_BUTTON), Setting(SettingAction.ZONE)),
        button(texts.get(K.SETTINGS_TIME_BUTTON), Setting(SettingAction.TIME)),
    ]
    second = [button(texts.get(K.SETTINGS_DAYS_BUTTON), Setting(SettingAction.DAYS))]
    if settings.enabled:
        second.append(button(texts.get(K.SETTINGS_OFF_BUTTON), Setting(SettingAction.OFF)))
    return Reply(text, InlineKeyboardMarkup([row, second]))
