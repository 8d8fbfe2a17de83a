"""Small helpers the handlers share: who is asking, in which language, and safe sending."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any, TypeAlias

from telegram import Bot, Message, User
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, ContextTypes

from bot import views
from bot.content.keys import K
from bot.content.loader import Locale
from bot.deps import Deps
from bot.services.coaching import (
    Card,
    Ended,
    NoSuchRoutine,
    OpenElsewhere,
    Person,
    Started,
    StartOutcome,
)
from bot.views import Reply, card

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
# The builder's rate limiter makes the exact generic parameters unwieldy; handlers do not need them.
BotApp: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


def person_of(user: User) -> Person:
    """The service's view of a Telegram user."""
    return Person(id=user.id, first_name=user.first_name, language_code=user.language_code)


# The language stored for the user of the update being handled, set once per update by
# LanguageHandlers.resolve (handler group -1) and read by locale_of in the same task.
_stored_language: ContextVar[tuple[int, str | None] | None] = ContextVar(
    "stored_language", default=None
)


def remember_language(user_id: int, language_code: str | None) -> None:
    """Records the stored language of the update's user for the handlers that follow."""
    _stored_language.set((user_id, language_code))


def locale_of(deps: Deps, user: User) -> Locale:
    """The user's language: the stored one, or Telegram's for someone not stored yet."""
    stored = _stored_language.get()
    if stored is not None and stored[0] == user.id and stored[1]:
        return deps.content.locale(stored[1])
    return deps.content.locale(user.language_code)


async def send(bot: Bot, chat_id: int, reply: Reply) -> Message:
    """Sends a rendered reply."""
    return await bot.send_message(chat_id, reply.text, reply_markup=reply.markup)


async def edit_quietly(bot: Bot, chat_id: int, message_id: int, text: str) -> None:
    """Replaces a message's text and drops its buttons; a message that is gone is fine."""
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=None)
    except BadRequest as error:
        # "message is not modified", "message to edit not found", "message can't be edited":
        # the chat is already as it should be, or the message is gone. Nothing to repair.
        log.debug("edit of message %s skipped: %s", message_id, error.message)
    except Forbidden:
        log.info("chat %s blocked the bot", chat_id)


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


async def send_card(deps: Deps, bot: Bot, chat_id: int, locale: Locale, view: Card) -> None:
    """Sends a card (with its image above it, when it has one) and remembers the message."""
    image = view.exercise.image
    if image:
        await _send_image(deps, bot, chat_id, image, locale.exercises[view.exercise.id].title)
    message = await send(bot, chat_id, card(locale, view))
    previous = view.session.card_message_id
    async with deps.coaching() as coaching:
        await coaching.remember_card_message(view.session.id, message.message_id)
    if previous and previous != message.message_id:
        # An older message of this card (shown again after "continue") loses its buttons.
        await drop_buttons_quietly(bot, chat_id, previous)


async def _send_image(deps: Deps, bot: Bot, chat_id: int, image: str, caption: str) -> None:
    source = deps.image_file_ids.get(image) or deps.content.image_source(image)
    try:
        message = await bot.send_photo(chat_id, photo=source, caption=caption, parse_mode=None)
    except BadRequest as error:
        # A broken image URL must not stop the routine: the card text is what matters.
        log.warning("image %s could not be sent: %s", image, error.message)
        return
    if message.photo:
        deps.image_file_ids[image] = message.photo[-1].file_id


async def present_start(
    deps: Deps, bot: Bot, chat_id: int, locale: Locale, outcome: StartOutcome
) -> None:
    """Shows the card of a started routine, the "continue or switch" question, or the menu."""
    match outcome:
        case Started(card=view, resumed=resumed):
            if not resumed:  # one optional tap before a new routine; the card comes anyway
                prompt = views.rating_prompt(
                    locale, view.session.id, after=False, routine=view.routine
                )
                await send(bot, chat_id, prompt)
            await send_card(deps, bot, chat_id, locale, view)
        case OpenElsewhere(open_session=open_session, requested=requested):
            await send(bot, chat_id, views.open_elsewhere(locale, open_session, requested))
        case NoSuchRoutine():
            await send(bot, chat_id, views.with_menu(locale, deps.content.program, K.ROUTINE_GONE))


async def present_ended(
    bot: Bot, chat_id: int, locale: Locale, ended: Ended, message_id: int | None = None
) -> None:
    """Collapses the stopped card to one line and sends the summary."""
    message_id = message_id or ended.session.card_message_id
    if message_id and ended.exercise:
        line = views.card_line(
            locale, K.CARD_STOPPED_LINE, ended.session.step, ended.session.total, ended.exercise
        )
        await edit_quietly(bot, chat_id, message_id, line)
    await send(bot, chat_id, views.summary(locale, ended.summary))
