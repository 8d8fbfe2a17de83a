"""Short hints for what the bot does not understand."""

from __future__ import annotations

from bot.content.keys import K
from bot.features.kit import BotContext, Incoming
from bot.features.menu import with_menu
from bot.features.replies import Reply, send


async def hint(msg: Incoming, context: BotContext, key: K, *, menu: bool) -> None:
    """A short hint, with the routines keyboard when `menu`."""
    locale = msg.user.locale
    reply = with_menu(locale, context.deps.content.program, key) if menu else None
    await send(context.bot, msg.chat_id, reply or Reply(locale.texts.get(key)))


async def free_text(msg: Incoming, context: BotContext) -> None:
    """Text that is not a command and not an answer the bot asked for."""
    await hint(msg, context, K.HINT_TEXT, menu=True)
