"""A fake Telegram Bot API server for end-to-end tests of the bot.

``server`` holds the state and the test-side API, ``http_app`` serves it over HTTP, ``methods``
implements the Bot API methods, ``users`` is the people who use the bot, ``model`` the messages,
calls, files and errors. Telegram's HTML is parsed by the bot's own ``bot.content.telegram_html``.
"""

from bot.content.telegram_html import HtmlParseError, ParsedText, parse_html

from .methods import supported_methods
from .model import BOT_ID, BOT_USERNAME, ApiCall, ApiError, BotMessage, SentFile, UploadedFile
from .server import FakeTelegramServer
from .users import FakeUser

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
