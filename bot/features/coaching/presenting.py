"""Showing the routine flow: a card (and the animation of its movement), a started routine, a
stopped one."""

from __future__ import annotations

import asyncio

from telegram import Bot

from bot.content.keys import K
from bot.content.loader import Locale
from bot.deps import Deps
from bot.domain.flow import Summary
from bot.features.coaching import views
from bot.features.coaching.media import caption, delete_media, edit_media, media_of, send_media
from bot.features.menu import with_menu
from bot.features.replies import Change, change, drop_buttons_quietly, edit, edit_quietly, send
from bot.services.coaching import Card, Ended, NoSuchRoutine, OpenElsewhere, Started, StartOutcome


async def send_card(
    deps: Deps, bot: Bot, chat_id: int, locale: Locale, view: Card, *, closed: int | None = None
) -> None:
    """Sends a card, with the animation (or image) of its movement right above it, and
    remembers both messages.

    `closed`: a message the caller already turned into a done line (the card just tapped), so
    its buttons are gone and need no second call.
    """
    media = media_of(deps, view.exercise)
    media_id = None
    if media is not None:
        text = caption(locale, media, view.exercise, view.step, view.routine.total)
        media_id = await send_media(deps, bot, chat_id, media, text)
    message = await send(bot, chat_id, views.card(locale, view))
    await _remember(deps, bot, chat_id, view, message.message_id, media_id, closed)


async def turn_card(
    deps: Deps, bot: Bot, chat_id: int, locale: Locale, view: Card, *, pressed: int, behind: str
) -> bool:
    """Turns the card just pressed (message `pressed`) into the next card, and the animation
    above it into the next one: both edited in place (at once), so a routine keeps one card and
    one animation in the chat, with the line of the card left behind at the card's foot.

    An animation that cannot follow (refused, or the next card has none) goes; a card with
    nothing above it stays a text card, since an animation sent now would land below it. A card
    that can no longer be edited collapses to that line and the next card is sent below it.
    True: the next card is shown (as `show_card_again` says, which can find it shown already)."""
    reply = views.card(locale, view, behind=behind)
    media = media_of(deps, view.exercise)
    shown = view.session.media_message_id
    if media is not None and shown is not None:
        text = caption(locale, media, view.exercise, view.step, view.routine.total)
        media_edited, card_edited = await asyncio.gather(
            edit_media(deps, bot, chat_id, shown, media, text),
            edit(bot, chat_id, pressed, reply),
        )
    else:
        media_edited, card_edited = False, await edit(bot, chat_id, pressed, reply)
    if not card_edited:
        await edit_quietly(bot, chat_id, pressed, behind)
        await send_card(deps, bot, chat_id, locale, view, closed=pressed)
        return True
    await _settle(deps, bot, chat_id, view, pressed, shown if media_edited else None)
    return True


async def show_card_again(
    deps: Deps, bot: Bot, chat_id: int, locale: Locale, view: Card, *, pressed: int, behind: str
) -> bool:
    """What `turn_card` did for an earlier press, done again for a press on the same card: the
    card (then the animation) turned into the current one. False when the chat showed that
    already (the earlier answer arrived; the press was a late second tap), and nothing changes.
    """
    reply = views.card(locale, view, behind=behind)
    result = await change(bot, chat_id, pressed, reply)
    if result is Change.SAME:
        return False
    if result is Change.GONE:
        await send_card(deps, bot, chat_id, locale, view)
        return True
    media = media_of(deps, view.exercise)
    shown = view.session.media_message_id
    media_id = None
    if media is not None and shown is not None:
        text = caption(locale, media, view.exercise, view.step, view.routine.total)
        media_id = shown if await edit_media(deps, bot, chat_id, shown, media, text) else None
    await _settle(deps, bot, chat_id, view, pressed, media_id)
    return True


async def _settle(
    deps: Deps, bot: Bot, chat_id: int, view: Card, card_id: int, media_id: int | None
) -> None:
    """After a card turned in place: remembers its messages, when they changed."""
    if view.session.card_message_id != card_id or media_id != view.session.media_message_id:
        await _remember(deps, bot, chat_id, view, card_id, media_id, None)


async def _remember(
    deps: Deps,
    bot: Bot,
    chat_id: int,
    view: Card,
    message_id: int,
    media_id: int | None,
    closed: int | None,
) -> None:
    previous, previous_media = view.session.card_message_id, view.session.media_message_id
    async with deps.coaching() as coaching:
        await coaching.remember_card_message(
            view.session.id, view.session.step, message_id, media_id
        )
    if previous and previous not in (message_id, closed):
        # An older message of this card (shown again after "continue") loses its buttons.
        await drop_buttons_quietly(bot, chat_id, previous)
    if previous_media != media_id:
        await delete_media(bot, chat_id, previous_media)  # an animation above an older card


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
    """/stop: collapses the stopped card to one line, removes its animation, and sends the
    summary below the command."""
    await delete_media(bot, chat_id, ended.session.media_message_id)
    message_id = ended.session.card_message_id
    if message_id and ended.exercise:
        line = views.card_line(
            locale, K.CARD_STOPPED_LINE, ended.session.step, ended.session.total, ended.exercise
        )
        await edit_quietly(bot, chat_id, message_id, line)
    await send(bot, chat_id, views.summary(locale, ended.summary))


async def present_summary(
    bot: Bot,
    chat_id: int,
    locale: Locale,
    summary: Summary,
    *,
    pressed: int,
    media_message_id: int | None,
    again: bool = False,
) -> bool:
    """The last card pressed (Done, Skip or Stop) turns into the routine's summary, and the
    animation above it goes; sent anew when that message can no longer be edited.

    `again` (the press that ended the routine was answered before, maybe not shown): False when
    the message is the summary already, and nothing changes."""
    reply = views.summary(locale, summary)
    result = await change(bot, chat_id, pressed, reply)
    if again and result is Change.SAME:
        return False
    await delete_media(bot, chat_id, media_message_id)
    if result is Change.GONE:
        await send(bot, chat_id, reply)
    return True
