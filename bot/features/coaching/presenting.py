"""Showing the routine flow: a card (and its image), a started routine, a stopped one."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest

from bot.content.keys import K
from bot.content.loader import Locale
from bot.deps import Deps
from bot.domain.flow import Summary
from bot.features.coaching import views
from bot.features.menu import with_menu
from bot.features.replies import drop_buttons_quietly, edit, edit_quietly, send
from bot.services.coaching import Card, Ended, NoSuchRoutine, OpenElsewhere, Started, StartOutcome

log = logging.getLogger(__name__)


async def send_card(
    deps: Deps, bot: Bot, chat_id: int, locale: Locale, view: Card, *, closed: int | None = None
) -> None:
    """Sends a card (with its image above it, when it has one) and remembers the message.

    `closed`: a message the caller already turned into a done line (the card just tapped), so
    its buttons are gone and need no second call.
    """
    image = view.exercise.image
    if image:
        await _send_image(deps, bot, chat_id, image, locale.exercises[view.exercise.id].title)
    message = await send(bot, chat_id, views.card(locale, view))
    await _remember(deps, bot, chat_id, view, message.message_id, closed)


async def turn_card(
    deps: Deps, bot: Bot, chat_id: int, locale: Locale, view: Card, *, pressed: int, behind: str
) -> None:
    """Turns the card just pressed (message `pressed`) into the next card: one edit of the same
    message, so a routine keeps one card in the chat, with the line of the card left behind at
    its foot. A next card with an image of its own, or a message that can no longer be edited,
    instead collapses the pressed card to that line and sends the next card below it."""
    reply = views.card(locale, view, behind=behind)
    if not view.exercise.image and await edit(bot, chat_id, pressed, reply):
        if view.session.card_message_id != pressed:  # an older copy of the card was pressed
            await _remember(deps, bot, chat_id, view, pressed, None)
        return
    await edit_quietly(bot, chat_id, pressed, behind)
    await send_card(deps, bot, chat_id, locale, view, closed=pressed)


async def _remember(
    deps: Deps, bot: Bot, chat_id: int, view: Card, message_id: int, closed: int | None
) -> None:
    previous = view.session.card_message_id
    async with deps.coaching() as coaching:
        await coaching.remember_card_message(view.session.id, message_id)
    if previous and previous not in (message_id, closed):
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
            await send(bot, chat_id, with_menu(locale, deps.content.program, K.ROUTINE_GONE))


async def present_ended(bot: Bot, chat_id: int, locale: Locale, ended: Ended) -> None:
    """/stop: collapses the stopped card to one line and sends the summary below the command."""
    message_id = ended.session.card_message_id
    if message_id and ended.exercise:
        line = views.card_line(
            locale, K.CARD_STOPPED_LINE, ended.session.step, ended.session.total, ended.exercise
        )
        await edit_quietly(bot, chat_id, message_id, line)
    await send(bot, chat_id, views.summary(locale, ended.summary))


async def present_summary(
    bot: Bot, chat_id: int, locale: Locale, summary: Summary, *, pressed: int
) -> None:
    """The last card pressed (Done, Skip or Stop) turns into the routine's summary; sent anew
    when that message can no longer be edited."""
    reply = views.summary(locale, summary)
    if not await edit(bot, chat_id, pressed, reply):
        await send(bot, chat_id, reply)
