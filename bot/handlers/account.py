"""/progress, /pause, discomfort ratings, /mydata and /deleteme."""

from __future__ import annotations

import json

from telegram import CallbackQuery, InputFile, Message, Update, User

from bot import account_views, views
from bot.callbacks import Confirm, Rate
from bot.content.keys import K
from bot.deps import Deps
from bot.domain.safety import DiscomfortNote
from bot.handlers.common import Context, drop_buttons_quietly, edit_quietly, locale_of, person_of
from bot.handlers.language import reset_chat_menu
from bot.services.progress import MAX_PAUSE_DAYS


class AccountHandlers:
    """What a user sees of their own record, and what they can do with it."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def progress(self, update: Update, context: Context) -> None:
        """/progress: the calendar picture with the streak, then the numbers."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return
        locale = locale_of(self._deps, user)
        async with self._deps.progress() as progress:
            overview = await progress.overview(user.id)
        picture = None
        if overview.progress.total.sessions:
            picture = account_views.progress_picture(locale, overview)
        if picture is not None:
            png, caption = picture
            await message.reply_photo(InputFile(png, filename="progress.png"), caption=caption)
        has_history = overview.progress.total.sessions > 0
        text = account_views.progress_text(
            locale, overview, with_grid=picture is None and has_history
        )
        await message.reply_text(text)

    async def pause(self, update: Update, context: Context) -> None:
        """/pause N (1–30 days) or /pause off."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return
        locale = locale_of(self._deps, user)
        argument = " ".join(context.args or []).strip().lower()
        days = int(argument) if argument.isdigit() else None
        if argument in self._deps.content.words(K.WORDS_OFF):
            async with self._deps.reminders(person_of(user)) as reminders:
                ended = await reminders.unpause(user.id)
            await message.reply_text(locale.texts.get(K.PAUSE_ENDED if ended else K.PAUSE_NONE))
            return
        if days is None or not 1 <= days <= MAX_PAUSE_DAYS:
            await message.reply_text(locale.texts.get(K.PAUSE_USAGE))
            return
        async with self._deps.reminders(person_of(user)) as reminders:
            until = await reminders.pause(user.id, days)
        text = locale.texts.get(
            K.PAUSE_STARTED, date=account_views.day_text(until, locale.language)
        )
        await message.reply_text(text)

    async def my_data(self, update: Update, context: Context) -> None:
        """/mydata: a JSON file with everything stored about the user."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return
        locale = locale_of(self._deps, user)
        async with self._deps.account() as account:
            data = await account.export(user.id)
        payload = json.dumps(data or {}, ensure_ascii=False, indent=2).encode()
        await message.reply_document(
            InputFile(payload, filename="my-data.json"),
            caption=locale.texts.get(K.MYDATA_CAPTION),
        )

    async def delete_me(self, update: Update, context: Context) -> None:
        """/deleteme: asks first."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return
        reply = account_views.delete_question(locale_of(self._deps, user))
        await message.reply_text(reply.text, reply_markup=reply.markup)

    async def on_delete_answer(
        self, query: CallbackQuery, message: Message, pressed: Confirm
    ) -> None:
        """Yes deletes every row of the user; no keeps everything."""
        user = query.from_user
        locale = locale_of(self._deps, user)
        await query.answer()
        if pressed.yes:
            async with self._deps.account() as account:
                await account.delete(user.id)
            await reset_chat_menu(self._deps, message.get_bot(), message.chat_id, user.id)
        key = K.DELETEME_DONE if pressed.yes else K.DELETEME_KEPT
        await edit_quietly(
            message.get_bot(), message.chat_id, message.message_id, locale.texts.get(key)
        )

    async def on_rate(self, query: CallbackQuery, message: Message, pressed: Rate) -> None:
        """A 0–10 discomfort rating, or Skip."""
        user: User = query.from_user
        locale = locale_of(self._deps, user)
        texts = locale.texts
        bot = message.get_bot()
        if pressed.value is None:
            await query.answer(texts.get(K.RATING_SKIPPED))
            await drop_buttons_quietly(bot, message.chat_id, message.message_id)
            return
        async with self._deps.progress() as progress:
            rated = await progress.rate(
                pressed.session_id, user.id, after=pressed.after, value=pressed.value
            )
        if rated is None:
            await query.answer(texts.get(K.TOAST_INVALID))
            return
        await query.answer()
        # Before a routine the prompt also carried its introduction, which stays readable.
        routine = None if pressed.after else self._deps.content.program.routine(rated.routine_id)
        saved = views.rating_saved(locale, pressed.value, after=pressed.after, routine=routine)
        await edit_quietly(bot, message.chat_id, message.message_id, saved)
        note = (
            views.high_discomfort(locale, pressed.session_id, rated.routine_id)
            if rated.note is DiscomfortNote.HIGH_BEFORE
            else views.after_routine_note(locale, rated.note)
        )
        if note is not None:
            await bot.send_message(message.chat_id, note.text, reply_markup=note.markup)
