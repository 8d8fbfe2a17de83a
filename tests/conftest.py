"""Shared fixtures: a fake Bot API server, a fake clock, and the bot running against them."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .fake_telegram import FakeTelegramServer
from .harness import FakeClock, RunningBot, fresh_postgres_database, sqlite_url


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    """A fresh fake Telegram Bot API server on 127.0.0.1."""
    async with FakeTelegramServer() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    """Injected time."""
    return FakeClock()


POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
TESTS = Path(__file__).parent
PROCESS_MODULES = frozenset({"test_process.py"})  # the modules that start `python -m bot`


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every test by where it lives and what it runs on (markers in pyproject.toml).

    e2e: under tests/e2e; process: in a module that starts the bot as a subprocess; postgres:
    the PostgreSQL parameter of `database_url` (also when a fixture it uses depends on it).
    """
    for item in items:
        if TESTS / "e2e" in item.path.parents:
            item.add_marker(pytest.mark.e2e)
        if item.path.name in PROCESS_MODULES:
            item.add_marker(pytest.mark.process)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgresql":
            item.add_marker(pytest.mark.postgres)


def pytest_report_header() -> str:
    """Says which databases the suites run against."""
    if POSTGRES_URL:
        return "databases: SQLite and PostgreSQL (TEST_POSTGRES_URL)"
    return "databases: SQLite only (set TEST_POSTGRES_URL, or install PostgreSQL for scripts/test)"


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database per test: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "bot.sqlite3")
        return
    if POSTGRES_URL is None:
        pytest.fail("this test needs PostgreSQL: set TEST_POSTGRES_URL (scripts/test does)")
    async with fresh_postgres_database(POSTGRES_URL) as url:
        yield url


@pytest.fixture
async def bot(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The real bot, started against the fake server on a fresh database."""
    running = RunningBot(server, database_url, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
