"""A fake Telegram Bot API server for end-to-end tests.

The bot under test talks to it over HTTP exactly as it would talk to api.telegram.org
(``base_url=f"{server.url}/bot"``); the test drives users through :class:`FakeUser` and
inspects what the bot sent. Answers mirror the real Bot API, including its error wording.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import mimetypes
import re
import struct
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, Final, TypeVar

from aiohttp import web

from bot.content.telegram_html import HtmlParseError, parse_html, utf16_len

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "ApiCall",
    "ApiError",
    "BotMessage",
    "FakeTelegramServer",
    "FakeUser",
    "SentFile",
    "UploadedFile",
    "supported_methods",
]

BOT_ID: Final = 7000001
BOT_FIRST_NAME: Final = "Joint Coach"
BOT_USERNAME: Final = "joint_coach_bot"

MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_ANSWER_LENGTH: Final = 200

CHAT_NOT_FOUND: Final = "Bad Request: chat not found"
CHAT_ID_EMPTY: Final = "Bad Request: chat_id is empty"
TEXT_EMPTY: Final = "Bad Request: message text is empty"
TEXT_TOO_LONG: Final = "Bad Request: message is too long"
CAPTION_TOO_LONG: Final = "Bad Request: message caption is too long"
BUTTON_DATA_INVALID: Final = "Bad Request: BUTTON_DATA_INVALID"
MESSAGE_TO_EDIT_NOT_FOUND: Final = "Bad Request: message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND: Final = "Bad Request: message to delete not found"
NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
BLOCKED: Final = "Forbidden: bot was blocked by the user"
CONFLICT_OTHER_POLL: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

_TOKEN_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND_RE: Final = re.compile(
    r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])"
)
_BOT_COMMAND_NAME_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_JSON_PARAMS: Final = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "media",
    }
)
_INT_PARAMS: Final = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "reply_to_message_id",
        "message_thread_id",
        "max_connections",
    }
)
_BOOL_PARAMS: Final = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
_BUTTON_ACTIONS: Final = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_SCOPES: Final = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_DEFAULT_DESCRIPTIONS: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

T = TypeVar("T")


def _bot_user(*, full: bool = False) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
    }
    if full:
        user |= {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
    return user


class ApiError(Exception):
    """An error answer of the Bot API (``ok: false``)."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram would answer with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _too_many(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request, as it appears in :attr:`ApiCall.params`."""

    filename: str | None
    content: bytes
    content_type: str | None = None


@dataclass(frozen=True)
class SentFile:
    """A photo or document the bot sent (uploaded, by file_id or by URL)."""

    kind: str
    file_id: str
    file_unique_id: str
    filename: str | None = None
    content: bytes | None = None
    mime_type: str | None = None
    url: str | None = None
    width: int | None = None
    height: int | None = None
    sizes: tuple[tuple[str, int, int], ...] = ()

    @property
    def size(self) -> int | None:
        """Size in bytes, when the content is known."""
        return None if self.content is None else len(self.content)


@dataclass(frozen=True)
class ApiCall:
    """One HTTP request of the bot; listed in the order the answers were given."""

    method: str
    params: dict[str, Any]
    chat_id: int | None
    at: float
    response: dict[str, Any]
    token: str = ""
    status: int = 200

    @property
    def ok(self) -> bool:
        """Whether the request succeeded."""
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The ``result`` of a successful answer."""
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        """The error description of a failed answer."""
        description = self.response.get("description")
        return description if isinstance(description, str) else None


@dataclass(frozen=True)
class BotMessage:
    """A snapshot of a message the bot sent; ``text``/``caption`` are what the user sees.

    ``raw`` keeps the text or caption exactly as sent (with HTML markup).
    """

    message_id: int
    chat_id: int
    text: str | None = None
    caption: str | None = None
    reply_markup: dict[str, Any] | None = None
    photo: SentFile | None = None
    document: SentFile | None = None
    parse_mode: str | None = None
    edited: int = 0
    deleted: bool = False
    entities: tuple[dict[str, Any], ...] = ()
    raw: str | None = None
    date: int = 0
    edit_date: int | None = None
    method: str = "sendMessage"
    params: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def content(self) -> str:
        """The text, else the caption, else ``""``."""
        if self.text is not None:
            return self.text
        return self.caption or ""

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        """Rows of inline button dicts (empty without an inline keyboard)."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard")
        return rows if isinstance(rows, list) else []

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Rows of ``(text, callback_data)``; reply-keyboard buttons have ``None`` data."""
        if self.reply_markup and isinstance(self.reply_markup.get("keyboard"), list):
            return [
                [(b if isinstance(b, str) else str(b.get("text", "")), None) for b in row]
                for row in self.reply_markup["keyboard"]
            ]
        return [
            [(str(b.get("text", "")), b.get("callback_data")) for b in row]
            for row in self.inline_keyboard
        ]

    @property
    def button_texts(self) -> list[str]:
        """All button texts, row by row."""
        return [text for row in self.buttons for text, _ in row]

    def short(self) -> str:
        """One line for failure reports."""
        state = " (deleted)" if self.deleted else ""
        edited = f" edited×{self.edited}" if self.edited else ""
        media = " [photo]" if self.photo else " [document]" if self.document else ""
        content = self.content.replace("\n", "⏎")
        if len(content) > 80:
            content = content[:77] + "..."
        keys = f" buttons={self.button_texts}" if self.button_texts else ""
        return f"#{self.message_id}{media}{edited}{state} {content!r}{keys}"


@dataclass
class _Update:
    update_id: int
    kind: str
    payload: dict[str, Any]
    fetched: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


@dataclass
class _Query:
    query_id: str
    user_id: int
    message_id: int
    data: str
    answered: bool = False
    text: str | None = None
    show_alert: bool = False


@dataclass(frozen=True)
class _Toast:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class _Failure:
    method: str
    chat_id: int | None
    error: ApiError
    remaining: int


@dataclass
class _Request:
    method: str
    params: dict[str, Any]
    token: str
    chat_id: int | None = None
    user: FakeUser | None = None

    def str_(self, key: str) -> str | None:
        value = self.params.get(key)
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def int_(self, key: str) -> int | None:
        value = self.params.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def bool_(self, key: str) -> bool:
        return self.params.get(key) is True

    @property
    def chat_user(self) -> FakeUser:
        assert self.user is not None, "method is not chat scoped"
        return self.user


_Handler = Callable[["FakeTelegramServer", _Request], Awaitable[Any]]
_H = TypeVar("_H", bound=_Handler)


@dataclass(frozen=True)
class _MethodSpec:
    name: str
    handler: _Handler
    chat: bool
    sends: bool
    rate_limited: bool


_METHODS: dict[str, _MethodSpec] = {}


def _api(
    name: str, *, chat: bool = False, sends: bool = False, rate_limited: bool = False
) -> Callable[[_H], _H]:
    """Register a Bot API method.

    ``chat``: needs an existing chat (``chat not found`` otherwise); ``sends``: a blocked
    user answers 403; ``rate_limited``: counts towards the optional flood limits.
    """

    def register(handler: _H) -> _H:
        _METHODS[name.lower()] = _MethodSpec(name, handler, chat, sends, rate_limited)
        return handler

    return register


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image, or ``None``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        pos = 2
        while pos + 9 < len(data):
            if data[pos] != 0xFF:
                pos += 1
                continue
            marker = data[pos + 1]
            if marker == 0xFF:
                pos += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                pos += 2
                continue
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return int(width), int(height)
            pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return None


async def _wait_event(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)


def _inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup is not None and "inline_keyboard" in markup else None


class FakeUser:
    """A Telegram user in a private chat with the bot (chat id == user id)."""

    def __init__(
        self,
        server: FakeTelegramServer,
        user_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self.server = server
        self.user_id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.chat_actions: list[str] = []
        self._order: list[int] = []
        self._unread: deque[int] = deque()
        self._own_message_ids: set[int] = set()
        self._next_message_id = 1
        self._toasts: list[_Toast] = []
        self._last_query_id: str | None = None

    def __repr__(self) -> str:
        return f"FakeUser({self.user_id}, {self.first_name!r})"

    @property
    def chat_id(self) -> int:
        """The private chat's id (equal to the user id)."""
        return self.user_id

    def as_user(self) -> dict[str, Any]:
        """The Bot API ``User`` object."""
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def as_chat(self) -> dict[str, Any]:
        """The Bot API ``Chat`` object of the private chat."""
        chat: dict[str, Any] = {"id": self.user_id, "type": "private"}
        chat["first_name"] = self.first_name
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    @property
    def blocked(self) -> bool:
        """Whether this user has blocked the bot."""
        return self.user_id in self.server.blocked_users

    @property
    def messages(self) -> list[BotMessage]:
        """The bot's messages in this chat, current state, deleted ones left out."""
        current = (self.server.message(self.user_id, mid) for mid in self._order)
        return [m for m in current if not m.deleted]

    @property
    def all_messages(self) -> list[BotMessage]:
        """The bot's messages in this chat including deleted ones."""
        return [self.server.message(self.user_id, mid) for mid in self._order]

    @property
    def last_message(self) -> BotMessage:
        """The newest (not deleted) bot message; AssertionError if there is none."""
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has sent no message to {self!r}\n{self._report()}")
        return messages[-1]

    @property
    def unread(self) -> list[BotMessage]:
        """Messages not yet consumed by :meth:`wait_for_message`."""
        return [self.server.message(self.user_id, mid) for mid in self._unread]

    def mark_all_read(self) -> None:
        """Move the :meth:`wait_for_message` cursor past every message sent so far."""
        self._unread.clear()

    @property
    def toasts(self) -> list[str | None]:
        """Texts of the bot's answers to this user's button presses, in order."""
        return [toast.text for toast in self._toasts]

    @property
    def alerts(self) -> list[str | None]:
        """Toast texts answered with ``show_alert=True``."""
        return [toast.text for toast in self._toasts if toast.show_alert]

    def _take_message_id(self) -> int:
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    async def send(self, text: str) -> dict[str, Any]:
        """Type ``text``; queues a Message update and returns the message object."""
        if not text.strip():
            raise ValueError("a Telegram user cannot send an empty message")
        payload: dict[str, Any] = {"text": text}
        entities = [
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
            for match in _COMMAND_RE.finditer(text)
        ]
        if entities:
            payload["entities"] = entities
        return self._send_message(payload)

    async def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        """Share a location; queues a Message update and returns the message object."""
        return self._send_message({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_message_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Queue a Message update with arbitrary extra fields (contact, photo, ...)."""
        return self._send_message(dict(fields))

    def _send_message(self, fields: dict[str, Any]) -> dict[str, Any]:
        message_id = self._take_message_id()
        self._own_message_ids.add(message_id)
        message = {
            "message_id": message_id,
            "from": self.as_user(),
            "chat": self.as_chat(),
            "date": int(time.time()),
            **fields,
        }
        self.server.push_update("message", message)
        return message

    async def press(self, message: BotMessage, label: str) -> str:
        """Press the inline button labelled ``label``; returns the callback query id.

        Exact text match wins; otherwise a single button containing ``label`` is used.
        """
        current = self._current(message)
        buttons = [b for row in current.inline_keyboard for b in row]
        matches = [b for b in buttons if b.get("text") == label]
        if not matches:
            matches = [b for b in buttons if label in str(b.get("text", ""))]
        if len(matches) != 1:
            problem = "no button" if not matches else f"{len(matches)} buttons"
            raise AssertionError(
                f"{problem} labelled {label!r} on message {current.short()}; "
                f"buttons: {current.button_texts}"
            )
        data = matches[0].get("callback_data")
        if not isinstance(data, str):
            raise AssertionError(f"button {label!r} has no callback_data: {matches[0]}")
        return self._press(current, data)

    async def press_data(self, message: BotMessage, data: str) -> str:
        """Send a callback query with arbitrary (possibly forged) ``data``."""
        return self._press(self._current(message), data)

    def _current(self, message: BotMessage) -> BotMessage:
        if message.chat_id != self.user_id:
            raise AssertionError(f"message {message.short()} is not in the chat of {self!r}")
        current = self.server.message(self.user_id, message.message_id)
        if current.deleted:
            raise AssertionError(f"message {current.short()} was deleted; it has no buttons")
        return current

    def _press(self, message: BotMessage, data: str) -> str:
        query = self.server._new_query(self.user_id, message.message_id, data)
        self._last_query_id = query.query_id
        self.server.push_update(
            "callback_query",
            {
                "id": query.query_id,
                "from": self.as_user(),
                "message": self.server.message_json(message),
                "chat_instance": str(self.user_id * 7919 % 10**18 + 10**17),
                "data": data,
            },
        )
        return query.query_id

    async def wait_for_message(
        self,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """Return the oldest unconsumed bot message matching ``predicate``, waiting for it.

        Messages are consumed in order; non-matching ones are skipped for good. The
        predicate sees the current state and, failing that, the message as first sent.
        """
        skipped: list[BotMessage] = []

        def check() -> tuple[BotMessage] | None:
            while self._unread:
                message_id = self._unread.popleft()
                current = self.server.message(self.user_id, message_id)
                if predicate is None:
                    return (current,)
                for candidate in (current, self.server._original(self.user_id, message_id)):
                    if predicate(candidate):
                        return (candidate,)
                skipped.append(current)
            return None

        what = "a new bot message" + (" matching the predicate" if predicate else "")

        def describe() -> str:
            lines = [f"Timed out after {timeout}s waiting for {what} in chat {self.user_id}."]
            if skipped:
                lines.append("Skipped (not matching): " + "; ".join(m.short() for m in skipped))
            return "\n".join([*lines, self._report()])

        return await self.server._wait(check, timeout, describe)

    async def wait_for_edit(self, message: BotMessage, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Wait until ``message`` is edited again (relative to the snapshot given)."""

        def check() -> tuple[BotMessage] | None:
            current = self.server.message(self.user_id, message.message_id)
            if current.edited > message.edited:
                return (current,)
            if current.deleted:
                raise AssertionError(
                    f"message {current.short()} was deleted instead of edited\n{self._report()}"
                )
            return None

        def describe() -> str:
            return (
                f"Timed out after {timeout}s waiting for an edit of message "
                f"{message.short()}\n{self._report()}"
            )

        return await self.server._wait(check, timeout, describe)

    async def wait_for_toast(self, timeout: float = 5.0, query_id: str | None = None) -> str | None:  # noqa: ASYNC109
        """Wait until the bot answers the callback query (default: the last press)."""
        query_id = query_id or self._last_query_id
        if query_id is None:
            raise AssertionError(f"{self!r} has not pressed any button")
        query = self.server._queries[query_id]

        def check() -> tuple[str | None] | None:
            return (query.text,) if query.answered else None

        def describe() -> str:
            return (
                f"Timed out after {timeout}s waiting for answerCallbackQuery of query "
                f"{query_id} (data={query.data!r})\n{self._report()}"
            )

        return await self.server._wait(check, timeout, describe)

    def _report(self, last: int = 10) -> str:
        return self.server.report(self.user_id, last=last)


class FakeTelegramServer:
    """An aiohttp server speaking the Telegram Bot API on 127.0.0.1 (free port)."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.tokens_seen: set[str] = set()
        self.valid_tokens: set[str] | None = None
        self.enforce_rate_limits = False
        self.too_many_requests = 0
        self.strict_html = True
        self.check_images = True
        self.blocked_users: set[int] = set()
        self.webhook_url = ""
        self.allowed_updates: list[str] | None = None
        self._users: dict[int, FakeUser] = {}
        self._messages: dict[tuple[int, int], BotMessage] = {}
        self._originals: dict[tuple[int, int], BotMessage] = {}
        self._updates: list[_Update] = []
        self._update_ids = itertools.count(100_000_001)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._file_numbers = itertools.count(1)
        self._queries: dict[str, _Query] = {}
        self._files: dict[str, SentFile] = {}
        self._file_paths: dict[str, SentFile] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._failures: list[_Failure] = []
        self._chat_sends: dict[int, deque[float]] = {}
        self._all_sends: deque[float] = deque()
        self._changed = asyncio.Event()
        self._inflight = 0
        self._last_activity = -math.inf
        self._poll_generation = 0
        self._pollers = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        if self._runner is not None:
            raise RuntimeError("FakeTelegramServer already started")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        address = runner.addresses[0]
        self._port = int(address[1])
        self._closing = False

    async def stop(self) -> None:
        """Release long polls and shut the server down."""
        if self._runner is None:
            return
        self._closing = True
        self._notify()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeTelegramServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (only after :meth:`start`)."""
        if self._port is None:
            raise RuntimeError("FakeTelegramServer is not started")
        return f"http://127.0.0.1:{self._port}"

    # ----------------------------------------------------------------- test-side API

    def user(
        self,
        user_id: int = 111,
        first_name: str = "Ann",
        language_code: str | None = "en",
        username: str | None = None,
        last_name: str | None = None,
    ) -> FakeUser:
        """The user with ``user_id``, created (with a private chat) on first use."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        created = FakeUser(self, user_id, first_name, last_name, username, language_code)
        self._users[user_id] = created
        return created

    @property
    def users(self) -> list[FakeUser]:
        """All users created so far."""
        return list(self._users.values())

    def message(self, chat_id: int, message_id: int) -> BotMessage:
        """Current state of a bot message (KeyError if the bot never sent it)."""
        return self._messages[(chat_id, message_id)]

    def _original(self, chat_id: int, message_id: int) -> BotMessage:
        return self._originals[(chat_id, message_id)]

    @property
    def sent_messages(self) -> list[BotMessage]:
        """Every bot message in every chat (current state, deleted included), in send order."""
        return list(self._messages.values())

    def calls_to(self, method: str) -> list[ApiCall]:
        """Calls of one method (case-insensitive)."""
        wanted = method.lower()
        return [call for call in self.calls if call.method.lower() == wanted]

    @property
    def failed_calls(self) -> list[ApiCall]:
        """Calls that were answered with ``ok: false``."""
        return [call for call in self.calls if not call.ok]

    def commands(
        self, scope: str | dict[str, Any] | None = None, language_code: str | None = None
    ) -> list[dict[str, str]]:
        """What setMyCommands stored for a scope (``"default"``, a type or a dict)."""
        if isinstance(scope, str):
            scope = {"type": scope}
        key = (self._scope_key(scope), language_code or "")
        return [dict(c) for c in self._commands.get(key, [])]

    def fail_next(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        error_code: int | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally to one chat) fail.

        Defaults to 403 ``Forbidden: bot was blocked by the user``; with ``retry_after``
        (or ``error_code=429``) a flood-control answer with ``parameters.retry_after``.
        """
        if method.lower() not in _METHODS:
            raise ValueError(f"unknown Bot API method {method!r}")
        if error_code is None:
            error_code = 429 if retry_after is not None else 403
        parameters: dict[str, Any] | None = None
        if error_code == 429:
            retry_after = 1 if retry_after is None else retry_after
            parameters = {"retry_after": retry_after}
            description = description or f"Too Many Requests: retry after {retry_after}"
        elif retry_after is not None:
            parameters = {"retry_after": retry_after}
        if description is None:
            description = _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
        error = ApiError(error_code, description, parameters)
        self._failures.append(_Failure(method.lower(), chat_id, error, times))

    def block(self, user_id: int, *, notify: bool = False) -> None:
        """The user blocks the bot: sends to the chat answer 403 until :meth:`unblock`."""
        self.blocked_users.add(user_id)
        if notify:
            self._push_member_update(user_id, "member", "kicked")

    def unblock(self, user_id: int, *, notify: bool = False) -> None:
        """The user unblocks the bot."""
        self.blocked_users.discard(user_id)
        if notify:
            self._push_member_update(user_id, "kicked", "member")

    def _push_member_update(self, user_id: int, old: str, new: str) -> None:
        user = self.user(user_id)

        def member(status: str) -> dict[str, Any]:
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"user": _bot_user(), "status": status, **extra}

        self.push_update(
            "my_chat_member",
            {
                "chat": user.as_chat(),
                "from": user.as_user(),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of type ``kind`` (e.g. ``"message"``); returns its update_id."""
        update = _Update(next(self._update_ids), kind, payload)
        self._updates.append(update)
        self._notify()
        return update.update_id

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        return [u.as_json() for u in self._updates]

    def take_updates(self) -> list[dict[str, Any]]:
        """Removes and returns the queued updates: what Telegram would POST to a webhook."""
        taken, self._updates = self._updates, []
        return [u.as_json() for u in taken]

    async def wait_for(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        what: str = "condition",
    ) -> None:
        """Wait (event driven) until ``condition()`` holds after some server activity."""

        def check() -> tuple[None] | None:
            return (None,) if condition() else None

        await self._wait(check, timeout, lambda: f"Timed out after {timeout}s waiting for {what}")

    async def wait_for_poll(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until a getUpdates long poll is waiting on the server."""
        await self.wait_for(lambda: self._pollers > 0, timeout, "a waiting getUpdates")

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.05) -> None:  # noqa: ASYNC109
        """Wait until all updates were fetched and no request came for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._changed
            now = loop.time()
            busy = self._inflight > 0 or any(not u.fetched for u in self._updates)
            wait = deadline - now
            if not busy:
                idle = now - self._last_activity
                if idle >= quiet:
                    return
                wait = min(wait, quiet - idle)
            if now >= deadline:
                unfetched = [u.as_json() for u in self._updates if not u.fetched]
                raise AssertionError(
                    f"server not idle after {timeout}s: {self._inflight} request(s) in flight, "
                    f"unfetched updates (is the bot polling?): {unfetched}\n{self.report()}"
                )
            await _wait_event(event, wait)

    def report(self, chat_id: int | None = None, last: int = 10) -> str:
        """The last calls (optionally of one chat) and the chat's messages, for failures."""
        calls = [c for c in self.calls if chat_id is None or c.chat_id == chat_id]
        calls = [c for c in calls if c.method != "getUpdates" or c.result]
        lines = [f"Last {min(last, len(calls))} of {len(calls)} call(s):"]
        for call in calls[-last:]:
            shown = {
                k: (v if not isinstance(v, str) or len(v) < 100 else v[:97] + "...")
                for k, v in call.params.items()
                if not isinstance(v, UploadedFile)
            }
            outcome = "ok" if call.ok else f"{call.status} {call.description}"
            lines.append(f"  {call.method} {shown} -> {outcome}")
        if chat_id is not None and chat_id in self._users:
            user = self._users[chat_id]
            lines.append("Messages in chat: " + ("; ".join(m.short() for m in user.all_messages)))
            if user._unread:
                lines.append("Unread: " + "; ".join(m.short() for m in user.unread))
        return "\n".join(lines)

    # ----------------------------------------------------------------- internals

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait(
        self, check: Callable[[], tuple[T] | None], seconds: float, describe: Callable[[], str]
    ) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            event = self._changed
            found = check()
            if found is not None:
                return found[0]
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(describe())
            await _wait_event(event, remaining)

    def _new_query(self, user_id: int, message_id: int, data: str) -> _Query:
        query = _Query(str(next(self._query_ids)), user_id, message_id, data)
        self._queries[query.query_id] = query
        return query

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if not scope:
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True)

    # ----------------------------------------------------------------- HTTP side

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle_file(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        sent = self._file_paths.get(request.match_info["path"])
        if not _TOKEN_RE.fullmatch(token) or sent is None or sent.content is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        self.tokens_seen.add(token)
        return web.Response(
            body=sent.content, content_type=sent.mime_type or "application/octet-stream"
        )

    async def _handle_api(self, request: web.Request) -> web.Response:
        loop = asyncio.get_running_loop()
        arrived = time.monotonic()
        token = request.match_info["token"]
        raw_method = request.match_info["method"]
        if not _TOKEN_RE.fullmatch(token):
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        self.tokens_seen.add(token)
        spec = _METHODS.get(raw_method.lower())
        polling = spec is not None and spec.name == "getUpdates"
        if not polling:
            self._inflight += 1
        req = _Request(spec.name if spec else raw_method, {}, token)
        try:
            try:
                req.params = await self._read_params(request)
                result = await self._dispatch(spec, req)
                body: dict[str, Any] = {"ok": True, "result": result}
                status = 200
            except ApiError as error:
                body, status = error.body(), error.code
            self.calls.append(
                ApiCall(req.method, req.params, req.chat_id, arrived, body, token, status)
            )
            return web.json_response(body, status=status)
        finally:
            if not polling:
                self._inflight -= 1
                self._last_activity = loop.time()
            self._notify()

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise _bad("can't parse JSON object")
                params.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        params[key] = UploadedFile(
                            value.filename, value.file.read(), value.content_type
                        )
                    elif isinstance(value, bytes):
                        params[key] = UploadedFile(None, value)
                    else:
                        params[key] = value
        return self._normalize(params)

    @staticmethod
    def _normalize(params: dict[str, Any]) -> dict[str, Any]:
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = params.pop(value.removeprefix("attach://"), None)
                if isinstance(attached, UploadedFile):
                    params[key] = attached
        for key in _JSON_PARAMS & params.keys():
            value = params[key]
            if isinstance(value, str):
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    if key == "reply_markup":
                        raise _bad("can't parse reply keyboard markup JSON object") from None
                    raise _bad(f"can't parse {key} JSON object") from None
        for key in _INT_PARAMS & params.keys():
            value = params[key]
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    params[key] = int(value)
        for key in _BOOL_PARAMS & params.keys():
            value = params[key]
            if isinstance(value, str):
                params[key] = value.lower() in ("true", "1")
        return params

    async def _dispatch(self, spec: _MethodSpec | None, req: _Request) -> Any:
        chat_id = req.params.get("chat_id")
        if isinstance(chat_id, int) and not isinstance(chat_id, bool):
            req.chat_id = chat_id
        if spec is None:
            raise ApiError(404, "Not Found")
        if spec.name == "answerCallbackQuery":
            query = self._queries.get(req.str_("callback_query_id") or "")
            req.chat_id = query.user_id if query else None
        self._check_injected_failure(spec.name, req.chat_id)
        if spec.chat:
            req.user = self._chat_user(req)
            if spec.sends and req.user.user_id in self.blocked_users:
                raise ApiError(403, BLOCKED)
            if spec.rate_limited:
                self._check_rate(req.user.user_id)
        result = await spec.handler(self, req)
        if spec.rate_limited and req.user is not None:
            now = time.monotonic()
            self._chat_sends.setdefault(req.user.user_id, deque()).append(now)
            self._all_sends.append(now)
        return result

    def _check_injected_failure(self, method: str, chat_id: int | None) -> None:
        for failure in self._failures:
            if failure.method == method.lower() and failure.chat_id in (None, chat_id):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                raise failure.error

    def _chat_user(self, req: _Request) -> FakeUser:
        if "chat_id" not in req.params or req.params["chat_id"] in ("", None):
            if "inline_message_id" in req.params:
                raise _bad("MESSAGE_ID_INVALID")
            raise ApiError(400, CHAT_ID_EMPTY)
        chat_id = req.params["chat_id"]
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for user in self._users.values():
                if user.username and f"@{user.username}".lower() == chat_id.lower():
                    req.chat_id = user.user_id
                    return user
        user_or_none = self._users.get(chat_id) if isinstance(chat_id, int) else None
        if user_or_none is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        return user_or_none

    def _check_rate(self, chat_id: int) -> None:
        now = time.monotonic()
        chat_window = self._chat_sends.setdefault(chat_id, deque())
        for window in (chat_window, self._all_sends):
            while window and window[0] <= now - 1.0:
                window.popleft()
        if not self.enforce_rate_limits:
            return
        if chat_window:
            wait = chat_window[0] + 1.0 - now
        elif len(self._all_sends) >= 30:
            wait = self._all_sends[0] + 1.0 - now
        else:
            return
        self.too_many_requests += 1
        raise _too_many(max(1, math.ceil(wait)))

    # ----------------------------------------------------------------- message helpers

    def message_json(self, message: BotMessage) -> dict[str, Any]:
        """The Bot API ``Message`` object for a bot message."""
        user = self._users[message.chat_id]
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "from": _bot_user(),
            "chat": user.as_chat(),
            "date": message.date,
        }
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        if message.text is not None:
            result["text"] = message.text
            if message.entities:
                result["entities"] = list(message.entities)
        if message.photo is not None:
            result["photo"] = self._photo_sizes(message.photo)
        if message.document is not None:
            result["document"] = self._document_json(message.document)
        if message.caption:
            result["caption"] = message.caption
            if message.entities:
                result["caption_entities"] = list(message.entities)
        inline = _inline(message.reply_markup)
        if inline is not None:
            result["reply_markup"] = inline
        return result

    @staticmethod
    def _photo_sizes(photo: SentFile) -> list[dict[str, Any]]:
        total = photo.size
        largest = max(((w * h) for _, w, h in photo.sizes), default=1) or 1
        sizes = []
        for file_id, width, height in photo.sizes:
            size: dict[str, Any] = {
                "file_id": file_id,
                "file_unique_id": f"{photo.file_unique_id}-{width}x{height}",
                "width": width,
                "height": height,
            }
            if total is not None:
                size["file_size"] = max(1, total * width * height // largest)
            sizes.append(size)
        if sizes:
            sizes[-1]["file_unique_id"] = photo.file_unique_id
        return sizes

    @staticmethod
    def _document_json(document: SentFile) -> dict[str, Any]:
        result: dict[str, Any] = {
            "file_id": document.file_id,
            "file_unique_id": document.file_unique_id,
        }
        if document.filename:
            result["file_name"] = document.filename
        if document.mime_type:
            result["mime_type"] = document.mime_type
        if document.size is not None:
            result["file_size"] = document.size
        return result

    def _format(
        self, raw: str | None, parse_mode: str | None, entities: Any
    ) -> tuple[str, list[dict[str, Any]]]:
        raw = raw or ""
        mode = (parse_mode or "").lower()
        if mode == "html":
            try:
                parsed = parse_html(raw, strict_ampersand=self.strict_html)
            except HtmlParseError as error:
                raise _bad(f"can't parse entities: {error}") from None
            return parsed.text, parsed.entities
        if mode in ("", "markdown", "markdownv2"):
            given = entities if mode == "" and isinstance(entities, list) else []
            return raw, [e for e in given if isinstance(e, dict)]
        raise _bad(f"unsupported parse_mode {parse_mode}")

    def _text(self, req: _Request, key: str = "text") -> tuple[str, list[dict[str, Any]]]:
        text, entities = self._format(
            req.str_(key), req.str_("parse_mode"), req.params.get("entities")
        )
        if not text.strip():
            raise ApiError(400, TEXT_EMPTY)
        if len(text) > MAX_TEXT_LENGTH:
            raise ApiError(400, TEXT_TOO_LONG)
        return text, entities

    def _caption(self, req: _Request) -> tuple[str | None, list[dict[str, Any]]]:
        if req.str_("caption") is None:
            return None, []
        caption, entities = self._format(
            req.str_("caption"), req.str_("parse_mode"), req.params.get("caption_entities")
        )
        if len(caption) > MAX_CAPTION_LENGTH:
            raise ApiError(400, CAPTION_TOO_LONG)
        return caption, entities

    @staticmethod
    def _markup(req: _Request) -> dict[str, Any] | None:
        markup = req.params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
                return markup
            raise _bad("can't parse reply keyboard markup JSON object")
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
        for button in itertools.chain.from_iterable(rows):
            if not isinstance(button, dict):
                raise _bad(
                    "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
                )
            if not isinstance(button.get("text"), str):
                raise _bad(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, BUTTON_DATA_INVALID)
            elif not _BUTTON_ACTIONS & button.keys():
                raise _bad(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            url = button.get("url")
            if url is not None and (not isinstance(url, str) or not url.strip()):
                raise _bad("BUTTON_URL_INVALID")
        if not any(rows):
            return None
        return markup

    def _store(self, message: BotMessage) -> BotMessage:
        self._messages[(message.chat_id, message.message_id)] = message
        self._notify()
        return message

    def _new_message(self, req: _Request, **fields: Any) -> dict[str, Any]:
        user = req.chat_user
        message = BotMessage(
            message_id=user._take_message_id(),
            chat_id=user.user_id,
            parse_mode=req.str_("parse_mode"),
            date=int(time.time()),
            method=req.method,
            params={k: v for k, v in req.params.items() if not isinstance(v, UploadedFile)},
            reply_markup=self._markup(req),
            **fields,
        )
        key = (user.user_id, message.message_id)
        self._originals[key] = message
        user._order.append(message.message_id)
        user._unread.append(message.message_id)
        self._store(message)
        return self.message_json(message)

    def _editable(self, req: _Request) -> BotMessage:
        message_id = req.int_("message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        user = req.chat_user
        if message_id in user._own_message_ids:
            raise _bad("message can't be edited")
        message = self._messages.get((user.user_id, message_id))
        if message is None or message.deleted:
            raise ApiError(400, MESSAGE_TO_EDIT_NOT_FOUND)
        return message

    def _edit(self, req: _Request, message: BotMessage, **changes: Any) -> dict[str, Any]:
        new_markup = self._markup(req)
        if new_markup is None and _inline(message.reply_markup) is None:
            new_markup = message.reply_markup
        candidate = replace(message, reply_markup=new_markup, **changes)
        unchanged = (
            candidate.text == message.text
            and candidate.caption == message.caption
            and candidate.entities == message.entities
            and _inline(candidate.reply_markup) == _inline(message.reply_markup)
        )
        if unchanged:
            raise ApiError(400, NOT_MODIFIED)
        edited = replace(candidate, edited=message.edited + 1, edit_date=int(time.time()))
        return self.message_json(self._store(edited))

    def _input_file(self, req: _Request, key: str) -> SentFile:
        value = req.params.get(key)
        number = next(self._file_numbers)
        file_id = f"fake-{key}-{number:06d}"
        unique_id = f"AQAD{number:06d}"
        if isinstance(value, UploadedFile):
            if not value.content:
                raise _bad("file must be non-empty")
            mime = value.content_type
            if (not mime or mime == "application/octet-stream") and value.filename:
                mime = mimetypes.guess_type(value.filename)[0] or mime
            sent = SentFile(key, file_id, unique_id, value.filename, value.content, mime)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            sent = SentFile(key, file_id, unique_id, url=value)
        elif isinstance(value, str) and value:
            known = self._files.get(value)
            if known is None:
                raise _bad("wrong file identifier/HTTP URL specified")
            if known.kind != key:
                raise _bad("type of file mismatch")
            return known
        else:
            raise _bad(f"there is no {key} in the request")
        if key == "photo":
            sent = self._with_photo_sizes(sent)
        self._files[sent.file_id] = sent
        for size_id, _, _ in sent.sizes:
            self._files[size_id] = sent
        if sent.content is not None:
            extension = mimetypes.guess_extension(sent.mime_type or "") or ""
            path = f"{key}s/file_{number}{'.jpg' if key == 'photo' else extension}"
            self._file_paths[path] = sent
        return sent

    def _with_photo_sizes(self, sent: SentFile) -> SentFile:
        dimensions = _image_size(sent.content) if sent.content is not None else None
        if dimensions is None:
            if sent.content is not None and self.check_images:
                raise _bad("IMAGE_PROCESS_FAILED")
            dimensions = (800, 600)
        width, height = dimensions
        if (
            width <= 0
            or height <= 0
            or width + height > 10000
            or max(width, height) > 20 * min(width, height)
        ):
            raise _bad("PHOTO_INVALID_DIMENSIONS")
        sizes: list[tuple[str, int, int]] = []
        for index, limit in enumerate((90, 320, 800, 1280, 2560)):
            scale = min(1.0, limit / max(width, height))
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            if sizes and size == sizes[-1][1:]:
                break
            sizes.append((f"{sent.file_id}-s{index}", *size))
        sizes[-1] = (sent.file_id, *sizes[-1][1:])
        return replace(sent, width=width, height=height, sizes=tuple(sizes))

    # ----------------------------------------------------------------- Bot API methods

    @_api("getMe")
    async def _get_me(self, req: _Request) -> Any:
        return _bot_user(full=True)

    @_api("logOut")
    async def _log_out(self, req: _Request) -> Any:
        return True

    @_api("close")
    async def _close(self, req: _Request) -> Any:
        return True

    @_api("getUpdates")
    async def _get_updates(self, req: _Request) -> Any:
        if self.webhook_url:
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = req.int_("offset")
        limit = min(100, max(1, req.int_("limit") or 100))
        timeout = max(0, req.int_("timeout") or 0)
        allowed = req.params.get("allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = [str(kind) for kind in allowed] or None
        if offset is not None and offset < 0:
            self._updates = self._updates[offset:]
        elif offset is not None:
            self._updates = [u for u in self._updates if u.update_id >= offset]
        if self.allowed_updates is not None:
            self._updates = [u for u in self._updates if u.kind in self.allowed_updates]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self._pollers += 1
        try:
            while True:
                event = self._changed
                if generation != self._poll_generation:
                    raise ApiError(409, CONFLICT_OTHER_POLL)
                batch = [
                    u
                    for u in self._updates
                    if self.allowed_updates is None or u.kind in self.allowed_updates
                ][:limit]
                remaining = deadline - loop.time()
                if batch or remaining <= 0 or self._closing:
                    for update in batch:
                        update.fetched = True
                    if batch:
                        self._last_activity = loop.time()
                    return [update.as_json() for update in batch]
                await _wait_event(event, remaining)
        finally:
            self._pollers -= 1

    @_api("setWebhook")
    async def _set_webhook(self, req: _Request) -> Any:
        url = req.str_("url") or ""
        if url and not url.startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        if req.bool_("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = url
        return True

    @_api("deleteWebhook")
    async def _delete_webhook(self, req: _Request) -> Any:
        if req.bool_("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = ""
        return True

    @_api("getWebhookInfo")
    async def _get_webhook_info(self, req: _Request) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.allowed_updates:
            info["allowed_updates"] = list(self.allowed_updates)
        return info

    def _commands_key(self, req: _Request) -> tuple[str, str]:
        scope = req.params.get("scope")
        if scope is not None and (
            not isinstance(scope, dict) or scope.get("type") not in _COMMAND_SCOPES
        ):
            raise _bad("can't parse BotCommandScope JSON object")
        language = req.str_("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise _bad("invalid language code specified")
        return self._scope_key(scope), language

    @_api("setMyCommands")
    async def _set_my_commands(self, req: _Request) -> Any:
        commands = req.params.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        stored: list[dict[str, str]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _BOT_COMMAND_NAME_RE.fullmatch(name):
                raise _bad("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
            stored.append({"command": name, "description": description})
        key = self._commands_key(req)
        if stored:
            self._commands[key] = stored
        else:
            self._commands.pop(key, None)
        return True

    @_api("getMyCommands")
    async def _get_my_commands(self, req: _Request) -> Any:
        return [dict(c) for c in self._commands.get(self._commands_key(req), [])]

    @_api("deleteMyCommands")
    async def _delete_my_commands(self, req: _Request) -> Any:
        self._commands.pop(self._commands_key(req), None)
        return True

    @_api("sendMessage", chat=True, sends=True, rate_limited=True)
    async def _send_message(self, req: _Request) -> Any:
        text, entities = self._text(req)
        return self._new_message(req, text=text, entities=tuple(entities), raw=req.str_("text"))

    @_api("sendPhoto", chat=True, sends=True, rate_limited=True)
    async def _send_photo(self, req: _Request) -> Any:
        caption, entities = self._caption(req)
        photo = self._input_file(req, "photo")
        return self._new_message(
            req, photo=photo, caption=caption, entities=tuple(entities), raw=req.str_("caption")
        )

    @_api("sendDocument", chat=True, sends=True, rate_limited=True)
    async def _send_document(self, req: _Request) -> Any:
        caption, entities = self._caption(req)
        document = self._input_file(req, "document")
        return self._new_message(
            req,
            document=document,
            caption=caption,
            entities=tuple(entities),
            raw=req.str_("caption"),
        )

    @_api("sendChatAction", chat=True, sends=True)
    async def _send_chat_action(self, req: _Request) -> Any:
        action = req.str_("action")
        if action not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        req.chat_user.chat_actions.append(action)
        return True

    @_api("editMessageText", chat=True)
    async def _edit_message_text(self, req: _Request) -> Any:
        message = self._editable(req)
        if message.text is None:
            raise _bad("there is no text in the message to edit")
        text, entities = self._text(req)
        return self._edit(
            req,
            message,
            text=text,
            entities=tuple(entities),
            raw=req.str_("text"),
            parse_mode=req.str_("parse_mode"),
        )

    @_api("editMessageCaption", chat=True)
    async def _edit_message_caption(self, req: _Request) -> Any:
        message = self._editable(req)
        if message.photo is None and message.document is None:
            raise _bad("there is no caption in the message to edit")
        caption, entities = self._caption(req)
        return self._edit(
            req,
            message,
            caption=caption,
            entities=tuple(entities),
            raw=req.str_("caption"),
            parse_mode=req.str_("parse_mode"),
        )

    @_api("editMessageReplyMarkup", chat=True)
    async def _edit_message_reply_markup(self, req: _Request) -> Any:
        return self._edit(req, self._editable(req))

    @_api("deleteMessage", chat=True)
    async def _delete_message(self, req: _Request) -> Any:
        message_id = req.int_("message_id")
        user = req.chat_user
        if message_id in user._own_message_ids:
            return True
        message = self._messages.get((user.user_id, message_id or 0))
        if message is None or message.deleted:
            raise _bad("message to delete not found")
        self._store(replace(message, deleted=True))
        return True

    @_api("answerCallbackQuery")
    async def _answer_callback_query(self, req: _Request) -> Any:
        query = self._queries.get(req.str_("callback_query_id") or "")
        if query is None or query.answered:
            raise ApiError(400, QUERY_TOO_OLD)
        text = req.str_("text") or None
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        query.answered = True
        query.text = text
        query.show_alert = req.bool_("show_alert")
        toast = _Toast(query.query_id, text, query.show_alert, req.str_("url"))
        self._users[query.user_id]._toasts.append(toast)
        return True

    @_api("getFile")
    async def _get_file(self, req: _Request) -> Any:
        sent = self._files.get(req.str_("file_id") or "")
        if sent is None:
            raise _bad("invalid file_id")
        paths = [path for path, f in self._file_paths.items() if f is sent]
        if not paths:
            raise _bad("wrong file_id or the file is temporarily unavailable")
        return {
            "file_id": req.str_("file_id"),
            "file_unique_id": sent.file_unique_id,
            "file_size": sent.size,
            "file_path": paths[0],
        }


def supported_methods() -> Iterator[str]:
    """Names of the Bot API methods the fake implements."""
    return (spec.name for spec in _METHODS.values())
