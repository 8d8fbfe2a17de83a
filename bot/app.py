"""The composition root: settings, database, content, the features in order, start-up and
shutdown."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from bot.callback_data import check_declarations
from bot.clock import Clock, SystemClock
from bot.content.loader import Content, load_content
from bot.deps import Deps
from bot.features import account, coaching, guide, language, operator, progress, reminders, timer
from bot.features.errors import ErrorHandler
from bot.features.kit import BotApp, BotContext, Features, MenuCommand, deps_of
from bot.features.operator import BROADCAST_JOB
from bot.features.operator.broadcasting import BroadcastDispatcher
from bot.features.reminders import REMINDER_JOB
from bot.illustrations.drawings import Drawings
from bot.scheduling import DeliveryPolicy, ReminderDispatcher
from bot.sending.limiter import LaneRateLimiter
from bot.sending.outbox import BULK_LANE, BulkLane
from bot.sending.pacing import ChatLimit
from bot.settings import Settings
from bot.storage.database import Database
from bot.update_order import ChatOrderedUpdateProcessor

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
# Seconds between two getUpdates when polling. Each poll costs the bot about as much as a reply,
# and a busy bot polling at once gets one or two updates a poll; a short pause lets a poll carry
# everything of that moment, for at most this much more wait before a reply.
POLL_INTERVAL = 0.05
STARTED = "database_opened"

# The order in which handlers are tried and commands are listed in the menu and in /help.
# The guide comes last: it answers whatever no other feature took.
FEATURES = (coaching, timer, reminders, progress, account, operator, language, guide)


def build_application(
    settings: Settings, *, clock: Clock | None = None, content: Content | None = None
) -> BotApp:
    """Builds the whole bot; nothing touches the network or the database until it starts."""
    content = content or load_content(settings.content_dir)
    database = Database(settings.database_url)
    clock = clock or SystemClock()
    lane = BulkLane(
        database,
        clock,
        instance=uuid.uuid4().hex[:12],
        ttl=timedelta(seconds=settings.bulk_lane_lease_seconds),
    )
    drawings = Drawings(content.poses, settings.drawings_dir) if settings.card_animations else None
    deps = Deps(
        settings=settings,
        database=database,
        content=content,
        clock=clock,
        bulk_lane=lane,
        drawings=drawings,
    )

    async def on_startup(application: BotApp) -> None:
        await database.migrate()
        application.bot_data[STARTED] = True  # from here on, a database error is not start-up's
        for step in features.startup:
            await step(application)
        log.info(
            "bot started: %d routines, languages %s",
            len(content.program.routines),
            sorted(content.locales),
        )

    async def on_shutdown(application: BotApp) -> None:
        for step in features.shutdown:
            await step(application)
        await lane.release()  # after the features freed their claims
        await database.dispose()

    application: BotApp = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_file_url)
        .context_types(ContextTypes(context=BotContext))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        # Replies go at once (only Telegram's per-chat limit applies); reminders and broadcasts
        # take the bulk lane, evenly paced, and a 429 there never holds a reply back.
        .rate_limiter(
            LaneRateLimiter(
                bulk_per_second=settings.bulk_messages_per_second,
                chat_limit=ChatLimit(settings.chat_messages_per_second, settings.chat_burst),
                bulk_retries=settings.flood_retries,
            )
        )
        .concurrent_updates(ChatOrderedUpdateProcessor(settings.concurrent_updates))
        # Enough connections for every update and every reminder in flight, and no more: httpx
        # scans its whole pool on each request, so an oversized pool costs throughput.
        .connection_pool_size(settings.concurrent_updates + DeliveryPolicy().concurrency + 8)
        .pool_timeout(10.0)
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    application.bot_data["deps"] = deps
    # The start-up and shutdown steps above read `features` when they run, after it is filled.
    features = Features(application, deps)
    for feature in FEATURES:
        feature.register(features)
    features.repeat(BULK_LANE, lane.heartbeat, lane.ttl.total_seconds() / 3)
    check_declarations()  # a misdeclared button type fails here, not at its first press
    application.bot_data["menu"] = tuple(features.menu)
    application.add_error_handler(ErrorHandler(deps))
    return application


def database_opened(application: BotApp) -> bool:
    """Whether start-up got past opening and migrating the database."""
    return bool(application.bot_data.get(STARTED))


def dispatcher_of(application: BotApp) -> ReminderDispatcher:
    """The reminder dispatcher of an application built by build_application."""
    dispatcher = application.bot_data["dispatcher"]
    assert isinstance(dispatcher, ReminderDispatcher)
    return dispatcher


def menu_of(application: BotApp) -> tuple[MenuCommand, ...]:
    """The commands the features registered, in menu order (operators' ones included)."""
    menu = application.bot_data["menu"]
    assert isinstance(menu, tuple)
    return menu


def broadcaster_of(application: BotApp) -> BroadcastDispatcher:
    """The broadcast dispatcher of an application built by build_application."""
    broadcaster = application.bot_data["broadcaster"]
    assert isinstance(broadcaster, BroadcastDispatcher)
    return broadcaster


__all__ = [
    "ALLOWED_UPDATES",
    "BROADCAST_JOB",
    "POLL_INTERVAL",
    "REMINDER_JOB",
    "BotApp",
    "BotContext",
    "broadcaster_of",
    "build_application",
    "database_opened",
    "deps_of",
    "dispatcher_of",
    "menu_of",
]
