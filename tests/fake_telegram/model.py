"""What the fake Bot API is made of: its messages, the calls it answered, files, and errors.

Plain data with no server behind it; the answers and their wording mirror the real Bot API.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, Final

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
NO_TEXT_TO_EDIT: Final = "Bad Request: there is no text in the message to edit"
NO_CAPTION_TO_EDIT: Final = "Bad Request: there is no caption in the message to edit"
NO_MEDIA_TO_EDIT: Final = "Bad Request: there is no media in the message to edit"
WRONG_FILE_ID: Final = "Bad Request: wrong file identifier/HTTP URL specified"
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

DEFAULT_DESCRIPTIONS: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def bot_user(*, full: bool = False) -> dict[str, Any]:
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


def bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def too_many(retry_after: int) -> ApiError:
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
    """A photo, animation or document the bot sent (uploaded, by file_id or by URL).

    ``kind`` is the method's file parameter (``"photo"``, ``"animation"``, ``"document"``);
    ``filename``, ``content`` and ``mime_type`` are the upload as the bot made it.
    """

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
    duration: int | None = None

    @property
    def size(self) -> int | None:
        """Size in bytes, when the content is known."""
        return None if self.content is None else len(self.content)


def image_size(data: bytes) -> tuple[int, int] | None:
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


def gif_duration(data: bytes) -> float | None:
    """Seconds one loop of a GIF lasts (the sum of its frame delays), or ``None``."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return None
    pos = 13 + (3 << ((data[10] & 0x07) + 1) if data[10] & 0x80 else 0)
    hundredths = 0
    while pos < len(data) and data[pos] != 0x3B:
        if data[pos] == 0x21 and pos + 1 < len(data):  # an extension
            if data[pos + 1] == 0xF9 and pos + 6 <= len(data):  # graphic control: the delay
                hundredths += int.from_bytes(data[pos + 4 : pos + 6], "little")
            pos = _skip_sub_blocks(data, pos + 2)
        elif data[pos] == 0x2C and pos + 10 < len(data):  # an image
            flags = data[pos + 9]
            pos += 10 + (3 << ((flags & 0x07) + 1) if flags & 0x80 else 0)
            pos = _skip_sub_blocks(data, pos + 1)  # after the LZW minimum code size
        else:
            return None
    return hundredths / 100


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] != 0:
        pos += data[pos] + 1
    return pos + 1


@dataclass(frozen=True)
class ApiCall:
    """One HTTP request of the bot; listed in the order the answers were given."""

    method: str
    params: dict[str, Any]
    chat_id: int | None
    response: dict[str, Any]
    token: str = ""
    status: int = 200
    at: float = 0.0  # time.monotonic() when it was answered

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


MEDIA_SOURCES: Final = {"upload": "uploaded", "file_id": "by file_id", "url": "by URL"}


@dataclass(frozen=True)
class BotMessage:
    """A snapshot of a message the bot sent; ``text``/``caption`` are what the user sees.

    ``raw`` keeps the text or caption exactly as sent (with HTML markup). A message carries at
    most one of ``photo``, ``animation`` and ``document`` (an animation message's Bot API JSON
    also has a ``document``, as Telegram's does; here ``document`` stays ``None``), and
    ``media_source`` says how the bot gave it: ``"upload"``, ``"file_id"`` or ``"url"``.
    """

    message_id: int
    chat_id: int
    text: str | None = None
    caption: str | None = None
    reply_markup: dict[str, Any] | None = None
    photo: SentFile | None = None
    document: SentFile | None = None
    animation: SentFile | None = None
    media_source: str | None = None
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
    def media(self) -> SentFile | None:
        """The photo, animation or document of the message, if any."""
        return self.photo or self.animation or self.document

    @property
    def media_kind(self) -> str | None:
        """``"photo"``, ``"animation"`` or ``"document"``; ``None`` for a text message."""
        media = self.media
        return None if media is None else media.kind

    @property
    def uploaded(self) -> bool:
        """Whether the bot uploaded the media's bytes (rather than a file_id or a URL)."""
        return self.media_source == "upload"

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
        media = ""
        if self.media_kind is not None:
            source = MEDIA_SOURCES.get(self.media_source or "")
            media = f" [{self.media_kind}{f' {source}' if source else ''}]"
        content = self.content.replace("\n", "⏎")
        if len(content) > 80:
            content = content[:77] + "..."
        keys = f" buttons={self.button_texts}" if self.button_texts else ""
        return f"#{self.message_id}{media}{edited}{state} {content!r}{keys}"


@dataclass
class Update:
    """An update waiting for getUpdates (or a webhook); ``fetched`` once a poll returned it."""

    update_id: int
    kind: str
    payload: dict[str, Any]
    fetched: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


@dataclass
class Query:
    """A callback query of a button press, and the bot's answer to it."""

    query_id: str
    user_id: int
    message_id: int
    data: str
    pressed_at: float = 0.0  # the server's press clock (FakeTelegramServer.press_clock)
    answered: bool = False
    refused: bool = False  # an answer came too late
    text: str | None = None


@dataclass
class Failure:
    """An error the test asked for (:meth:`FakeTelegramServer.fail_next`), ``remaining`` times."""

    method: str
    chat_id: int | None
    error: ApiError
    remaining: int


def inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The markup if it is an inline keyboard (the only kind kept on a message), else None."""
    return markup if markup is not None and "inline_keyboard" in markup else None


def message_json(message: BotMessage, chat: dict[str, Any]) -> dict[str, Any]:
    """The Bot API ``Message`` object for a bot message in ``chat`` (a ``Chat`` object)."""
    result: dict[str, Any] = {
        "message_id": message.message_id,
        "from": bot_user(),
        "chat": chat,
        "date": message.date,
    }
    if message.edit_date is not None:
        result["edit_date"] = message.edit_date
    if message.text is not None:
        result["text"] = message.text
        if message.entities:
            result["entities"] = list(message.entities)
    if message.photo is not None:
        result["photo"] = _photo_sizes(message.photo)
    if message.animation is not None:
        result["animation"] = _animation_json(message.animation)
        result["document"] = _document_json(message.animation, video=True)
    if message.document is not None:
        result["document"] = _document_json(message.document)
    if message.caption:
        result["caption"] = message.caption
        if message.entities:
            result["caption_entities"] = list(message.entities)
    inline = inline_markup(message.reply_markup)
    if inline is not None:
        result["reply_markup"] = inline
    return result


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


def _document_json(document: SentFile, *, video: bool = False) -> dict[str, Any]:
    """A ``Document``; with ``video`` as Telegram shows an animation, which it keeps as MPEG-4
    (an uploaded GIF becomes ``name.gif.mp4``)."""
    result: dict[str, Any] = {
        "file_id": document.file_id,
        "file_unique_id": document.file_unique_id,
    }
    filename, mime_type = document.filename, document.mime_type
    if video:
        if filename and mime_type == "image/gif":
            filename = f"{filename}.mp4"
        mime_type = "video/mp4"
    if filename:
        result["file_name"] = filename
    if mime_type:
        result["mime_type"] = mime_type
    if document.size is not None:
        result["file_size"] = document.size
    return result


def _animation_json(animation: SentFile) -> dict[str, Any]:
    return {
        "width": animation.width or 0,
        "height": animation.height or 0,
        "duration": animation.duration or 0,
        **_document_json(animation, video=True),
    }
