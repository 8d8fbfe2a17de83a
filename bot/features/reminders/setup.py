"""The first step of the reminder set-up, which /start and /settings both begin with."""

from __future__ import annotations

from telegram import Bot

from bot.deps import Deps
from bot.features.kit import Asker
from bot.features.reminders import views
from bot.services.reminders import Awaiting


async def ask_zone(deps: Deps, bot: Bot, chat_id: int, user: Asker, *, intro: bool) -> None:
    """Asks for the time zone; typed text means a zone from now on."""
    text, keyboard = views.zone_prompt(user.locale, deps.content, intro=intro)
    async with deps.reminders() as reminders:
        await reminders.expect(user.id, Awaiting.TIMEZONE)
    await bot.send_message(chat_id, text, reply_markup=keyboard)
