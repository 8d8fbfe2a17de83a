"""The one error handler: log the unexpected, tell the user something short."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.content.keys import K
from bot.deps import Deps
from bot.handlers.common import Context, locale_of

log = logging.getLogger(__name__)


class ErrorHandler:
    """Logs errors raised by handlers and jobs; apologises to the user when there is one."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def __call__(self, update: object, context: Context) -> None:
        """PTB calls this for every exception a handler or job raised."""
        error = context.error
        if isinstance(error, Forbidden):
            log.info("a chat blocked the bot: %s", error.message)
            return
        if isinstance(error, NetworkError) and not isinstance(update, Update):
            log.warning("network error outside an update: %s", error)
            return
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("error while handling update %s", update_id, exc_info=error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        user = update.effective_user
        locale = locale_of(self._deps, user) if user else self._deps.content.locale(None)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await context.bot.send_message(
                update.effective_chat.id, locale.texts.get(K.ERROR_GENERIC)
            )
        except TelegramError:
            log.warning("could not tell chat %s about the error", update.effective_chat.id)
