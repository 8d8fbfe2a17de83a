"""The composition root: settings, database, content, handlers, jobs, start-up and shutdown."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.broadcasting import BroadcastDispatcher
from bot.clock import Clock, SystemClock
from bot.content.keys import ROUTINE_COMMANDS
from bot.content.loader import DEFAULT_LANGUAGE, Content, load_content
from bot.deps import Deps
from bot.handlers.account import AccountHandlers
from bot.handlers.buttons import ButtonHandlers
from bot.handlers.commands import CommandHandlers
from bot.handlers.common import BotApp, Context
from bot.handlers.errors import ErrorHandler
from bot.handlers.fallback import FallbackHandlers
from bot.handlers.language import LanguageHandlers, commands_for
from bot.handlers.operator import BROADCAST_JOB, OperatorHandlers
from bot.handlers.reminders import TelegramReminderSender
from bot.handlers.settings import SettingsHandlers
from bot.handlers.timer import HoldTimers
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
    timers = HoldTimers(deps)

    dispatchers: list[ReminderDispatcher | BroadcastDispatcher] = []

    async def on_startup(application: BotApp) -> None:
        await database.migrate()
        await register_commands(application, deps)
        if application.job_queue is not None:
            await timers.restore(application.job_queue)
        log.info(
            "bot started: %d routines, languages %s",
            len(content.program.routines),
            sorted(content.locales),
        )

    async def on_shutdown(application: BotApp) -> None:
        for dispatcher in dispatchers:
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
    add_handlers(application, deps, timers)
    dispatcher = ReminderDispatcher(
        database, deps.clock, TelegramReminderSender(application.bot, content)
    )
    broadcaster = BroadcastDispatcher(database, deps.clock, application.bot, content)
    dispatchers.extend([dispatcher, broadcaster])
    application.bot_data["dispatcher"] = dispatcher
    application.bot_data["broadcaster"] = broadcaster
    repeat(application, REMINDER_JOB, dispatcher.run_due, settings.reminder_poll_seconds)
    repeat(application, BROADCAST_JOB, broadcaster.run_due, settings.reminder_poll_seconds)
    return application


def repeat(
    application: BotApp, name: str, work: Callable[[], Awaitable[object]], interval: float
) -> None:
    """One repeating job per kind of delivery; there are no per-user jobs."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for reminders")

    async def tick(context: Context) -> None:
        await work()

    job_queue.run_repeating(
        tick,
        interval=interval,
        first=interval,
        name=name,
        # A long fan-out overlaps the next tick: the work then returns at once (its own lock).
        job_kwargs={"max_instances": 2, "misfire_grace_time": None, "coalesce": True},
    )


def add_handlers(application: BotApp, deps: Deps, timers: HoldTimers) -> None:
    """Registers the handlers, most specific first; the fallbacks catch everything else."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    fallback = FallbackHandlers(deps)
    settings = SettingsHandlers(deps, fallback)
    commands = CommandHandlers(deps, settings)
    account = AccountHandlers(deps)
    operator = OperatorHandlers(deps, fallback)
    language = LanguageHandlers(deps)
    buttons = ButtonHandlers(deps, settings, account, operator, language, timers)
    # Group -1 runs before every handler: it looks up the language the user keeps.
    application.add_handler(TypeHandler(Update, language.resolve), group=-1)
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
            CommandHandler("progress", account.progress, filters=private),
            CommandHandler("pause", account.pause, filters=private),
            CommandHandler("mydata", account.my_data, filters=private),
            CommandHandler("deleteme", account.delete_me, filters=private),
            CommandHandler("stats", operator.stats, filters=private),
            CommandHandler("broadcast", operator.broadcast, filters=private),
            CommandHandler("language", language.language, filters=private),
            CallbackQueryHandler(buttons.on_press),
            MessageHandler(private & filters.LOCATION, settings.on_location),
            MessageHandler(private & filters.COMMAND, fallback.unknown_command),
            MessageHandler(private & filters.TEXT, settings.on_text),
            MessageHandler(private, fallback.other),
        ]
    )
    application.add_error_handler(ErrorHandler(deps))


async def register_commands(application: BotApp, deps: Deps) -> None:
    """setMyCommands for every language; operators also see theirs, in their chat only and in
    the language they keep (the one /language chose survives a restart)."""
    bot = application.bot
    content = deps.content
    for language, locale in content.locales.items():
        commands = commands_for(locale, admin=False)
        await bot.set_my_commands(commands, language_code=language)
        if language == DEFAULT_LANGUAGE:
            await bot.set_my_commands(commands)
    for admin_id in sorted(deps.settings.admin_ids):
        async with deps.language_lookup() as lookup:
            known, code = await lookup.stored(admin_id)
        locale = content.locale(code if known else None)
        try:
            await bot.set_my_commands(
                commands_for(locale, admin=True), scope=BotCommandScopeChat(admin_id)
            )
        except TelegramError as error:  # the operator has not started the bot yet
            log.warning("operator commands for %s not set: %s", admin_id, error)


def dispatcher_of(application: BotApp) -> ReminderDispatcher:
    """The reminder dispatcher of an application built by build_application."""
    dispatcher = application.bot_data["dispatcher"]
    assert isinstance(dispatcher, ReminderDispatcher)
    return dispatcher


def broadcaster_of(application: BotApp) -> BroadcastDispatcher:
    """The broadcast dispatcher of an application built by build_application."""
    broadcaster = application.bot_data["broadcaster"]
    assert isinstance(broadcaster, BroadcastDispatcher)
    return broadcaster


def deps_of(application: BotApp) -> Deps:
    """The dependencies stored in the application by build_application."""
    deps = application.bot_data["deps"]
    assert isinstance(deps, Deps)
    return deps


__all__ = [
    "ALLOWED_UPDATES",
    "BROADCAST_JOB",
    "REMINDER_JOB",
    "BotApp",
    "Context",
    "broadcaster_of",
    "build_application",
    "deps_of",
    "dispatcher_of",
]
