"""What every feature replies with: a rendered message, its buttons, and sending that never
fails on a message that is gone."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from enum import Enum

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.callback_data import CallbackData, encode

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to send: HTML text and an optional inline keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def button(text: str, callback: CallbackData) -> InlineKeyboardButton:
    """An inline button carrying encoded callback data."""
    return InlineKeyboardButton(text, callback_data=encode(callback))


def escape(text: str) -> str:
    """Plain text made safe inside an HTML message."""
    return html.escape(text)


async def send(bot: Bot, chat_id: int, reply: Reply) -> Message:
    """Sends a rendered reply."""
    return await bot.send_message(chat_id, reply.text, reply_markup=reply.markup)


async def answer(query: CallbackQuery, toast: str | None = None) -> None:
    """Answers a button press (stops the button's spinner, shows `toast`), best effort.

    Telegram refuses answers to presses older than about 15 seconds (a press answered after a
    restart, or under load) and the network can fail; the toast is then lost, but what the
    press does (the next card) must still happen, so nothing here raises."""
    try:
        await query.answer(toast)
    except TelegramError as error:
        log.info("press %s left unanswered: %s", query.id, error.message)


class Change(Enum):
    """What an edit did to a message."""

    CHANGED = "changed"  # it shows the reply now (or the chat is blocked: nobody to show it to)
    SAME = "same"  # it showed exactly that already
    GONE = "gone"  # it cannot show it (deleted by the user, say)


async def change(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> Change:
    """Turns a message into `reply` (text and buttons) and says what that did."""
    try:
        await bot.edit_message_text(
            reply.text, chat_id=chat_id, message_id=message_id, reply_markup=reply.markup
        )
    except BadRequest as error:
        if "not modified" in error.message.lower():
            return Change.SAME
        log.debug("edit of message %s failed: %s", message_id, error.message)
        return Change.GONE
    except Forbidden:
        log.info("chat %s blocked the bot", chat_id)
    return Change.CHANGED


async def edit(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    """Turns a message into `reply` (text and buttons). False when the message cannot show it
    any more (deleted by the user, say), so the caller sends it anew; a blocked chat is True:
    there is nobody to show it to."""
    return await change(bot, chat_id, message_id, reply) is not Change.GONE


async def edit_quietly(bot: Bot, chat_id: int, message_id: int, text: str) -> None:
    """Replaces a message's text and drops its buttons; a message that is gone is fine: the
    chat is already as it should be, or there is nothing left to repair."""
    await edit(bot, chat_id, message_id, Reply(text))


async def drop_buttons_quietly(bot: Bot, chat_id: int, message_id: int) -> None:
    """Removes a message's inline keyboard; a message that is gone is fine."""
    try:
        await bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=None
        )
    except BadRequest as error:
        log.debug("keyboard of message %s left: %s", message_id, error.message)
    except Forbidden:
        log.info("chat %s blocked the bot", chat_id)
