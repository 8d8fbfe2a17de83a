"""The dependencies every handler needs, built once in the composition root."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.content.loader import Content
from bot.illustrations.drawings import Drawings
from bot.sending.outbox import BulkLane
from bot.services.account import AccountService
from bot.services.coaching import CoachingService
from bot.services.language import LanguageService
from bot.services.operator import OperatorService
from bot.services.progress import ProgressService
from bot.services.reminders import ReminderService
from bot.services.timers import TimerService
from bot.services.users import UserService
from bot.settings import Settings
from bot.storage.database import Database


@dataclass
class Deps:
    """Settings, database, content and clock, shared by all handlers."""

    settings: Settings
    database: Database
    content: Content
    clock: Clock
    # The deployment's one bulk sender (reminders, broadcasts): whichever instance holds it.
    bulk_lane: BulkLane
    # The drawn animations of the poses (None: CARD_ANIMATIONS is off).
    drawings: Drawings | None = None
    # Telegram's file ids of uploaded media by their key: the database's, read once per process.
    file_ids: dict[str, str] = field(default_factory=dict)

    def is_admin(self, user_id: int) -> bool:
        """Whether the user is one of the operators of ADMIN_IDS."""
        return user_id in self.settings.admin_ids

    @asynccontextmanager
    async def coaching(self) -> AsyncIterator[CoachingService]:
        """The coaching service inside one database transaction."""
        async with self.database.transaction() as session:
            yield CoachingService(session, self.content.program, self.clock)

    @asynccontextmanager
    async def account(self) -> AsyncIterator[AccountService]:
        """Export and deletion inside one database transaction."""
        async with self.database.transaction() as session:
            yield AccountService(session)

    @asynccontextmanager
    async def operator(self) -> AsyncIterator[OperatorService]:
        """Statistics and broadcasts inside one database transaction."""
        async with self.database.transaction() as session:
            yield OperatorService(session, self.clock)

    @asynccontextmanager
    async def language(self) -> AsyncIterator[LanguageService]:
        """The user's language inside one database transaction (to change it)."""
        async with self.database.transaction() as session:
            yield LanguageService(session, self.clock)

    @asynccontextmanager
    async def timers(self) -> AsyncIterator[TimerService]:
        """Hold timers inside one database transaction."""
        async with self.database.transaction() as session:
            yield TimerService(session)

    @asynccontextmanager
    async def progress(self) -> AsyncIterator[ProgressService]:
        """The progress service inside one database transaction."""
        async with self.database.transaction() as session:
            yield ProgressService(session, self.clock)

    @asynccontextmanager
    async def reminders(self) -> AsyncIterator[ReminderService]:
        """The reminder-settings service inside one database transaction."""
        async with self.database.transaction() as session:
            yield ReminderService(session, self.clock)

    @asynccontextmanager
    async def users(self) -> AsyncIterator[UserService]:
        """Meeting the update's user inside one database transaction."""
        async with self.database.transaction() as session:
            yield UserService(session, self.clock)

    @asynccontextmanager
    async def user_lookup(self) -> AsyncIterator[UserService]:
        """The update's user, read only: it never waits for another update's write."""
        async with self.database.reading() as session:
            yield UserService(session, self.clock)
