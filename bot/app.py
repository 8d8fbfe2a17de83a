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
from bot.handlers.reminders import TelegramReminderSender
from bot.handlers.settings import SettingsHandlers
from bot.scheduling import DeliveryPolicy, ReminderDispatcher
from bot.settings import Settings
from bot.storage.database import Database

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
REMINDER_JOB = "reminders"


def build_application(
    settings: Settings, *, clock: Clock | None = None, content: Content | None = None
) -> BotApp:
    """Builds the whole bot; nothing touches the network or the database until it starts."""
    content = content or load_content(settings.content_dir)
    database = Database(settings.database_url)
    deps = Deps(settings=settings, database=database, content=content, clock=clock or SystemClock())

    dispatcher_holder: list[ReminderDispatcher] = []

    async def on_startup(application: BotApp) -> None:
        await database.migrate()
        await register_commands(application, content)
        log.info(
            "bot started: %d routines, languages %s",
            len(content.program.routines),
            sorted(content.locales),
        )

    async def on_shutdown(application: BotApp) -> None:
        for dispatcher in dispatcher_holder:
            await dispatcher.release_claims()
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
        # One limiter for every send, bulk or not: a bucket of one, refilled evenly, so no
        # second ever holds more than `messages_per_second` messages (no start-up burst).
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=1,
                overall_time_period=1 / settings.messages_per_second,
                max_retries=settings.flood_retries,
            )
        )
        .concurrent_updates(settings.concurrent_updates)
        # Enough connections for every update and every reminder in flight, and no more: httpx
        # scans its whole pool on each request, so an oversized pool costs throughput.
        .connection_pool_size(settings.concurrent_updates + DeliveryPolicy().concurrency + 8)
        .pool_timeout(10.0)
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    application.bot_data["deps"] = deps
    add_handlers(application, deps)
    dispatcher = ReminderDispatcher(
        database, deps.clock, TelegramReminderSender(application.bot, content)
    )
    dispatcher_holder.append(dispatcher)
    application.bot_data["dispatcher"] = dispatcher
    schedule_reminders(application, dispatcher, settings.reminder_poll_seconds)
    return application


def schedule_reminders(
    application: BotApp, dispatcher: ReminderDispatcher, interval: float
) -> None:
    """One repeating job sends every due reminder; there are no per-user jobs."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for reminders")

    async def tick(context: Context) -> None:
        await dispatcher.run_due()

    job_queue.run_repeating(
        tick,
        interval=interval,
        first=interval,
        name=REMINDER_JOB,
        # A long fan-out overlaps the next tick: run_due then returns at once (its own lock).
        job_kwargs={"max_instances": 2, "misfire_grace_time": None, "coalesce": True},
    )


def add_handlers(application: BotApp, deps: Deps) -> None:
    """Registers the handlers, most specific first; the fallbacks catch everything else."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    fallback = FallbackHandlers(deps)
    settings = SettingsHandlers(deps, fallback)
    commands = CommandHandlers(deps, settings)
    buttons = ButtonHandlers(deps, settings)
    application.add_handlers(
        [
            CommandHandler("start", commands.start, filters=private),
            CommandHandler("help", commands.help, filters=private),
            CommandHandler("routines", commands.routines, filters=private),
            CommandHandler(list(ROUTINE_COMMANDS), commands.routine, filters=private),
            CommandHandler("stop", commands.stop, filters=private),
            CommandHandler("settings", settings.settings, filters=private),
            CommandHandler("timezone", settings.timezone, filters=private),
            CommandHandler("remind", settings.remind, filters=private),
            CallbackQueryHandler(buttons.on_press),
            MessageHandler(private & filters.LOCATION, settings.on_location),
            MessageHandler(private & filters.COMMAND, fallback.unknown_command),
            MessageHandler(private & filters.TEXT, settings.on_text),
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


def dispatcher_of(application: BotApp) -> ReminderDispatcher:
    """The reminder dispatcher of an application built by build_application."""
    dispatcher = application.bot_data["dispatcher"]
    assert isinstance(dispatcher, ReminderDispatcher)
    return dispatcher


def deps_of(application: BotApp) -> Deps:
    """The dependencies stored in the application by build_application."""
    deps = application.bot_data["deps"]
    assert isinstance(deps, Deps)
    return deps


__all__ = [
    "ALLOWED_UPDATES",
    "REMINDER_JOB",
    "BotApp",
    "Context",
    "build_application",
    "deps_of",
    "dispatcher_of",
]
