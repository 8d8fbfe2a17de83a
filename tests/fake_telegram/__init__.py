"""A fake Telegram Bot API server for end-to-end tests of the bot."""

from bot.content.telegram_html import HtmlParseError, ParsedText, parse_html

from .server import (
    BOT_ID,
    BOT_USERNAME,
    ApiCall,
    ApiError,
    BotMessage,
    FakeTelegramServer,
    FakeUser,
    SentFile,
    UploadedFile,
    supported_methods,
)

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "ApiCall",
    "ApiError",
    "BotMessage",
    "FakeTelegramServer",
    "FakeUser",
    "HtmlParseError",
    "ParsedText",
    "SentFile",
    "UploadedFile",
    "parse_html",
    "supported_methods",
]
