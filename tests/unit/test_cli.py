"""`python -m bot run`: a database error is one line at start-up and a traceback after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

import bot.app
import bot.logging_setup
from bot import cli

from ..harness import TEST_TOKEN


class _Stopping:
    """An application whose polling fails with a database error, before or after start-up
    opened the database."""

    def __init__(self, opened: bool) -> None:
        self.bot_data: dict[str, Any] = {bot.app.STARTED: True} if opened else {}

    def run_polling(self, **kwargs: Any) -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of a developer's
    monkeypatch.setenv("BOT_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    monkeypatch.delenv("WEBHOOK_URL", raising=False)
    monkeypatch.setattr(bot.logging_setup, "configure_logging", lambda *args: None)


@pytest.mark.usefixtures("environment")
def test_a_database_error_at_start_up_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bot.app, "build_application", lambda settings: _Stopping(opened=False))
    assert cli.run() == 1
    assert capsys.readouterr().err.startswith("Cannot open the database at sqlite+aiosqlite://")


@pytest.mark.usefixtures("environment")
def test_a_database_error_later_is_not_called_a_start_up_problem(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bot.app, "build_application", lambda settings: _Stopping(opened=True))
    with pytest.raises(OperationalError):
        cli.run()
    assert "Cannot open the database" not in capsys.readouterr().err
