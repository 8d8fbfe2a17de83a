"""Telegram's flood control, as the fake server plays it (off unless a test turns it on).

- One chat: about `chat_per_second` messages a second, `chat_burst` at once; sends and edits
  both count.
- Bulk: a send to a chat whose user has not written to the bot in the last `reply_window`
  seconds is bulk-like (a reminder, a broadcast); at most `bulk_per_second` of those a second in
  all. Replies to a user's own updates have no overall ceiling, as Telegram publishes none.

Above either limit the answer is 429 with the seconds to wait. Written independently of the
bot's own pacing (`bot.sending`), so that the one checks the other.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """The limits the fake server enforces."""

    chat_per_second: float = 1.0
    chat_burst: int = 3
    bulk_per_second: float = 30.0
    reply_window: float = 60.0


class FloodControl:
    """Token buckets per chat and a one-second window of bulk-like sends."""

    def __init__(self, limits: FloodLimits) -> None:
        self.limits = limits
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)
        self._bulk: deque[float] = deque()
        self.chat_floods = 0
        self.bulk_floods = 0

    def admit(self, chat_id: int, now: float, last_update_at: float | None) -> int | None:
        """Takes one message for `chat_id` now; returns the seconds to wait if it is too many."""
        limits = self.limits
        tokens, at = self._buckets.get(chat_id, (float(limits.chat_burst), now))
        tokens = min(float(limits.chat_burst), tokens + (now - at) * limits.chat_per_second)
        if tokens < 1.0:
            self._buckets[chat_id] = (tokens, now)
            self.chat_floods += 1
            return max(1, math.ceil((1.0 - tokens) / limits.chat_per_second))
        bulk_like = last_update_at is None or now - last_update_at > limits.reply_window
        if bulk_like:
            while self._bulk and self._bulk[0] <= now - 1.0:
                self._bulk.popleft()
            if len(self._bulk) >= limits.bulk_per_second:
                self._buckets[chat_id] = (tokens, now)
                self.bulk_floods += 1
                return max(1, math.ceil(self._bulk[0] + 1.0 - now))
            self._bulk.append(now)
        self._buckets[chat_id] = (tokens - 1.0, now)
        return None
