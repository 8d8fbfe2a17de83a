"""Language: /language, and the command menu of every language (setMyCommands)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.content.keys import K
from bot.content.loader import DEFAULT_LANGUAGE, Locale
from bot.deps import Deps
from bot.features.kit import BotApp, BotContext, Features, Incoming, MenuCommand, Press
from bot.features.language import views
from bot.features.language.callbacks import PickLanguage
from bot.features.replies import answer, edit_quietly, send

log = logging.getLogger(__name__)


def commands_for(menu: Sequence[MenuCommand], locale: Locale, *, admin: bool) -> list[BotCommand]:
    """The command menu in one language; operators also get theirs."""
    return [BotCommand(c.name, c.describe(locale)) for c in menu if admin or not c.admin]


def register(features: Features) -> None:
    """/language and its buttons; at start-up, the menu of commands in every language."""
    menu = features.menu  # filled by every feature; read when used, after all registered

    async def language(msg: Incoming, context: BotContext) -> None:
        await send(context.bot, msg.chat_id, views.picker(msg.user.locale, context.deps.content))

    async def on_pick(press: Press[PickLanguage], context: BotContext) -> None:
        deps = context.deps
        chosen = deps.content.locales.get(press.data.language)
        if chosen is None:  # forged, or a language that was removed from content/
            await answer(press.query, press.user.locale.texts.get(K.TOAST_INVALID))
            return
        async with deps.language() as service:
            await service.choose(press.user.id, chosen.language)
        await answer(press.query)
        bot = context.bot
        message_id = press.message.message_id
        await edit_quietly(bot, press.chat_id, message_id, chosen.texts.get(K.LANGUAGE_SET))
        admin = deps.is_admin(press.user.id)
        try:
            await bot.set_my_commands(
                commands_for(menu, chosen, admin=admin), scope=BotCommandScopeChat(press.chat_id)
            )
        except TelegramError as error:  # the menu is a convenience; the choice is kept anyway
            log.warning("command menu of chat %s not switched: %s", press.chat_id, error)

    async def register_commands(application: BotApp) -> None:
        await set_menus(features.deps, application.bot, menu)

    features.command("language", language, describe=K.COMMAND_LANGUAGE)
    features.button(PickLanguage, on_pick, store=True)
    features.startup.append(register_commands)


async def set_menus(deps: Deps, bot: Bot, menu: Sequence[MenuCommand]) -> None:
    """setMyCommands for every language; operators also see theirs, in their chat only and in
    the language they keep (the one /language chose survives a restart)."""
    content = deps.content
    for language, locale in content.locales.items():
        commands = commands_for(menu, locale, admin=False)
        await bot.set_my_commands(commands, language_code=language)
        if language == DEFAULT_LANGUAGE:
            await bot.set_my_commands(commands)
    for admin_id in sorted(deps.settings.admin_ids):
        async with deps.user_lookup() as users:
            stored = await users.lookup(admin_id)
        locale = content.locale(stored.language_code if stored.known else None)
        try:
            await bot.set_my_commands(
                commands_for(menu, locale, admin=True), scope=BotCommandScopeChat(admin_id)
            )
        except TelegramError as error:  # the operator has not started the bot yet
            log.warning("operator commands for %s not set: %s", admin_id, error)


async def reset_chat_menu(
    deps: Deps, bot: Bot, menu: Sequence[MenuCommand], chat_id: int, user_id: int
) -> None:
    """Drops a chat's own command menu (after /deleteme): the language-wide one shows again.

    Operators keep a menu of their own, with their commands, in the default language.
    """
    scope = BotCommandScopeChat(chat_id)
    try:
        if deps.is_admin(user_id):
            default = deps.content.locale(None)
            await bot.set_my_commands(commands_for(menu, default, admin=True), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramError as error:
        log.warning("command menu of chat %s not reset: %s", chat_id, error)
