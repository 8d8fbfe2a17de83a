"""Webhook mode: an aiohttp server that takes Telegram's updates, and /healthz.

Only requests carrying the right `X-Telegram-Bot-Api-Secret-Token` (compared in constant time)
are accepted; bodies that are not JSON, or too large, are refused before they reach the bot. A
body that takes longer than WEBHOOK_READ_TIMEOUT to arrive gets 408, a client that hangs up
mid-body is forgotten, and an idle connection is closed after IDLE_CONNECTION_SECONDS.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from telegram import Update

from bot.app import ALLOWED_UPDATES, BotApp, deps_of
from bot.settings import Settings
from bot.update_shape import is_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
IDLE_CONNECTION_SECONDS = 75.0


class QuietMalformedRequests(logging.Filter):
    """aiohttp logs a request it cannot parse (a header line or a path over 8 KB, say) as an
    error with its traceback: anyone who finds the port could flood the log with them. Such a
    request gets its 400 from aiohttp and one short line here."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            record.msg = "malformed request refused: %s"
            record.args = (" ".join(str(error.message).split())[:120],)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class WebhookServer:
    """Serves the webhook path and /healthz for one Application."""

    def __init__(self, application: BotApp, settings: Settings) -> None:
        if settings.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required in webhook mode")
        self._application = application
        self._settings = settings
        self._secret = settings.webhook_secret.get_secret_value().encode()
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    def web_app(self) -> web.Application:
        """The aiohttp application (routes: the webhook path, and /healthz)."""
        app = web.Application(client_max_size=self._settings.webhook_max_body)
        app.router.add_post(self._settings.webhook_path, self._update)
        app.router.add_get("/healthz", self._health)
        return app

    async def start(self) -> None:
        """Starts listening (port 0 picks a free one; see `port`)."""
        server_log = logging.getLogger("aiohttp.server")
        if not any(isinstance(f, QuietMalformedRequests) for f in server_log.filters):
            server_log.addFilter(QuietMalformedRequests())
        runner = web.AppRunner(
            self.web_app(),
            access_log=None,
            shutdown_timeout=5.0,
            # A connection that sends nothing (or half a request line) is closed after this;
            # aiohttp's own default is an hour.
            keepalive_timeout=IDLE_CONNECTION_SECONDS,
            # After an early answer (408, 413) the rest of the body is read for this long, so
            # the client sees the answer, then the connection is closed (aiohttp waits 10 s).
            lingering_time=1.0,
        )
        await runner.setup()
        site = web.TCPSite(runner, self._settings.webhook_listen, self._settings.webhook_port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stops taking requests; requests in flight are finished first."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _update(self, request: web.Request) -> web.Response:
        # A header of a stranger may hold any byte: compared as bytes, never decoded strictly.
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=403, text="forbidden")
        if request.content_type != "application/json":
            return web.Response(status=415, text="expected application/json")
        try:
            async with asyncio.timeout(self._settings.webhook_read_timeout):
                body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="body too large")
        except TimeoutError:  # a client sending its body slowly holds a connection: let it go
            return web.Response(status=408, text="request timeout", headers={"Connection": "close"})
        except ConnectionResetError:  # the client hung up mid-body: there is nobody to answer
            return web.Response(status=400, text="incomplete body")
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # not JSON or UTF-8, too deep, a number too long
            return web.Response(status=400, text="body is not JSON")
        if not is_update(data):
            return web.Response(status=400, text="not a Telegram update")
        try:
            update = Update.de_json(data, self._application.bot)
        except Exception:  # the shape was checked; anything left is still not an update
            return web.Response(status=400, text="not a Telegram update")
        await self._application.update_queue.put(update)
        return web.Response(text="ok")

    async def _health(self, request: web.Request) -> web.Response:
        healthy = await deps_of(self._application).database.ping()
        return web.json_response(
            {"status": "ok" if healthy else "unavailable", "database": healthy},
            status=200 if healthy else 503,
        )


async def serve_webhook(application: BotApp, settings: Settings) -> None:
    """Runs the bot in webhook mode until SIGTERM or SIGINT, then stops gracefully."""
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    server = WebhookServer(application, settings)
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES,
        )
        await application.start()
        await server.start()
        log.info("webhook server listening on %s:%s", settings.webhook_listen, server.port)
        await stop.wait()
        log.info("stopping: no new updates, finishing what is in flight")
        await server.stop()
        await application.stop()
        if application.post_shutdown:
            await application.post_shutdown(application)
