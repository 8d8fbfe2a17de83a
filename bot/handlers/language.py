"""The user's language: resolved from the database for every update, changed with /language."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, CallbackQuery, Message, Update
from telegram.error import TelegramError

from bot import language_views
from bot.callbacks import PickLanguage
from bot.content.keys import ADMIN_COMMAND_KEYS, COMMAND_KEYS, K
from bot.content.loader import Locale
from bot.deps import Deps
from bot.handlers.common import Context, edit_quietly, locale_of, person_of, remember_language, send

log = logging.getLogger(__name__)


def commands_for(locale: Locale, *, admin: bool) -> list[BotCommand]:
    """The command menu in one language; operators also get theirs."""
    keys = {**COMMAND_KEYS, **ADMIN_COMMAND_KEYS} if admin else COMMAND_KEYS
    return [BotCommand(name, locale.texts.get(key)) for name, key in keys.items()]


async def reset_chat_menu(deps: Deps, bot: Bot, chat_id: int, user_id: int) -> None:
    """Drops a chat's own command menu (after /deleteme): the language-wide one shows again.

    Operators keep a menu of their own, with their commands, in the default language.
    """
    scope = BotCommandScopeChat(chat_id)
    try:
        if deps.is_admin(user_id):
            default = deps.content.locale(None)
            await bot.set_my_commands(commands_for(default, admin=True), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramError as error:
        log.warning("command menu of chat %s not reset: %s", chat_id, error)


class LanguageHandlers:
    """/language, its buttons, and the per-update lookup of the stored language."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def resolve(self, update: object, context: Context) -> None:
        """Runs first for every update: the language the user chose, or had at first contact."""
        if not isinstance(update, Update) or update.effective_user is None:
            return
        user = update.effective_user
        async with self._deps.language_lookup() as language:
            known, code = await language.stored(user.id)
        remember_language(user.id, code if known else user.language_code)

    async def language(self, update: Update, context: Context) -> None:
        """/language: one button per language, each in its own language."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        locale = locale_of(self._deps, user)
        await send(context.bot, chat.id, language_views.picker(locale, self._deps.content))

    async def on_pick(self, query: CallbackQuery, message: Message, pressed: PickLanguage) -> None:
        """A language button: keep the choice, answer in it, and switch the command menu."""
        chosen = self._deps.content.locales.get(pressed.language)
        if chosen is None:  # forged, or a language that was removed from content/
            await query.answer(locale_of(self._deps, query.from_user).texts.get(K.TOAST_INVALID))
            return
        async with self._deps.language() as language:
            await language.choose(person_of(query.from_user), chosen.language)
        remember_language(query.from_user.id, chosen.language)
        await query.answer()
        bot = query.get_bot()
        await edit_quietly(
            bot, message.chat.id, message.message_id, chosen.texts.get(K.LANGUAGE_SET)
        )
        admin = self._deps.is_admin(query.from_user.id)
        try:
            await bot.set_my_commands(
                commands_for(chosen, admin=admin), scope=BotCommandScopeChat(message.chat.id)
            )
        except TelegramError as error:  # the menu is a convenience; the choice is kept anyway
            log.warning("command menu of chat %s not switched: %s", message.chat.id, error)
