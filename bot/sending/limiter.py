"""The bot's rate limiter: an interactive lane for replies and a bulk lane for fan-out.

python-telegram-bot hands every request to `process_request`, with the `rate_limit_args` the
caller gave (`bot.send_message(..., rate_limit_args=Lane.BULK)`); without any, a request is
interactive.

- Interactive (replies to a user's own update, the hold timer's cues): no global throttle. Only
  the per-chat limit applies (about one message a second, a short burst passes), and a 429 pauses
  only the chat it names, then the request is sent again.
- Bulk (reminders, broadcasts): an even pace for the whole lane (`BULK_MESSAGES_PER_SECOND`), on
  top of the per-chat limit; a 429 pauses the bulk lane alone and replies go on.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.sending.pacing import ChatLimit, ChatPacer, LanePacer

log = logging.getLogger(__name__)

# Requests that never wait: they name no chat, or Telegram does not limit them per chat.
_UNLIMITED = frozenset({"answerCallbackQuery", "getMe", "getUpdates", "setMyCommands"})
# The per-chat bookkeeping is swept this often (in seconds of the limiter's clock).
_SWEEP_EVERY = 60.0


class Lane(enum.Enum):
    """Which lane a request takes; pass it as `rate_limit_args`."""

    INTERACTIVE = "interactive"
    BULK = "bulk"


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class LaneRateLimiter(BaseRateLimiter[Lane]):
    """Two lanes over one per-chat limit; see the module's docstring."""

    def __init__(
        self,
        *,
        bulk_per_second: float,
        chat_limit: ChatLimit | None = None,
        interactive_retries: int = 5,
        bulk_retries: int = 2,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._chats = ChatPacer(chat_limit or ChatLimit())
        self._bulk = LanePacer(bulk_per_second)
        self._interactive_retries = interactive_retries
        self._bulk_retries = bulk_retries
        self._clock = clock
        self._sleep = sleep
        self._bulk_gate = asyncio.Lock()
        self._next_sweep = clock() + _SWEEP_EVERY
        self.flood_waits = {Lane.INTERACTIVE: 0, Lane.BULK: 0}  # 429s seen, for the benchmark

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Lane | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Waits for the request's slots, sends it, and sends it again after a 429."""
        lane = rate_limit_args if isinstance(rate_limit_args, Lane) else Lane.INTERACTIVE
        chat_id = _chat_of(data) if endpoint not in _UNLIMITED else None
        retries = self._bulk_retries if lane is Lane.BULK else self._interactive_retries
        attempt = 0
        while True:
            await self._wait_turn(lane, chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.flood_waits[lane] += 1
                until = self._clock() + retry_after_seconds(error)
                if lane is Lane.BULK:
                    self._bulk.pause(until)
                if chat_id is not None:
                    self._chats.pause(chat_id, until)
                attempt += 1
                if attempt > retries:
                    raise
                log.info(
                    "%s: Telegram asks to wait %.0f s (%s lane); sending again then",
                    endpoint,
                    retry_after_seconds(error),
                    lane.value,
                )
                if chat_id is None and lane is Lane.INTERACTIVE:
                    await self._sleep(retry_after_seconds(error))

    async def _wait_turn(self, lane: Lane, chat_id: int | None) -> None:
        now = self._clock()
        if now >= self._next_sweep:
            self._sweep(now)
        if lane is Lane.BULK:
            async with self._bulk_gate:
                # Asked again after each sleep: a pause can begin while a request waits.
                while (wait := self._bulk.wait(self._clock())) > 0:
                    await self._sleep(wait)
                self._bulk.went(self._clock())
        if chat_id is not None:
            wait = self._chats.reserve(chat_id, self._clock())
            while wait > 0:
                await self._sleep(wait)
                wait = self._chats.paused_for(chat_id, self._clock())

    def _sweep(self, now: float) -> None:
        self._next_sweep = now + _SWEEP_EVERY
        self._chats.forget_idle(now)


def _chat_of(data: dict[str, Any]) -> int | None:
    chat_id = data.get("chat_id")
    if isinstance(chat_id, int) and not isinstance(chat_id, bool):
        return chat_id
    if isinstance(chat_id, str) and re.fullmatch(r"-?[0-9]{1,20}", chat_id):
        return int(chat_id)
    return None  # a @channel name, or a request for no chat
