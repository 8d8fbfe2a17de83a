"""The guide: /help, drawn from the commands every feature registered, and the answers to
whatever no feature took (unknown commands, stickers and such, forged buttons)."""

from __future__ import annotations

from telegram import CallbackQuery
from telegram.ext import filters

from bot.content.keys import K
from bot.content.loader import Locale
from bot.features.guide.hints import free_text, hint
from bot.features.kit import Asker, BotContext, Features, Incoming, MenuCommand
from bot.features.replies import Reply, answer, send


def help_text(locale: Locale, menu: list[MenuCommand]) -> str:
    """How it works, then every command a user has, with its usage where it has one."""
    texts = locale.texts
    lines = [
        texts.get(
            K.HELP_LINE,
            command=c.name,
            description=texts.get(c.usage) if c.usage else c.describe(locale),
        )
        for c in menu
        if not c.admin
    ]
    commands = "\n".join([texts.get(K.HELP_COMMANDS), *lines])
    return "\n\n".join([texts.get(K.HELP_INTRO), commands, texts.get(K.HELP_OUTRO)])


def register(features: Features) -> None:
    """/help, and the fallbacks; registered last, so that they only get what is left."""
    menu = features.menu

    async def show_help(msg: Incoming, context: BotContext) -> None:
        await send(context.bot, msg.chat_id, Reply(help_text(msg.user.locale, menu)))

    async def unknown_command(msg: Incoming, context: BotContext) -> None:
        await hint(msg, context, K.HINT_UNKNOWN_COMMAND, menu=False)

    async def other(msg: Incoming, context: BotContext) -> None:
        await hint(msg, context, K.HINT_OTHER, menu=True)

    async def forged(query: CallbackQuery, user: Asker) -> None:
        await answer(query, user.locale.texts.get(K.TOAST_INVALID))

    features.unreadable = free_text
    features.command("help", show_help, describe=K.COMMAND_HELP)
    features.message(filters.COMMAND, unknown_command)
    features.message(filters.ALL, other)
    features.any_button(forged)
