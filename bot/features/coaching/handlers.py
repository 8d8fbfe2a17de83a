"""The routine flow: /start, the routine commands, /routines, /stop, the card buttons, the
menu, "continue or start another", and the discomfort ratings around a routine."""

from __future__ import annotations

from bot.content.keys import K
from bot.domain.flow import Outcome, TapVerdict
from bot.domain.safety import DiscomfortNote
from bot.features.coaching import views
from bot.features.coaching.callbacks import CardPress, PickRoutine, Rate, ResolveOpen, ShowMenu
from bot.features.coaching.presenting import (
    present_ended,
    present_start,
    present_summary,
    show_card_again,
    turn_card,
)
from bot.features.kit import BotContext, Incoming, Press
from bot.features.menu import routines_menu, with_menu
from bot.features.reminders.setup import ask_zone
from bot.features.replies import answer, drop_buttons_quietly, edit_quietly, send
from bot.features.timer.timers import cancel_cues
from bot.services.coaching import Ended, Moved, Rejected, TimerAllowed


async def start(msg: Incoming, context: BotContext) -> None:
    """/start, and /start <routine> deep links."""
    deps, locale, user_id = context.deps, msg.user.locale, msg.user.id
    program = deps.content.program
    wanted = msg.args[0].lower() if msg.args else None
    deep_link = wanted if wanted and program.routine(wanted) else None
    async with deps.coaching() as coaching:
        open_session = await coaching.open_session(user_id)
        outcome = await coaching.start(user_id, deep_link) if deep_link else None
    async with deps.reminders() as reminders:
        await reminders.welcome_back(user_id)
        offer_setup = outcome is None and await reminders.offer_setup(user_id)
    welcome = views.welcome(
        locale, program, msg.user.person.first_name, open_session, with_menu=outcome is None
    )
    await send(context.bot, msg.chat_id, welcome)
    if outcome is not None:
        await present_start(deps, context.bot, msg.chat_id, locale, outcome)
    elif offer_setup:
        await ask_zone(deps, context.bot, msg.chat_id, msg.user, intro=True)


async def open_routine(msg: Incoming, context: BotContext) -> None:
    """/workout, /neck, ...: the command of a routine in content/program.yaml."""
    routine = context.deps.content.program.by_command(msg.command)
    if routine is None:
        return
    async with context.deps.coaching() as coaching:
        outcome = await coaching.start(msg.user.id, routine.id)
    await present_start(context.deps, context.bot, msg.chat_id, msg.user.locale, outcome)


async def show_routines(msg: Incoming, context: BotContext) -> None:
    """/routines: the menu of all routines with counts and minutes."""
    await send(
        context.bot, msg.chat_id, routines_menu(msg.user.locale, context.deps.content.program)
    )


async def stop(msg: Incoming, context: BotContext) -> None:
    """/stop: ends the open routine with a summary."""
    deps, locale = context.deps, msg.user.locale
    async with deps.coaching() as coaching:
        ended = await coaching.stop(msg.user.id)
    if ended is None:
        await send(
            context.bot, msg.chat_id, with_menu(locale, deps.content.program, K.STOP_NOTHING)
        )
        return
    await present_ended(context.bot, msg.chat_id, locale, ended)


async def on_card(press: Press[CardPress], context: BotContext) -> None:
    """✅ Done, ⏭ Skip and ⏹ Stop under a card: applied at most once.

    Each press commits before its answer is sent. If the process dies in between, the card the
    user sees still has its buttons, Telegram does not deliver the press again, and a second
    press on that card is answered with what the first led to (the service's `again`): the next
    card, or the summary and its rating prompt. What reached the chat already is not sent
    twice: an edit that changes nothing tells. A rating prompt lost after its summary was shown
    stays lost (the rating is optional, and /progress works without it)."""
    deps, locale, pressed = context.deps, press.user.locale, press.data
    texts, bot, chat_id = locale.texts, context.bot, press.chat_id
    message_id = press.message.message_id
    async with deps.coaching() as coaching:
        outcome = await coaching.press(
            press.user.id, pressed.session_id, pressed.step, pressed.action, message_id
        )
    match outcome:
        case Rejected(verdict=verdict):
            await answer(press.query, views.rejection_toast(locale, verdict))
        case TimerAllowed():  # the timer feature takes ⏱ presses; this one is a stale copy
            await answer(press.query)
        case Moved(exercise=exercise, session=session, outcome=result, again=again):
            done = result is Outcome.DONE
            if not again:
                await answer(press.query, texts.get(K.TOAST_DONE if done else K.TOAST_SKIPPED))
                cancel_cues(context.job_queue, chat_id)
            shown = True
            if outcome.next_card is not None:
                key = K.CARD_DONE_LINE if done else K.CARD_SKIPPED_LINE
                line = views.card_line(locale, key, pressed.step, session.total, exercise)
                show = show_card_again if again else turn_card
                shown = await show(
                    deps, bot, chat_id, locale, outcome.next_card, pressed=message_id, behind=line
                )
            elif outcome.summary is not None:
                shown = await present_summary(
                    bot,
                    chat_id,
                    locale,
                    outcome.summary,
                    pressed=message_id,
                    media_message_id=session.media_message_id,
                    again=again,
                )
                if shown:
                    await send(bot, chat_id, views.rating_prompt(locale, session.id, after=True))
            if again:
                await answer(
                    press.query, None if shown else views.rejection_toast(locale, TapVerdict.STALE)
                )
        case Ended(summary=summary, again=again):
            if not again:
                await answer(press.query, texts.get(K.TOAST_STOPPED))
                cancel_cues(context.job_queue, chat_id)
            shown = await present_summary(
                bot,
                chat_id,
                locale,
                summary,
                pressed=message_id,
                media_message_id=outcome.session.media_message_id,
                again=again,
            )
            if again:
                await answer(
                    press.query, None if shown else views.rejection_toast(locale, TapVerdict.STALE)
                )


async def on_pick(press: Press[PickRoutine], context: BotContext) -> None:
    """A routine chosen from a menu."""
    await answer(press.query)
    async with context.deps.coaching() as coaching:
        outcome = await coaching.start(press.user.id, press.data.routine_id)
    await present_start(context.deps, context.bot, press.chat_id, press.user.locale, outcome)


async def on_resolve(press: Press[ResolveOpen], context: BotContext) -> None:
    """ "Continue" the open routine, or stop it and start the one asked for."""
    deps, locale, chat_id = context.deps, press.user.locale, press.chat_id
    message_id = press.message.message_id
    routine_id = press.data.routine_id
    if routine_id is None:
        async with deps.coaching() as coaching:
            resumed = await coaching.resume(press.user.id, press.data.session_id)
        if isinstance(resumed, Rejected):
            await answer(press.query, views.rejection_toast(locale, resumed.verdict))
            await drop_buttons_quietly(context.bot, chat_id, message_id)
            return
        await answer(press.query)
        await drop_buttons_quietly(context.bot, chat_id, message_id)
        await present_start(deps, context.bot, chat_id, locale, resumed)
        return
    await answer(press.query)
    async with deps.coaching() as coaching:
        outcome = await coaching.replace(press.user.id, press.data.session_id, routine_id)
    await drop_buttons_quietly(context.bot, chat_id, message_id)
    await present_start(deps, context.bot, chat_id, locale, outcome)


async def on_menu(press: Press[ShowMenu], context: BotContext) -> None:
    """📋 Routines under a summary."""
    await answer(press.query)
    menu = routines_menu(press.user.locale, context.deps.content.program)
    await send(context.bot, press.chat_id, menu)


async def on_rate(press: Press[Rate], context: BotContext) -> None:
    """A 0–10 discomfort rating before or after a routine, or Skip."""
    deps, locale, pressed = context.deps, press.user.locale, press.data
    texts, bot, chat_id = locale.texts, context.bot, press.chat_id
    if pressed.value is None:
        await answer(press.query, texts.get(K.RATING_SKIPPED))
        await drop_buttons_quietly(bot, chat_id, press.message.message_id)
        return
    async with deps.progress() as progress:
        rated = await progress.rate(
            pressed.session_id, press.user.id, after=pressed.after, value=pressed.value
        )
    if rated is None:
        await answer(press.query, texts.get(K.TOAST_INVALID))
        return
    await answer(press.query)
    # Before a routine the prompt also carried its introduction, which stays readable.
    routine = None if pressed.after else deps.content.program.routine(rated.routine_id)
    saved = views.rating_saved(locale, pressed.value, after=pressed.after, routine=routine)
    await edit_quietly(bot, chat_id, press.message.message_id, saved)
    note = (
        views.high_discomfort(locale, pressed.session_id, rated.routine_id)
        if rated.note is DiscomfortNote.HIGH_BEFORE
        else views.after_routine_note(locale, rated.note)
    )
    if note is not None:
        await send(bot, chat_id, note)
