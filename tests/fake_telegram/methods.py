"""The Bot API methods of the fake, one function each, and what every call goes through.

:func:`method` registers a function under its Bot API name; :func:`dispatch` looks up the chat,
answers 403 for a user who blocked the bot, applies injected failures and the optional flood
limits, then calls it. The functions work on the state of the :class:`FakeTelegramServer`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, TypeVar

from bot.content.telegram_html import HtmlParseError, parse_html

from .model import (
    BLOCKED,
    BUTTON_DATA_INVALID,
    CAPTION_TOO_LONG,
    CHAT_ID_EMPTY,
    CHAT_NOT_FOUND,
    CONFLICT_OTHER_POLL,
    CONFLICT_WEBHOOK,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    MESSAGE_TO_DELETE_NOT_FOUND,
    MESSAGE_TO_EDIT_NOT_FOUND,
    NO_CAPTION_TO_EDIT,
    NO_MEDIA_TO_EDIT,
    NO_TEXT_TO_EDIT,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    WRONG_FILE_ID,
    ApiError,
    BotMessage,
    SentFile,
    UploadedFile,
    bad,
    bot_user,
    gif_duration,
    image_size,
    inline_markup,
    message_json,
    too_many,
)

if TYPE_CHECKING:
    from .server import FakeTelegramServer
    from .users import FakeUser

_BOT_COMMAND_NAME_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
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
# The InputMedia types editMessageMedia takes (video and audio are not supported).
_INPUT_MEDIA_KINDS: Final = frozenset({"photo", "animation", "document"})
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


@dataclass
class Request:
    """One call of a Bot API method: its parameters and, for chat methods, the chat's user."""

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


_Handler = Callable[["FakeTelegramServer", Request], Awaitable[Any]]
_H = TypeVar("_H", bound=_Handler)


@dataclass(frozen=True)
class MethodSpec:
    name: str
    handler: _Handler
    chat: bool
    sends: bool
    rate_limited: bool


METHODS: dict[str, MethodSpec] = {}


def method(
    name: str, *, chat: bool = False, sends: bool = False, rate_limited: bool = False
) -> Callable[[_H], _H]:
    """Register a Bot API method.

    ``chat``: needs an existing chat (``chat not found`` otherwise); ``sends``: a blocked
    user answers 403; ``rate_limited``: counts towards the optional flood limits.
    """

    def register(handler: _H) -> _H:
        METHODS[name.lower()] = MethodSpec(name, handler, chat, sends, rate_limited)
        return handler

    return register


def supported_methods() -> Iterator[str]:
    """Names of the Bot API methods the fake implements."""
    return (spec.name for spec in METHODS.values())


async def wait_event(event: asyncio.Event, seconds: float) -> None:
    """Wait until ``event`` is set or ``seconds`` have passed."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):  # no task per wait, unlike asyncio.wait_for
            await event.wait()


def scope_key(scope: Any) -> str:
    """The key setMyCommands stores a scope's commands under."""
    if not scope:
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True)


# ----------------------------------------------------------------- what every call goes through


async def dispatch(server: FakeTelegramServer, spec: MethodSpec | None, req: Request) -> Any:
    """Answer one call: the checks every method shares, then the method; ApiError if refused."""
    chat_id = req.params.get("chat_id")
    if isinstance(chat_id, int) and not isinstance(chat_id, bool):
        req.chat_id = chat_id
    if spec is None:
        raise ApiError(404, "Not Found")
    if spec.name == "answerCallbackQuery":
        query = server._queries.get(req.str_("callback_query_id") or "")
        req.chat_id = query.user_id if query else None
    _check_injected_failure(server, spec.name, req.chat_id)
    if spec.chat:
        req.user = _chat_user(server, req)
        if spec.sends and req.user.user_id in server.blocked_users:
            raise ApiError(403, BLOCKED)
        if spec.rate_limited:
            _check_rate(server, req.user.user_id)
    return await spec.handler(server, req)


def _check_injected_failure(server: FakeTelegramServer, method: str, chat_id: int | None) -> None:
    for failure in server._failures:
        if failure.method == method.lower() and failure.chat_id in (None, chat_id):
            failure.remaining -= 1
            if failure.remaining <= 0:
                server._failures.remove(failure)
            raise failure.error


def _chat_user(server: FakeTelegramServer, req: Request) -> FakeUser:
    if "chat_id" not in req.params or req.params["chat_id"] in ("", None):
        if "inline_message_id" in req.params:
            raise bad("MESSAGE_ID_INVALID")
        raise ApiError(400, CHAT_ID_EMPTY)
    chat_id = req.params["chat_id"]
    if isinstance(chat_id, str) and chat_id.startswith("@"):
        for user in server._users.values():
            if user.username and f"@{user.username}".lower() == chat_id.lower():
                req.chat_id = user.user_id
                return user
    user_or_none = server._users.get(chat_id) if isinstance(chat_id, int) else None
    if user_or_none is None:
        raise ApiError(400, CHAT_NOT_FOUND)
    return user_or_none


def _check_rate(server: FakeTelegramServer, chat_id: int) -> None:
    flood = server.flood
    if flood is None:
        return
    wait = flood.admit(chat_id, time.monotonic(), server.last_update_at(chat_id))
    if wait is not None:
        server.too_many_requests += 1
        raise too_many(wait)


# ----------------------------------------------------------------- message helpers


def _format(
    raw: str | None, parse_mode: str | None, entities: Any
) -> tuple[str, list[dict[str, Any]]]:
    """Text and entities as Telegram would show them; the fake's HTML check is stricter than
    Telegram's about a bare "&" to catch a missing html.escape."""
    raw = raw or ""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            parsed = parse_html(raw, strict_ampersand=True)
        except HtmlParseError as error:
            raise bad(f"can't parse entities: {error}") from None
        return parsed.text, parsed.entities
    if mode in ("", "markdown", "markdownv2"):
        given = entities if mode == "" and isinstance(entities, list) else []
        return raw, [e for e in given if isinstance(e, dict)]
    raise bad(f"unsupported parse_mode {parse_mode}")


def _text(req: Request) -> tuple[str, list[dict[str, Any]]]:
    text, entities = _format(req.str_("text"), req.str_("parse_mode"), req.params.get("entities"))
    if not text.strip():
        raise ApiError(400, TEXT_EMPTY)
    if len(text) > MAX_TEXT_LENGTH:
        raise ApiError(400, TEXT_TOO_LONG)
    return text, entities


def _caption(req: Request) -> tuple[str | None, list[dict[str, Any]]]:
    return _caption_of(
        req.str_("caption"), req.str_("parse_mode"), req.params.get("caption_entities")
    )


def _caption_of(
    raw: str | None, parse_mode: str | None, entities: Any
) -> tuple[str | None, list[dict[str, Any]]]:
    if raw is None:
        return None, []
    caption, parsed = _format(raw, parse_mode, entities)
    if len(caption) > MAX_CAPTION_LENGTH:
        raise ApiError(400, CAPTION_TOO_LONG)
    return caption, parsed


def _markup(req: Request) -> dict[str, Any] | None:
    markup = req.params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
            return markup
        raise bad("can't parse reply keyboard markup JSON object")
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for button in itertools.chain.from_iterable(rows):
        if not isinstance(button, dict):
            raise bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
        if not isinstance(button.get("text"), str):
            raise bad('can\'t parse inline keyboard button: Field "text" must be of type String')
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, BUTTON_DATA_INVALID)
        elif not _BUTTON_ACTIONS & button.keys():
            raise bad(
                "can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard"
            )
        url = button.get("url")
        if url is not None and (not isinstance(url, str) or not url.strip()):
            raise bad("BUTTON_URL_INVALID")
    if not any(rows):
        return None
    return markup


def _store(server: FakeTelegramServer, message: BotMessage) -> BotMessage:
    server._messages[(message.chat_id, message.message_id)] = message
    server._notify(message.chat_id)
    return message


def _new_message(server: FakeTelegramServer, req: Request, **fields: Any) -> dict[str, Any]:
    user = req.chat_user
    message = BotMessage(
        message_id=user._take_message_id(),
        chat_id=user.user_id,
        parse_mode=req.str_("parse_mode"),
        date=int(time.time()),
        method=req.method,
        params={k: v for k, v in req.params.items() if not isinstance(v, UploadedFile)},
        reply_markup=_markup(req),
        **fields,
    )
    key = (user.user_id, message.message_id)
    server._originals[key] = message
    user._order.append(message.message_id)
    user._unread.append(message.message_id)
    _store(server, message)
    return message_json(message, user.as_chat())


def _editable(server: FakeTelegramServer, req: Request) -> BotMessage:
    message_id = req.int_("message_id")
    if message_id is None:
        raise bad("message identifier is not specified")
    user = req.chat_user
    if message_id in user._own_message_ids:
        raise bad("message can't be edited")
    message = server._messages.get((user.user_id, message_id))
    if message is None or message.deleted:
        raise ApiError(400, MESSAGE_TO_EDIT_NOT_FOUND)
    return message


def _edit(
    server: FakeTelegramServer, req: Request, message: BotMessage, **changes: Any
) -> dict[str, Any]:
    new_markup = _markup(req)
    if new_markup is None and inline_markup(message.reply_markup) is None:
        new_markup = message.reply_markup
    candidate = replace(message, reply_markup=new_markup, **changes)
    unchanged = (
        _media_key(candidate) == _media_key(message)
        and candidate.text == message.text
        and candidate.caption == message.caption
        and candidate.entities == message.entities
        and inline_markup(candidate.reply_markup) == inline_markup(message.reply_markup)
    )
    if unchanged:
        raise ApiError(400, NOT_MODIFIED)
    edited = replace(candidate, edited=message.edited + 1, edit_date=int(time.time()))
    return message_json(_store(server, edited), req.chat_user.as_chat())


def _media_key(message: BotMessage) -> tuple[str, str] | None:
    media = message.media
    return None if media is None else (media.kind, media.file_unique_id)


def _input_file(server: FakeTelegramServer, req: Request, key: str) -> tuple[SentFile, str]:
    """The file of parameter ``key`` (a photo, animation or document) and how the bot gave it
    (``"upload"``, ``"url"`` or ``"file_id"``); a new file is registered under its file_id."""
    hints = {name: req.int_(name) for name in ("width", "height", "duration")}
    return _sent_file(server, key, req.params.get(key), hints)


def _sent_file(
    server: FakeTelegramServer, key: str, value: Any, hints: dict[str, Any]
) -> tuple[SentFile, str]:
    number = next(server._file_numbers)
    file_id = f"fake-{key}-{number:06d}"
    unique_id = f"AQAD{number:06d}"
    if isinstance(value, UploadedFile):
        if not value.content:
            raise bad("file must be non-empty")
        mime = value.content_type
        if (not mime or mime == "application/octet-stream") and value.filename:
            mime = mimetypes.guess_type(value.filename)[0] or mime
        if not mime or mime == "application/octet-stream":
            mime = _sniffed_mime(value.content) or mime
        sent = SentFile(key, file_id, unique_id, value.filename, value.content, mime)
        source = "upload"
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        sent = SentFile(key, file_id, unique_id, url=value)
        source = "url"
    elif isinstance(value, str) and value:
        known = server._files.get(value)
        if known is None:
            raise ApiError(400, WRONG_FILE_ID)
        if known.kind != key:
            raise bad("type of file mismatch")
        return known, "file_id"
    else:
        raise bad(f"there is no {key} in the request")
    if key == "photo":
        sent = _with_photo_sizes(sent)
    elif key == "animation":
        sent = _with_animation_metadata(sent, hints)
    server._files[sent.file_id] = sent
    for size_id, _, _ in sent.sizes:
        server._files[size_id] = sent
    if sent.content is not None:
        extension = mimetypes.guess_extension(sent.mime_type or "") or ""
        path = f"{key}s/file_{number}{'.jpg' if key == 'photo' else extension}"
        server._file_paths[path] = sent
    return sent, source


def _sniffed_mime(content: bytes) -> str | None:
    """The type of a GIF or an MPEG-4 upload that came without one, as Telegram detects it."""
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if content[4:8] == b"ftyp":
        return "video/mp4"
    return None


def _hint(hints: dict[str, Any], name: str) -> int:
    value = hints.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _with_animation_metadata(sent: SentFile, hints: dict[str, Any]) -> SentFile:
    """Width, height and duration: a GIF's own, else what the bot said (Telegram reads them
    from any file; the fake only from GIFs), else 0."""
    content = sent.content or b""
    dimensions = image_size(content) if content[:3] == b"GIF" else None
    width, height = dimensions or (_hint(hints, "width"), _hint(hints, "height"))
    seconds = gif_duration(content)
    duration = round(seconds) if seconds is not None else _hint(hints, "duration")
    return replace(sent, width=width, height=height, duration=duration)


def _with_photo_sizes(sent: SentFile) -> SentFile:
    dimensions = image_size(sent.content) if sent.content is not None else None
    if dimensions is None:
        if sent.content is not None:
            raise bad("IMAGE_PROCESS_FAILED")
        dimensions = (800, 600)
    width, height = dimensions
    if (
        width <= 0
        or height <= 0
        or width + height > 10000
        or max(width, height) > 20 * min(width, height)
    ):
        raise bad("PHOTO_INVALID_DIMENSIONS")
    sizes: list[tuple[str, int, int]] = []
    for index, limit in enumerate((90, 320, 800, 1280, 2560)):
        scale = min(1.0, limit / max(width, height))
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        if sizes and size == sizes[-1][1:]:
            break
        sizes.append((f"{sent.file_id}-s{index}", *size))
    sizes[-1] = (sent.file_id, *sizes[-1][1:])
    return replace(sent, width=width, height=height, sizes=tuple(sizes))


# ----------------------------------------------------------------- the Bot API methods


@method("getMe")
async def _get_me(server: FakeTelegramServer, req: Request) -> Any:
    return bot_user(full=True)


@method("logOut")
async def _log_out(server: FakeTelegramServer, req: Request) -> Any:
    return True


@method("close")
async def _close(server: FakeTelegramServer, req: Request) -> Any:
    return True


@method("getUpdates")
async def _get_updates(server: FakeTelegramServer, req: Request) -> Any:
    if server.webhook_url:
        raise ApiError(409, CONFLICT_WEBHOOK)
    offset = req.int_("offset")
    limit = min(100, max(1, req.int_("limit") or 100))
    timeout = max(0, req.int_("timeout") or 0)
    allowed = req.params.get("allowed_updates")
    if isinstance(allowed, list):
        server.allowed_updates = [str(kind) for kind in allowed] or None
    if offset is not None and offset < 0:
        server._updates = server._updates[offset:]
    elif offset is not None:
        server._updates = [u for u in server._updates if u.update_id >= offset]
    if server.allowed_updates is not None:
        server._updates = [u for u in server._updates if u.kind in server.allowed_updates]
    server._poll_generation += 1
    generation = server._poll_generation
    server._notify()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    server._pollers += 1
    try:
        while True:
            event = server._changed
            if generation != server._poll_generation:
                raise ApiError(409, CONFLICT_OTHER_POLL)
            batch = [
                u
                for u in server._updates
                if server.allowed_updates is None or u.kind in server.allowed_updates
            ][:limit]
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or server._closing:
                for update in batch:
                    update.fetched = True
                if batch:
                    server._last_activity = loop.time()
                return [update.as_json() for update in batch]
            await wait_event(event, remaining)
    finally:
        server._pollers -= 1


@method("setWebhook")
async def _set_webhook(server: FakeTelegramServer, req: Request) -> Any:
    url = req.str_("url") or ""
    if url and not url.startswith("https://"):
        raise bad("bad webhook: An HTTPS URL must be provided for webhook")
    if req.bool_("drop_pending_updates"):
        server._updates.clear()
    server.webhook_url = url
    return True


@method("deleteWebhook")
async def _delete_webhook(server: FakeTelegramServer, req: Request) -> Any:
    if req.bool_("drop_pending_updates"):
        server._updates.clear()
    server.webhook_url = ""
    return True


@method("getWebhookInfo")
async def _get_webhook_info(server: FakeTelegramServer, req: Request) -> Any:
    info: dict[str, Any] = {
        "url": server.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(server._updates),
    }
    if server.allowed_updates:
        info["allowed_updates"] = list(server.allowed_updates)
    return info


def _commands_key(server: FakeTelegramServer, req: Request) -> tuple[str, str]:
    scope = req.params.get("scope")
    if scope is not None and (
        not isinstance(scope, dict) or scope.get("type") not in _COMMAND_SCOPES
    ):
        raise bad("can't parse BotCommandScope JSON object")
    language = req.str_("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad("invalid language code specified")
    return scope_key(scope), language


@method("setMyCommands")
async def _set_my_commands(server: FakeTelegramServer, req: Request) -> Any:
    commands = req.params.get("commands")
    if not isinstance(commands, list):
        raise bad("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad("BOT_COMMANDS_TOO_MUCH")
    stored: list[dict[str, str]] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad("can't parse BotCommand JSON object")
        name = command.get("command")
        description = command.get("description")
        if not isinstance(name, str) or not _BOT_COMMAND_NAME_RE.fullmatch(name):
            raise bad("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
        stored.append({"command": name, "description": description})
    key = _commands_key(server, req)
    if stored:
        server._commands[key] = stored
    else:
        server._commands.pop(key, None)
    return True


@method("getMyCommands")
async def _get_my_commands(server: FakeTelegramServer, req: Request) -> Any:
    return [dict(c) for c in server._commands.get(_commands_key(server, req), [])]


@method("deleteMyCommands")
async def _delete_my_commands(server: FakeTelegramServer, req: Request) -> Any:
    server._commands.pop(_commands_key(server, req), None)
    return True


@method("sendMessage", chat=True, sends=True, rate_limited=True)
async def _send_message(server: FakeTelegramServer, req: Request) -> Any:
    text, entities = _text(req)
    return _new_message(server, req, text=text, entities=tuple(entities), raw=req.str_("text"))


@method("sendPhoto", chat=True, sends=True, rate_limited=True)
async def _send_photo(server: FakeTelegramServer, req: Request) -> Any:
    caption, entities = _caption(req)
    photo, source = _input_file(server, req, "photo")
    return _new_message(
        server,
        req,
        photo=photo,
        media_source=source,
        caption=caption,
        entities=tuple(entities),
        raw=req.str_("caption"),
    )


@method("sendAnimation", chat=True, sends=True, rate_limited=True)
async def _send_animation(server: FakeTelegramServer, req: Request) -> Any:
    caption, entities = _caption(req)
    animation, source = _input_file(server, req, "animation")
    return _new_message(
        server,
        req,
        animation=animation,
        media_source=source,
        caption=caption,
        entities=tuple(entities),
        raw=req.str_("caption"),
    )


@method("sendDocument", chat=True, sends=True, rate_limited=True)
async def _send_document(server: FakeTelegramServer, req: Request) -> Any:
    caption, entities = _caption(req)
    document, source = _input_file(server, req, "document")
    return _new_message(
        server,
        req,
        document=document,
        media_source=source,
        caption=caption,
        entities=tuple(entities),
        raw=req.str_("caption"),
    )


@method("sendChatAction", chat=True, sends=True)
async def _send_chat_action(server: FakeTelegramServer, req: Request) -> Any:
    action = req.str_("action")
    if action not in _CHAT_ACTIONS:
        raise bad("wrong parameter action in request")
    req.chat_user.chat_actions.append(action)
    return True


@method("editMessageText", chat=True, rate_limited=True)
async def _edit_message_text(server: FakeTelegramServer, req: Request) -> Any:
    message = _editable(server, req)
    if message.text is None:
        raise ApiError(400, NO_TEXT_TO_EDIT)
    text, entities = _text(req)
    return _edit(
        server,
        req,
        message,
        text=text,
        entities=tuple(entities),
        raw=req.str_("text"),
        parse_mode=req.str_("parse_mode"),
    )


@method("editMessageCaption", chat=True, rate_limited=True)
async def _edit_message_caption(server: FakeTelegramServer, req: Request) -> Any:
    message = _editable(server, req)
    if message.media is None:
        raise ApiError(400, NO_CAPTION_TO_EDIT)
    caption, entities = _caption(req)
    return _edit(
        server,
        req,
        message,
        caption=caption,
        entities=tuple(entities),
        raw=req.str_("caption"),
        parse_mode=req.str_("parse_mode"),
    )


@method("editMessageMedia", chat=True, rate_limited=True)
async def _edit_message_media(server: FakeTelegramServer, req: Request) -> Any:
    message = _editable(server, req)
    if message.media is None:
        raise ApiError(400, NO_MEDIA_TO_EDIT)
    media = req.params.get("media")
    if not isinstance(media, dict):
        raise bad("can't parse input media JSON object")
    kind = media.get("type")
    if kind not in _INPUT_MEDIA_KINDS:
        raise bad("can't parse InputMedia: unsupported media type")
    raw = None if media.get("caption") is None else str(media["caption"])
    parse_mode = None if media.get("parse_mode") is None else str(media["parse_mode"])
    caption, entities = _caption_of(raw, parse_mode, media.get("caption_entities"))
    value = media.get("media")
    if isinstance(value, str) and value.startswith("attach://"):
        value = req.params.get(value.removeprefix("attach://"))
        if not isinstance(value, UploadedFile):
            raise bad("can't parse InputMedia: media not found")
    elif not isinstance(value, str) or not value:
        raise bad("can't parse InputMedia: media not found")
    sent, source = _sent_file(server, kind, value, media)
    return _edit(
        server,
        req,
        message,
        photo=sent if kind == "photo" else None,
        animation=sent if kind == "animation" else None,
        document=sent if kind == "document" else None,
        media_source=source,
        caption=caption,
        entities=tuple(entities),
        raw=raw,
        parse_mode=parse_mode,
    )


@method("editMessageReplyMarkup", chat=True, rate_limited=True)
async def _edit_message_reply_markup(server: FakeTelegramServer, req: Request) -> Any:
    return _edit(server, req, _editable(server, req))


@method("deleteMessage", chat=True)
async def _delete_message(server: FakeTelegramServer, req: Request) -> Any:
    message_id = req.int_("message_id")
    user = req.chat_user
    if message_id in user._own_message_ids:
        return True
    message = server._messages.get((user.user_id, message_id or 0))
    if message is None or message.deleted:
        raise ApiError(400, MESSAGE_TO_DELETE_NOT_FOUND)
    _store(server, replace(message, deleted=True))
    return True


@method("answerCallbackQuery")
async def _answer_callback_query(server: FakeTelegramServer, req: Request) -> Any:
    query = server._queries.get(req.str_("callback_query_id") or "")
    if query is None or query.answered:
        raise ApiError(400, QUERY_TOO_OLD)
    timeout = server.press_answer_timeout
    if timeout is not None and server.press_clock() - query.pressed_at > timeout:
        query.refused = True
        server._notify()
        raise ApiError(400, QUERY_TOO_OLD)
    text = req.str_("text") or None
    if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
        raise bad("MESSAGE_TOO_LONG")
    query.answered = True
    query.text = text
    server._users[query.user_id]._toasts.append(text)
    return True


@method("getFile")
async def _get_file(server: FakeTelegramServer, req: Request) -> Any:
    sent = server._files.get(req.str_("file_id") or "")
    if sent is None:
        raise bad("invalid file_id")
    paths = [path for path, f in server._file_paths.items() if f is sent]
    if not paths:
        raise bad("wrong file_id or the file is temporarily unavailable")
    return {
        "file_id": req.str_("file_id"),
        "file_unique_id": sent.file_unique_id,
        "file_size": sent.size,
        "file_path": paths[0],
    }
