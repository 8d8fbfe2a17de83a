"""The composition root: settings, database, content, handlers, jobs, start-up and shutdown."""

from __future__ import annotations

import logging

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.clock import Clock, SystemClock
from bot.content.keys import COMMAND_KEYS, ROUTINE_COMMANDS
from bot.content.loader import DEFAULT_LANGUAGE, Content, load_content
from bot.deps import Deps
from bot.handlers.buttons import ButtonHandlers
from bot.handlers.commands import CommandHandlers
from bot.handlers.common import BotApp, Context
from bot.handlers.errors import ErrorHandler
from bot.handlers.fallback import FallbackHandlers
from bot.settings import Settings
from bot.storage.database import Database

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]


def build_application(
    settings: Settings, *, clock: Clock | None = None, content: Content | None = None
) -> BotApp:
    """Builds the whole bot; nothing touches the network or the database until it starts."""
    content = content or load_content(settings.content_dir)
    database = Database(settings.database_url)
    deps = Deps(settings=settings, database=database, content=content, clock=clock or SystemClock())

    async def on_startup(application: BotApp) -> None:
        await database.migrate()
        await register_commands(application, content)
        log.info(
            "bot started: %d routines, languages %s",
            len(content.program.routines),
            sorted(content.locales),
        )

    async def on_shutdown(application: BotApp) -> None:
        await database.dispose()

    application = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(settings.concurrent_updates)
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    application.bot_data["deps"] = deps
    add_handlers(application, deps)
    return application


def add_handlers(application: BotApp, deps: Deps) -> None:
    """Registers the handlers, most specific first; the fallbacks catch everything else."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    commands = CommandHandlers(deps)
    buttons = ButtonHandlers(deps)
    fallback = FallbackHandlers(deps)
    application.add_handlers(
        [
            CommandHandler("start", commands.start, filters=private),
            CommandHandler("help", commands.help, filters=private),
            CommandHandler("routines", commands.routines, filters=private),
            CommandHandler(list(ROUTINE_COMMANDS), commands.routine, filters=private),
            CommandHandler("stop", commands.stop, filters=private),
            CallbackQueryHandler(buttons.on_press),
            MessageHandler(private & filters.COMMAND, fallback.unknown_command),
            MessageHandler(private & filters.TEXT, fallback.free_text),
            MessageHandler(private, fallback.other),
        ]
    )
    application.add_error_handler(ErrorHandler(deps))


async def register_commands(application: BotApp, content: Content) -> None:
    """setMyCommands for every language, so Telegram's menu lists them."""
    for language, locale in content.locales.items():
        commands = [BotCommand(name, locale.texts.get(key)) for name, key in COMMAND_KEYS.items()]
        await application.bot.set_my_commands(commands, language_code=language)
        if language == DEFAULT_LANGUAGE:
            await application.bot.set_my_commands(commands)


def deps_of(application: BotApp) -> Deps:
    """The dependencies stored in the application by build_application."""
    deps = application.bot_data["deps"]
    assert isinstance(deps, Deps)
    return deps


__all__ = ["ALLOWED_UPDATES", "BotApp", "Context", "build_application", "deps_of"]
