"""Reminders: the evening reminder and its set-up, /remind, /timezone, /settings, and the
fan-out job that sends the reminders that are due."""

from __future__ import annotations

from telegram.ext import filters

from bot.content.keys import K
from bot.features.kit import BotApp, Features
from bot.features.reminders import handlers
from bot.features.reminders.callbacks import ReminderReply, Setting
from bot.features.reminders.sender import TelegramReminderSender
from bot.scheduling import ReminderDispatcher

REMINDER_JOB = "reminders"


def register(features: Features) -> None:
    """The reminder commands, typed answers and buttons, and the job that sends reminders."""
    features.command(
        "remind", handlers.remind, store=True, describe=K.COMMAND_REMIND, usage=K.HELP_REMIND
    )
    features.command(
        "timezone",
        handlers.timezone,
        store=True,
        describe=K.COMMAND_TIMEZONE,
        usage=K.HELP_TIMEZONE,
    )
    features.command("settings", handlers.show_settings, store=True, describe=K.COMMAND_SETTINGS)
    features.message(filters.LOCATION, handlers.on_location, store=True)
    features.message(filters.TEXT & ~filters.COMMAND, handlers.on_text, store=True)
    features.button(Setting, handlers.on_setting, needs_user=True)
    features.button(ReminderReply, handlers.on_reminder_reply, needs_user=True)

    deps, application = features.deps, features.application
    dispatcher = ReminderDispatcher(
        deps.database,
        deps.clock,
        TelegramReminderSender(
            application.bot, deps.content, paid_broadcast=deps.settings.paid_broadcast
        ),
        deps.bulk_lane,
    )
    application.bot_data["dispatcher"] = dispatcher
    features.repeat(REMINDER_JOB, dispatcher.run_due, deps.settings.reminder_poll_seconds)

    async def release(application: BotApp) -> None:
        await dispatcher.release_claims()

    features.shutdown.append(release)
