"""Sends one reminder through the bot, and tells the dispatcher how it went."""

from __future__ import annotations

import logging
import random
from datetime import date
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.content.loader import Content
from bot.features.reminders import views as reminder_views
from bot.scheduling import Delivery, SendOutcome
from bot.sending.limiter import Lane, retry_after_seconds
from bot.services.reminders import day_code
from bot.storage.reminders import DueReminder

log = logging.getLogger(__name__)


class TelegramReminderSender:
    """The dispatcher's sender: renders the reminder in the user's language and sends it."""

    def __init__(
        self,
        bot: ExtBot[Any],
        content: Content,
        *,
        paid_broadcast: bool = False,
        rng: random.Random | None = None,
    ) -> None:
        self._bot = bot
        self._content = content
        self._paid_broadcast = paid_broadcast
        self._rng = rng or random.Random()

    async def __call__(self, due: DueReminder, day: date) -> SendOutcome:
        """Sends one reminder; every Telegram error becomes an outcome, never an exception."""
        locale = self._content.locale(due.language_code)
        reply = reminder_views.reminder(locale, due.first_name, day_code(day), self._rng)
        try:
            await self._bot.send_message(
                due.user_id,
                reply.text,
                reply_markup=reply.markup,
                allow_paid_broadcast=self._paid_broadcast or None,
                rate_limit_args=Lane.BULK,
            )
        except Forbidden:
            return SendOutcome(Delivery.BLOCKED)
        except RetryAfter as error:
            return SendOutcome(Delivery.RETRY_AFTER, retry_after_seconds(error))
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                return SendOutcome(Delivery.BLOCKED)
            log.warning("reminder to user %s rejected: %s", due.user_id, error.message)
            return SendOutcome(Delivery.FAILED)
        except (NetworkError, TelegramError) as error:
            log.info("reminder to user %s not sent yet: %s", due.user_id, error)
            return SendOutcome(Delivery.FAILED)
        return SendOutcome(Delivery.SENT)
