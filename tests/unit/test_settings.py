"""Settings: the spellings people use are accepted, mistakes are named, secrets never shown."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import DEFAULT_DATABASE_URL, Settings

TOKEN = "123456:TEST-token-for-the-fake-bot-api-server-0001"


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, bot_token=TOKEN, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("", DEFAULT_DATABASE_URL),
        ("sqlite:///data/x.sqlite3", "sqlite+aiosqlite:///data/x.sqlite3"),
        ("postgres://bot:pw@db:5432/gym", "postgresql+asyncpg://bot:pw@db:5432/gym"),
        ("postgresql://bot:pw@db/gym", "postgresql+asyncpg://bot:pw@db/gym"),
        ("postgresql+asyncpg://bot@db/gym", "postgresql+asyncpg://bot@db/gym"),
    ],
)
def test_database_url_spellings(given: str, used: str) -> None:
    assert settings(database_url=given).database_url == used


@pytest.mark.parametrize("given", ["nonsense", "mysql://u:p@h/db", "postgresql+psycopg2://h/db"])
def test_unusable_database_urls_are_named(given: str) -> None:
    with pytest.raises(ValidationError, match="DATABASE_URL must look like"):
        settings(database_url=given)


def test_webhook_needs_a_secret_and_serves_the_path_of_its_url() -> None:
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET is required"):
        settings(webhook_url="https://bot.example.org/hook")
    hooked = settings(webhook_url="https://bot.example.org/tg/hook", webhook_secret="s" * 20)
    assert hooked.webhook_path == "/tg/hook"
    assert settings(webhook_url="").webhook_url is None


def test_a_short_webhook_secret_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        settings(webhook_url="https://bot.example.org/hook", webhook_secret="short!")
    assert "WEBHOOK_SECRET must be" in str(caught.value)


def test_admin_ids_from_a_comma_list() -> None:
    assert settings(admin_ids="1, 22;333").admin_ids == frozenset({1, 22, 333})
    assert settings(admin_ids="").admin_ids == frozenset()
    with pytest.raises(ValidationError, match="ADMIN_IDS"):
        settings(admin_ids="1, @ann")


def test_the_bulk_pace_stays_under_telegrams_free_limit_unless_paid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert settings().bulk_messages_per_second == 25.0
    assert not settings().paid_broadcast
    with pytest.raises(ValidationError, match="needs PAID_BROADCAST=true"):
        settings(bulk_messages_per_second=100)
    assert (
        settings(bulk_messages_per_second=500, paid_broadcast=True).bulk_messages_per_second == 500
    )
    with pytest.raises(ValidationError):
        settings(bulk_messages_per_second=5000, paid_broadcast=True)  # Telegram's ceiling: 1000
    # The former name of the setting still works.
    monkeypatch.setenv("MESSAGES_PER_SECOND", "12.5")
    assert settings().bulk_messages_per_second == 12.5
