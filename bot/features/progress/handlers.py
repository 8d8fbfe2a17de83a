"""/progress and /pause."""

from __future__ import annotations

from telegram import InputFile

from bot.content.keys import K
from bot.domain.schedule import parse_days
from bot.features.kit import BotContext, Incoming
from bot.features.progress import views
from bot.services.progress import MAX_PAUSE_DAYS


async def show_progress(msg: Incoming, context: BotContext) -> None:
    """/progress: the calendar picture with the streak, then the numbers."""
    locale = msg.user.locale
    async with context.deps.progress() as progress:
        overview = await progress.overview(msg.user.id)
    has_history = overview.progress.total.sessions > 0
    picture = views.progress_picture(locale, overview) if has_history else None
    if picture is not None:
        png, caption = picture
        await msg.message.reply_photo(InputFile(png, filename="progress.png"), caption=caption)
    text = views.progress_text(locale, overview, with_grid=picture is None and has_history)
    await msg.message.reply_text(text)


async def pause(msg: Incoming, context: BotContext) -> None:
    """/pause N (1–30 days) or /pause off."""
    deps, locale = context.deps, msg.user.locale
    argument = " ".join(msg.args).strip().lower()
    if argument in deps.content.words(K.WORDS_OFF):
        async with deps.reminders() as reminders:
            ended = await reminders.unpause(msg.user.id)
        await msg.message.reply_text(locale.texts.get(K.PAUSE_ENDED if ended else K.PAUSE_NONE))
        return
    days = parse_days(argument, MAX_PAUSE_DAYS)
    if days is None:
        await msg.message.reply_text(locale.texts.get(K.PAUSE_USAGE))
        return
    async with deps.reminders() as reminders:
        until = await reminders.pause(msg.user.id, days)
    text = locale.texts.get(K.PAUSE_STARTED, date=views.day_text(until, locale.language))
    await msg.message.reply_text(text)
