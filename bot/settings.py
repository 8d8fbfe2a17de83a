"""Settings from the environment or a `.env` file (pydantic-settings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/gymnastics.sqlite3"
_DATABASE_URL_HINT = (
    "DATABASE_URL must look like sqlite+aiosqlite:///data/gymnastics.sqlite3 "
    "or postgresql+asyncpg://user:password@host:5432/name"
)
# Telegram's limits for bulk messages a second: free, and with paid broadcasts.
FREE_BULK_LIMIT = 30.0
PAID_BROADCAST_LIMIT = 1000.0
_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,64}$")


class DatabaseSettings(BaseSettings):
    """The part of the settings that migrations need: no token required."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        """Accepts the usual spellings and picks the async driver this bot uses."""
        if not value.strip():
            return DEFAULT_DATABASE_URL
        try:
            url = make_url(value.strip())
        except ArgumentError:
            raise ValueError(_DATABASE_URL_HINT) from None
        drivers = {
            "sqlite": "sqlite+aiosqlite",
            "sqlite+aiosqlite": "sqlite+aiosqlite",
            "postgres": "postgresql+asyncpg",
            "postgresql": "postgresql+asyncpg",
            "postgresql+asyncpg": "postgresql+asyncpg",
        }
        driver = drivers.get(url.drivername)
        if driver is None:
            raise ValueError(_DATABASE_URL_HINT)
        return url.set(drivername=driver).render_as_string(hide_password=False)


class ContentSettings(BaseSettings):
    """The content folder alone, as the bot would read it (CONTENT_DIR, also from .env): what
    `check-content` checks, with no token required."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    content_dir: Path = PROJECT_ROOT / "content"


class Settings(DatabaseSettings):
    """Everything the bot reads from its environment."""

    bot_token: SecretStr
    telegram_api_url: str = "https://api.telegram.org"
    content_dir: Path = PROJECT_ROOT / "content"
    # The drawn animation above each card (content/poses), and where the drawn files are kept
    # (made at first use, or at build time: python -m bot render-illustrations --cache DIR).
    card_animations: bool = True
    drawings_dir: Path = Path("data/drawings")
    log_level: str = "INFO"
    concurrent_updates: Annotated[int, Field(ge=1, le=256)] = 16
    # The bulk lane (reminders, broadcasts): Telegram allows about 30 messages a second in all,
    # so stay under, evenly spaced. The lane paces when a send starts; a busy moment of the bot
    # can delay a few and let them arrive closer together, so 25 leaves room for that jitter
    # (at 28 a strict one-second count saw 31 once in 5,000). MESSAGES_PER_SECOND: former name.
    bulk_messages_per_second: Annotated[
        float,
        Field(
            gt=0,
            le=PAID_BROADCAST_LIMIT,
            validation_alias=AliasChoices("bulk_messages_per_second", "messages_per_second"),
        ),
    ] = 25.0
    # Paid broadcasts (allow_paid_broadcast): up to 1000 bulk messages a second, each paid in
    # Telegram Stars by the bot's owner beyond the free 30 a second. Off unless asked for.
    paid_broadcast: bool = False
    # The interactive lane has no overall limit, only Telegram's one for a single chat: about a
    # message a second, with a short burst (a tap's edit and the next card go out together).
    # Telegram lets a little more through; the margin absorbs the jitter of the network.
    chat_messages_per_second: Annotated[float, Field(gt=0, le=1000)] = 1.0
    chat_burst: Annotated[int, Field(ge=1, le=1000)] = 2
    # How often a bulk send is retried after Telegram's "retry after N seconds" (429) before the
    # reminder or broadcast job takes over and tries again later.
    flood_retries: Annotated[int, Field(ge=0, le=10)] = 2
    # How often the reminder job looks for due reminders.
    reminder_poll_seconds: Annotated[float, Field(ge=1, le=600)] = 30.0
    # The bulk lane's lease: the holder renews it every third of this; when the holder dies,
    # another instance (or the restarted one) takes the lane this long after its last renewal.
    bulk_lane_lease_seconds: Annotated[float, Field(ge=3, le=600)] = 15.0
    # Webhook mode (instead of long polling) when WEBHOOK_URL is set: the public HTTPS address
    # Telegram posts updates to; its path is the path served.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: Annotated[int, Field(ge=0, le=65535)] = 8080
    # Telegram's updates are a few kilobytes; anything far larger is not from Telegram.
    webhook_max_body: Annotated[int, Field(ge=1024, le=10_000_000)] = 256 * 1024
    # Telegram sends an update's body at once; a client still sending after this is refused (408).
    webhook_read_timeout: Annotated[float, Field(gt=0, le=300)] = 10.0

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError("WEBHOOK_URL must be a URL such as https://bot.example.org/telegram")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 16 to 256 letters, digits, '_' or '-'")
        return value

    @model_validator(mode="after")
    def _bulk_within_the_free_limit(self) -> Settings:
        if self.bulk_messages_per_second > FREE_BULK_LIMIT and not self.paid_broadcast:
            raise ValueError(
                f"BULK_MESSAGES_PER_SECOND above {FREE_BULK_LIMIT:g} needs PAID_BROADCAST=true "
                "(Telegram answers faster bulk sending with 429s unless it is paid for)"
            )
        return self

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required with WEBHOOK_URL")
        return self

    @property
    def webhook_path(self) -> str:
        """The path the webhook server answers on (the path of WEBHOOK_URL)."""
        if not self.webhook_url:
            return "/"
        return urlsplit(self.webhook_url).path or "/"

    # Telegram ids of the operators who may use /stats and /broadcast: "1234, 5678".
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part for part in re.split(r"[\s,;]+", value.strip()) if part]
            if not all(part.isdigit() for part in parts):
                raise ValueError("ADMIN_IDS must be Telegram user ids separated by commas")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        # The message never repeats the value: it is a secret.
        if not _TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError(
                "BOT_TOKEN does not look like a Telegram bot token "
                "(digits, a colon, then 30+ letters, digits, '_' or '-'); get one from @BotFather"
            )
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(
                "TELEGRAM_API_URL must be an http(s) URL such as https://api.telegram.org"
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return value

    @property
    def bot_api_base_url(self) -> str:
        """PTB's `base_url`: the token is appended to it."""
        return f"{self.telegram_api_url}/bot"

    @property
    def bot_api_file_url(self) -> str:
        """PTB's `base_file_url`."""
        return f"{self.telegram_api_url}/file/bot"
