"""The HTTP side of the fake: an aiohttp app on 127.0.0.1 that routes ``/bot<token>/<method>``
and ``/file/bot<token>/<path>`` as api.telegram.org does, and reads query strings, JSON bodies
and multipart uploads into the parameters of a :class:`~.methods.Request`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .methods import METHODS, Request, dispatch
from .model import ApiCall, ApiError, UploadedFile, bad

if TYPE_CHECKING:
    from .server import FakeTelegramServer

_TOKEN_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]+")
JSON_PARAMS: Final = frozenset(
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
INT_PARAMS: Final = frozenset(
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
        "width",
        "height",
        "duration",
    }
)
BOOL_PARAMS: Final = frozenset(
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


class HttpFront:
    """Serves one :class:`FakeTelegramServer` over HTTP and records every call in its ``calls``."""

    def __init__(self, server: FakeTelegramServer) -> None:
        self._server = server
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Bind 127.0.0.1 on a free port, start serving and return the port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        return int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop serving (open requests get ``shutdown_timeout`` to finish)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle_file(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        sent = self._server._file_paths.get(request.match_info["path"])
        if not _TOKEN_RE.fullmatch(token) or sent is None or sent.content is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        self._server.tokens_seen.add(token)
        return web.Response(
            body=sent.content, content_type=sent.mime_type or "application/octet-stream"
        )

    async def _handle_api(self, request: web.Request) -> web.Response:
        loop = asyncio.get_running_loop()
        token = request.match_info["token"]
        raw_method = request.match_info["method"]
        if not _TOKEN_RE.fullmatch(token):
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        self._server.tokens_seen.add(token)
        if token in self._server.revoked_tokens:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        spec = METHODS.get(raw_method.lower())
        polling = spec is not None and spec.name == "getUpdates"
        if not polling:
            self._server._inflight += 1
        req = Request(spec.name if spec else raw_method, {}, token)
        try:
            try:
                req.params = await self._read_params(request)
                result = await dispatch(self._server, spec, req)
                body: dict[str, Any] = {"ok": True, "result": result}
                status = 200
            except ApiError as error:
                body, status = error.body(), error.code
            self._server.calls.append(
                ApiCall(req.method, req.params, req.chat_id, body, token, status, time.monotonic())
            )
            return web.json_response(body, status=status)
        finally:
            if not polling:
                self._server._inflight -= 1
                self._server._last_activity = loop.time()
            self._server._notify(req.chat_id)

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise bad("can't parse JSON object")
                params.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        params[key] = UploadedFile(
                            value.filename, value.file.read(), value.content_type
                        )
                    elif isinstance(value, bytes) and key in JSON_PARAMS:
                        # A JSON part with its own content type (python-telegram-bot sends an
                        # InputMedia with an upload this way): text, as Telegram reads it.
                        params[key] = value.decode("utf-8", errors="replace")
                    elif isinstance(value, bytes):
                        params[key] = UploadedFile(None, value)
                    else:
                        params[key] = value
        return _normalize(params)


def _normalize(params: dict[str, Any]) -> dict[str, Any]:
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            attached = params.pop(value.removeprefix("attach://"), None)
            if isinstance(attached, UploadedFile):
                params[key] = attached
    for key in JSON_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str):
            try:
                params[key] = json.loads(value)
            except ValueError:
                if key == "reply_markup":
                    raise bad("can't parse reply keyboard markup JSON object") from None
                if key == "media":
                    raise bad("can't parse input media JSON object") from None
                raise bad(f"can't parse {key} JSON object") from None
    for key in INT_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[key] = int(value)
    for key in BOOL_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str):
            params[key] = value.lower() in ("true", "1")
    return params
