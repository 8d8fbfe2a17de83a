"""The one error handler: log the unexpected, tell the user something short."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.content.keys import K
from bot.deps import Deps
from bot.features.kit import BotContext, meet
from bot.features.replies import answer

log = logging.getLogger(__name__)


class ErrorHandler:
    """Logs errors raised by handlers and jobs; apologises to the user when there is one."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def __call__(self, update: object, context: BotContext) -> None:
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
        if context.asker is not None:
            locale = context.asker.locale
        elif user is not None:
            try:
                locale = (await meet(self._deps, user, store=False)).locale
            except Exception:  # the database may be what failed; English will do
                locale = self._deps.content.locale(user.language_code)
        else:
            locale = self._deps.content.locale(None)
        try:
            if update.callback_query is not None:
                await answer(update.callback_query)
            await context.bot.send_message(
                update.effective_chat.id, locale.texts.get(K.ERROR_GENERIC)
            )
        except TelegramError:
            log.warning("could not tell chat %s about the error", update.effective_chat.id)
