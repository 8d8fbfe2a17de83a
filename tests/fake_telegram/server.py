"""A fake Telegram Bot API server for end-to-end tests.

The bot under test talks to it over HTTP exactly as it would talk to api.telegram.org
(``base_url=f"{server.url}/bot"``); the test drives users through :class:`FakeUser` and
inspects what the bot sent. Answers mirror the real Bot API, including its error wording.

The server holds the state (chats, messages, updates, files, commands) and the test-side API;
``http_app`` serves it, ``methods`` implements the Bot API methods on it, ``users`` is the
people in it and ``model`` the data it is made of.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from .flood import FloodControl, FloodLimits
from .http_app import HttpFront
from .methods import METHODS, scope_key, wait_event
from .model import (
    DEFAULT_DESCRIPTIONS,
    ApiCall,
    ApiError,
    BotMessage,
    Failure,
    Query,
    SentFile,
    Update,
    UploadedFile,
)
from .users import FakeUser

T = TypeVar("T")


class FakeTelegramServer:
    """An aiohttp server speaking the Telegram Bot API on 127.0.0.1 (free port)."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.tokens_seen: set[str] = set()
        self.revoked_tokens: set[str] = set()  # answered 401 Unauthorized, as Telegram does
        self.flood: FloodControl | None = None  # Telegram's flood limits, when a test wants them
        self.too_many_requests = 0
        self.blocked_users: set[int] = set()
        self.webhook_url = ""
        self.allowed_updates: list[str] | None = None
        # Telegram refuses answerCallbackQuery for presses older than about 15 seconds.
        self.press_answer_timeout: float | None = 15.0
        self._press_clock_offset = 0.0
        self._users: dict[int, FakeUser] = {}
        self._messages: dict[tuple[int, int], BotMessage] = {}
        self._originals: dict[tuple[int, int], BotMessage] = {}
        self._updates: list[Update] = []
        self._update_ids = itertools.count(100_000_001)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._file_numbers = itertools.count(1)
        self._queries: dict[str, Query] = {}
        self._files: dict[str, SentFile] = {}
        self._file_paths: dict[str, SentFile] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._failures: list[Failure] = []
        self._last_update_at: dict[int, float] = {}
        self._changed = asyncio.Event()
        self._chat_changed: dict[int, asyncio.Event] = {}
        self._inflight = 0
        self._last_activity = -math.inf
        self._poll_generation = 0
        self._pollers = 0
        self._closing = False
        self._http: HttpFront | None = None
        self._port: int | None = None

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        if self._http is not None:
            raise RuntimeError("FakeTelegramServer already started")
        http = HttpFront(self)
        self._port = await http.start()
        self._http = http
        self._closing = False

    async def stop(self) -> None:
        """Release long polls and shut the server down."""
        if self._http is None:
            return
        self._closing = True
        self._notify()
        http, self._http = self._http, None
        await http.stop()

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
        key = (scope_key(scope), language_code or "")
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
        if method.lower() not in METHODS:
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
            description = DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
        error = ApiError(error_code, description, parameters)
        self._failures.append(Failure(method.lower(), chat_id, error, times))

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to the chat answer 403 until :meth:`unblock`."""
        self.blocked_users.add(user_id)

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        self.blocked_users.discard(user_id)

    def enforce_flood_limits(self, limits: FloodLimits | None = None) -> FloodControl:
        """Answers 429 above Telegram's flood limits from now on (see ``flood``)."""
        self.flood = FloodControl(limits or FloodLimits())
        return self.flood

    def last_update_at(self, user_id: int) -> float | None:
        """When the user last sent the bot an update (monotonic seconds), if ever."""
        return self._last_update_at.get(user_id)

    def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of type ``kind`` (e.g. ``"message"``); returns its update_id."""
        sender = payload.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            self._last_update_at[sender["id"]] = time.monotonic()
        update = Update(next(self._update_ids), kind, payload)
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
        chat_id: int | None = None,
    ) -> None:
        """Wait (event driven) until ``condition()`` holds after some server activity: any
        activity, or with ``chat_id`` only calls about that chat (many waiters then do not all
        wake on every call)."""

        def check() -> tuple[None] | None:
            return (None,) if condition() else None

        def describe() -> str:
            return f"Timed out after {timeout}s waiting for {what}"

        changed = None if chat_id is None else (lambda: self._chat_event(chat_id))
        await self._wait(check, timeout, describe, changed)

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
            await wait_event(event, wait)

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

    def _notify(self, chat_id: int | None = None) -> None:
        """Wakes the waiters of any activity, and those of ``chat_id``'s (all chats' when the
        server stops)."""
        self._changed.set()
        self._changed = asyncio.Event()
        if self._closing:
            chats, self._chat_changed = list(self._chat_changed.values()), {}
            for event in chats:
                event.set()
        elif chat_id is not None and chat_id in self._chat_changed:
            self._chat_changed.pop(chat_id).set()

    def _chat_event(self, chat_id: int) -> asyncio.Event:
        return self._chat_changed.setdefault(chat_id, asyncio.Event())

    async def _wait(
        self,
        check: Callable[[], tuple[T] | None],
        seconds: float,
        describe: Callable[[], str],
        changed: Callable[[], asyncio.Event] | None = None,
    ) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            event = self._changed if changed is None else changed()
            found = check()
            if found is not None:
                return found[0]
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(describe())
            await wait_event(event, remaining)

    def press_clock(self) -> float:
        """Seconds on the clock that ages presses (monotonic, moved on by `age_presses`)."""
        return time.monotonic() + self._press_clock_offset

    def age_presses(self, seconds: float) -> None:
        """Makes every press so far (and the clock) `seconds` older, without waiting."""
        self._press_clock_offset += seconds

    def _new_query(self, user_id: int, message_id: int, data: str) -> Query:
        query = Query(
            str(next(self._query_ids)), user_id, message_id, data, pressed_at=self.press_clock()
        )
        self._queries[query.query_id] = query
        return query
