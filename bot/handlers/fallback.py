"""Anything the bot does not understand gets a short hint, never silence or a crash."""

from __future__ import annotations

from telegram import Update

from bot import views
from bot.content.keys import K
from bot.deps import Deps
from bot.handlers.common import Context, locale_of, send


class FallbackHandlers:
    """Free text, unknown commands, and other kinds of messages."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def unknown_command(self, update: Update, context: Context) -> None:
        """A command the bot does not have."""
        await self._hint(update, context, K.HINT_UNKNOWN_COMMAND, with_menu=False)

    async def free_text(self, update: Update, context: Context) -> None:
        """Text that is not a command."""
        await self._hint(update, context, K.HINT_TEXT, with_menu=True)

    async def other(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice and the like."""
        await self._hint(update, context, K.HINT_OTHER, with_menu=True)

    async def _hint(self, update: Update, context: Context, key: K, *, with_menu: bool) -> None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        locale = locale_of(self._deps, user)
        if with_menu:
            reply = views.with_menu(locale, self._deps.content.program, key)
        else:
            reply = views.Reply(locale.texts.get(key))
        await send(context.bot, chat.id, reply)
