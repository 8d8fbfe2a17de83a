"""Runs the real Application in-process against the fake Bot API server, with a fake clock."""

from __future__ import annotations

import functools
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import insert, make_url, text
from sqlalchemy.ext.asyncio import create_async_engine
from telegram.ext import Job

from bot.app import (
    ALLOWED_UPDATES,
    REMINDER_JOB,
    BotApp,
    build_application,
    deps_of,
    dispatcher_of,
)
from bot.content.loader import Content, load_content
from bot.deps import Deps
from bot.scheduling import DispatchReport, ReminderDispatcher
from bot.settings import PROJECT_ROOT, Settings
from bot.storage.database import Database
from bot.storage.models import Reminder, User
from bot.webhook import WebhookServer

from .fake_telegram import FakeTelegramServer

# Shaped like a real token so the settings accept it; it only ever reaches the fake server.
TEST_TOKEN = "123456:TEST-token-for-the-fake-bot-api-server-0001"
TEST_DRAWINGS = Path(tempfile.gettempdir()) / "gymnastics-test-drawings"


SHIPPED_CONTENT = PROJECT_ROOT / "content"


@functools.cache
def shipped_content() -> Content:
    """The repository's content, loaded once for every bot the tests start (loading and checking
    it takes most of a start); tests that change content use folders of their own."""
    return load_content(SHIPPED_CONTENT)


@dataclass
class FakeClock:
    """A clock that moves only when a test moves it."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 15, 0, tzinfo=UTC))

    def now(self) -> datetime:
        """The injected time."""
        return self.current

    def advance(self, **delta: float) -> None:
        """Moves time forward."""
        self.current += timedelta(**delta)


def make_settings(
    server: FakeTelegramServer | str, database_url: str, **overrides: Any
) -> Settings:
    """Settings for a test bot; `.env` files are ignored so a developer's own never leaks in."""
    values: dict[str, Any] = {
        "bot_token": SecretStr(TEST_TOKEN),
        "database_url": database_url,
        "telegram_api_url": server if isinstance(server, str) else server.url,
        "content_dir": PROJECT_ROOT / "content",
        # Drawn once for the whole run (and kept for the next: the names carry a digest).
        "drawings_dir": TEST_DRAWINGS,
        # Tests run the reminder job themselves, at injected times.
        "reminder_poll_seconds": 600,
        # The lease the tests' injected times were written for (its heartbeat runs in real time).
        "bulk_lane_lease_seconds": 60,
        # Test users tap far faster than people do; the per-chat pace has tests of its own.
        "chat_messages_per_second": 1000,
        "chat_burst": 1000,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class RunningBot:
    """Starts, stops and restarts one bot process-equivalent (an Application)."""

    def __init__(
        self, server: FakeTelegramServer | str, database_url: str, clock: FakeClock
    ) -> None:
        self.server = server
        self.database_url = database_url
        self.clock = clock
        self._app: BotApp | None = None
        self.overrides: dict[str, Any] = {}
        self.webhook: WebhookServer | None = None
        # False: an instance that takes no updates (Telegram lets only one process poll), for
        # tests of what instances share through the database: reminders, timers.
        self.receive_updates = True
        # Tests poll at once (a poll ends as soon as an update comes); benchmarks poll as the
        # bot does (bot.app.POLL_INTERVAL).
        self.poll_interval = 0.0

    @property
    def app(self) -> BotApp:
        """The running Application."""
        assert self._app is not None, "the bot is not running"
        return self._app

    @property
    def dispatcher(self) -> ReminderDispatcher:
        """The running bot's reminder dispatcher."""
        return dispatcher_of(self.app)

    async def run_reminders(self) -> DispatchReport:
        """One run of the reminder job, as its repeating tick would do it."""
        [job] = self.jobs(REMINDER_JOB)
        await job.run(self.app)
        return self.dispatcher.last_report

    @property
    def deps(self) -> Deps:
        """The running bot's dependencies (database, content, clock)."""
        return deps_of(self.app)

    async def start(self) -> None:
        """Builds and starts the bot as `python -m bot` would: polling, or webhook mode."""
        settings = make_settings(self.server, self.database_url, **self.overrides)
        content = shipped_content() if settings.content_dir == SHIPPED_CONTENT else None
        app = build_application(settings, clock=self.clock, content=content)
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        if settings.webhook_url:
            assert settings.webhook_secret is not None
            await app.bot.set_webhook(
                settings.webhook_url, secret_token=settings.webhook_secret.get_secret_value()
            )
            self.webhook = WebhookServer(app, settings)
            await self.webhook.start()
        elif self.receive_updates:
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=self.poll_interval, timeout=5, allowed_updates=ALLOWED_UPDATES
            )
        self._app = app

    async def stop(self) -> None:
        """Stops polling and shuts the bot down gracefully."""
        app, self._app = self._app, None
        if app is None:
            return
        if self.webhook is not None:
            await self.webhook.stop()
            self.webhook = None
        elif app.updater is not None and app.updater.running:
            await app.updater.stop()
        await app.stop()
        if app.post_shutdown:
            await app.post_shutdown(app)
        await app.shutdown()

    async def restart(self) -> None:
        """A new Application on the same database, as after a process restart."""
        await self.stop()
        await self.start()

    @asynccontextmanager
    async def sibling(self) -> AsyncIterator[RunningBot]:
        """Another instance on the same database that takes no updates (Telegram lets one
        process poll): what instances share through the database, reminders and timers."""
        other = RunningBot(self.server, self.database_url, self.clock)
        other.receive_updates = False
        await other.start()
        try:
            yield other
        finally:
            await other.stop()

    def jobs(self, prefix: str = "") -> list[Job[Any]]:
        """Scheduled JobQueue jobs whose name starts with `prefix`."""
        job_queue = self.app.job_queue
        assert job_queue is not None
        return [job for job in job_queue.jobs() if (job.name or "").startswith(prefix)]

    async def run_job(self, job: Job[Any]) -> None:
        """Runs a one-off job now (time is injected, never waited for) and unschedules it."""
        await job.run(self.app)
        job.schedule_removal()


def sqlite_url(path: Path) -> str:
    """An aiosqlite URL for a file."""
    return f"sqlite+aiosqlite:///{path}"


@asynccontextmanager
async def fresh_postgres_database(server_url: str) -> AsyncIterator[str]:
    """Creates an empty database on the test PostgreSQL server, and drops it afterwards."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


async def seed_due_reminders(
    database: Database, users: int, due: datetime, first_id: int = 1_000_000
) -> list[int]:
    """Users with an 18:30 Berlin workday reminder, all due at `due`, inserted in bulk."""
    ids = list(range(first_id, first_id + users))
    chunk = 5_000
    async with database.transaction() as session:
        for start in range(0, users, chunk):
            part = ids[start : start + chunk]
            await session.execute(
                insert(User),
                [
                    {
                        "id": user_id,
                        "first_name": f"User {user_id}",
                        "language_code": "en",
                        "created_at": due,
                        "last_seen_at": due,
                        "timezone": "Europe/Berlin",
                        "is_active": True,
                        "setup_offered": True,
                    }
                    for user_id in part
                ],
            )
            await session.execute(
                insert(Reminder),
                [
                    {
                        "user_id": user_id,
                        "enabled": True,
                        "local_time": "18:30",
                        "days": "weekdays",
                        "next_at": due,
                        "snoozed": False,
                        "attempts": 0,
                        "sent_count": 0,
                        "failed_count": 0,
                    }
                    for user_id in part
                ],
            )
    return ids
