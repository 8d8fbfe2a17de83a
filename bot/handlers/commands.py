"""Commands: /start, /help, /routines, the routine commands, and /stop."""

from __future__ import annotations

from telegram import Update

from bot import views
from bot.content.keys import ROUTINE_COMMANDS, K
from bot.deps import Deps
from bot.handlers.common import (
    Context,
    locale_of,
    person_of,
    present_ended,
    present_start,
    send,
)
from bot.handlers.settings import SettingsHandlers


class CommandHandlers:
    """Handlers of the bot's slash commands."""

    def __init__(self, deps: Deps, settings: SettingsHandlers) -> None:
        self._deps = deps
        self._settings = settings

    async def start(self, update: Update, context: Context) -> None:
        """/start, and /start <routine> deep links."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        locale = locale_of(self._deps, user)
        program = self._deps.content.program
        wanted = context.args[0].lower() if context.args else None
        deep_link = wanted if wanted and program.routine(wanted) else None
        async with self._deps.coaching() as coaching:
            open_session = await coaching.meet(person_of(user))
            outcome = await coaching.start(person_of(user), deep_link) if deep_link else None
        async with self._deps.reminders(person_of(user)) as reminders:
            await reminders.welcome_back(user.id)
            offer_setup = outcome is None and await reminders.offer_setup(person_of(user))
        welcome = views.welcome(
            locale, program, user.first_name, open_session, with_menu=outcome is None
        )
        await send(context.bot, chat.id, welcome)
        if outcome is not None:
            await present_start(self._deps, context.bot, chat.id, locale, outcome)
        elif offer_setup and update.effective_message is not None:
            await self._settings.ask_zone(update.effective_message, user, intro=True)

    async def help(self, update: Update, context: Context) -> None:
        """/help."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        locale = locale_of(self._deps, user)
        await send(context.bot, chat.id, views.Reply(locale.texts.get(K.HELP)))

    async def routines(self, update: Update, context: Context) -> None:
        """/routines: the menu of all routines with counts and minutes."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        locale = locale_of(self._deps, user)
        async with self._deps.coaching() as coaching:
            await coaching.meet(person_of(user))
        await send(context.bot, chat.id, views.routines_menu(locale, self._deps.content.program))

    async def routine(self, update: Update, context: Context) -> None:
        """/workout, /neck, /shoulders, /back, /ribs."""
        user, chat, message = update.effective_user, update.effective_chat, update.effective_message
        if user is None or chat is None or message is None or not message.text:
            return
        command = message.text.split()[0].lstrip("/").split("@")[0].lower()
        routine_id = ROUTINE_COMMANDS[command]
        locale = locale_of(self._deps, user)
        async with self._deps.coaching() as coaching:
            outcome = await coaching.start(person_of(user), routine_id)
        await present_start(self._deps, context.bot, chat.id, locale, outcome)

    async def stop(self, update: Update, context: Context) -> None:
        """/stop: ends the open routine with a summary."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        locale = locale_of(self._deps, user)
        program = self._deps.content.program
        async with self._deps.coaching() as coaching:
            ended = await coaching.stop(person_of(user))
        if ended is None:
            await send(context.bot, chat.id, views.with_menu(locale, program, K.STOP_NOTHING))
            return
        await present_ended(context.bot, chat.id, locale, ended)
