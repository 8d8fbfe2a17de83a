"""Every inline button press goes through here: decode, validate, apply once, reply."""

from __future__ import annotations

import logging
from typing import assert_never

from telegram import CallbackQuery, Message, Update

from bot import views
from bot.callbacks import (
    CardPress,
    Confirm,
    ConfirmSubject,
    PickLanguage,
    PickRoutine,
    Rate,
    ReminderReply,
    ResolveOpen,
    Setting,
    SettingAction,
    ShowMenu,
    decode,
)
from bot.content.keys import K
from bot.content.loader import Locale
from bot.deps import Deps
from bot.domain.flow import Outcome, TapVerdict
from bot.handlers.account import AccountHandlers
from bot.handlers.common import (
    Context,
    drop_buttons_quietly,
    edit_quietly,
    locale_of,
    person_of,
    present_ended,
    present_start,
    send,
    send_card,
)
from bot.handlers.language import LanguageHandlers
from bot.handlers.operator import OperatorHandlers
from bot.handlers.settings import SettingsHandlers
from bot.handlers.timer import HoldTimers
from bot.services.coaching import Ended, Moved, Rejected, TimerAllowed

log = logging.getLogger(__name__)

# Prompts whose buttons are answered once; settings menus stay usable.
_ONE_SHOT = {SettingAction.TIME_SET, SettingAction.DAYS_SET, SettingAction.SKIP}

REJECTION_TOASTS = {
    TapVerdict.UNKNOWN: K.TOAST_INVALID,
    TapVerdict.NOT_YOURS: K.TOAST_NOT_YOURS,
    TapVerdict.ENDED: K.TOAST_ENDED,
    TapVerdict.STALE: K.TOAST_STALE,
}


class ButtonHandlers:
    """The callback-query handler."""

    def __init__(
        self,
        deps: Deps,
        settings: SettingsHandlers,
        account: AccountHandlers,
        operator: OperatorHandlers,
        language: LanguageHandlers,
        timers: HoldTimers,
    ) -> None:
        self._deps = deps
        self._settings = settings
        self._account = account
        self._operator = operator
        self._language = language
        self._timers = timers

    async def on_press(self, update: Update, context: Context) -> None:
        """Dispatches a press by its decoded callback data."""
        query = update.callback_query
        if query is None:
            return
        locale = locale_of(self._deps, query.from_user)
        pressed = decode(query.data)
        message = query.message if isinstance(query.message, Message) else None
        if pressed is None or message is None:
            await query.answer(locale.texts.get(K.TOAST_INVALID))
            return
        chat_id = message.chat.id
        match pressed:
            case CardPress():
                await self._card_press(query, context, pressed, message, locale)
            case PickRoutine(routine_id=routine_id):
                await query.answer()
                async with self._deps.coaching() as coaching:
                    outcome = await coaching.start(person_of(query.from_user), routine_id)
                await present_start(self._deps, context.bot, chat_id, locale, outcome)
            case ResolveOpen(session_id=session_id, routine_id=None):
                await self._resume(query, context, session_id, message, locale)
            case ResolveOpen(session_id=session_id, routine_id=routine_id):
                await query.answer()
                async with self._deps.coaching() as coaching:
                    outcome = await coaching.replace(
                        person_of(query.from_user), session_id, routine_id or ""
                    )
                await drop_buttons_quietly(context.bot, chat_id, message.message_id)
                await present_start(self._deps, context.bot, chat_id, locale, outcome)
            case ShowMenu():
                await query.answer()
                await send(
                    context.bot, chat_id, views.routines_menu(locale, self._deps.content.program)
                )
            case ReminderReply():
                toast = await self._settings.on_reminder_reply(query.from_user, pressed)
                await query.answer(toast)
                await edit_quietly(
                    context.bot, chat_id, message.message_id, f"{message.text_html}\n\n{toast}"
                )
            case Setting():
                await query.answer()
                if pressed.action in _ONE_SHOT:
                    await drop_buttons_quietly(context.bot, chat_id, message.message_id)
                await self._settings.on_setting(message, query.from_user, pressed)
            case Rate():
                await self._account.on_rate(query, message, pressed)
            case PickLanguage():
                await self._language.on_pick(query, message, pressed)
            case Confirm():
                if pressed.subject is ConfirmSubject.DELETE_ME:
                    await self._account.on_delete_answer(query, message, pressed)
                else:
                    await self._operator.on_confirm(query, message, pressed)
            case _:
                assert_never(pressed)

    async def _resume(
        self,
        query: CallbackQuery,
        context: Context,
        session_id: int,
        message: Message,
        locale: Locale,
    ) -> None:
        chat_id = message.chat.id
        async with self._deps.coaching() as coaching:
            resumed = await coaching.resume(person_of(query.from_user), session_id)
        if isinstance(resumed, Rejected):
            await query.answer(locale.texts.get(REJECTION_TOASTS[resumed.verdict]))
            await drop_buttons_quietly(context.bot, chat_id, message.message_id)
            return
        await query.answer()
        await drop_buttons_quietly(context.bot, chat_id, message.message_id)
        await present_start(self._deps, context.bot, chat_id, locale, resumed)

    async def _card_press(
        self,
        query: CallbackQuery,
        context: Context,
        pressed: CardPress,
        message: Message,
        locale: Locale,
    ) -> None:
        chat_id = message.chat.id
        texts = locale.texts
        async with self._deps.coaching() as coaching:
            outcome = await coaching.press(person_of(query.from_user), pressed)
        match outcome:
            case Rejected(verdict=verdict):
                await query.answer(texts.get(REJECTION_TOASTS[verdict]))
            case TimerAllowed(exercise=exercise):
                await query.answer(texts.get(K.TOAST_TIMER))
                if context.job_queue is None:
                    return
                announcement = await self._timers.start(
                    context.job_queue, chat_id, query.from_user.id, locale, exercise
                )
                await context.bot.send_message(chat_id, announcement)
            case Moved(exercise=exercise, session=session, outcome=result):
                done = result is Outcome.DONE
                await query.answer(texts.get(K.TOAST_DONE if done else K.TOAST_SKIPPED))
                self._timers.cancel(context.job_queue, chat_id)
                key = K.CARD_DONE_LINE if done else K.CARD_SKIPPED_LINE
                line = views.card_line(locale, key, pressed.step, session.total, exercise)
                await edit_quietly(context.bot, chat_id, message.message_id, line)
                if outcome.next_card is not None:
                    await send_card(self._deps, context.bot, chat_id, locale, outcome.next_card)
                elif outcome.summary is not None:
                    await send(context.bot, chat_id, views.summary(locale, outcome.summary))
                    after = views.rating_prompt(locale, session.id, after=True)
                    await send(context.bot, chat_id, after)
            case Ended():
                await query.answer(texts.get(K.TOAST_STOPPED))
                self._timers.cancel(context.job_queue, chat_id)
                await present_ended(context.bot, chat_id, locale, outcome, message.message_id)
