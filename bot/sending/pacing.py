"""Pure pacing arithmetic for the two sending lanes; time is a float of seconds, passed in.

A chat's requests book their slots at once (a burst is allowed there anyway); the bulk lane lets
requests out one after another, each slot counted from when the one before really went.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChatLimit:
    """About `per_second` messages a second in one chat, with `burst` allowed at once."""

    per_second: float = 1.0
    burst: int = 2

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError("a chat limit needs a positive rate and a burst of at least one")


class ChatPacer:
    """The per-chat limit as a generic cell rate algorithm: one number per chat.

    A chat's number is the moment its bucket would be empty again. A request may go once that
    moment is no more than `burst - 1` intervals ahead; going moves it one interval on.
    """

    def __init__(self, limit: ChatLimit) -> None:
        self._interval = 1.0 / limit.per_second
        self._tolerance = (limit.burst - 1) * self._interval
        self._full_at: dict[int, float] = {}
        self._paused: dict[int, float] = {}

    def reserve(self, chat_id: int, now: float) -> float:
        """Books the chat's next slot; returns how long to wait for it (0: go now)."""
        full_at = max(self._full_at.get(chat_id, now), now)
        go_at = max(now, full_at - self._tolerance)
        self._full_at[chat_id] = max(full_at, go_at) + self._interval
        return go_at - now

    def pause(self, chat_id: int, until: float) -> None:
        """Telegram asked this chat to wait (429): nothing more goes to it before `until`."""
        self._full_at[chat_id] = max(self._full_at.get(chat_id, until), until + self._tolerance)
        self._paused[chat_id] = max(self._paused.get(chat_id, until), until)

    def paused_for(self, chat_id: int, now: float) -> float:
        """How much longer the chat's pause lasts: a slot booked before it began waits too."""
        return max(0.0, self._paused.get(chat_id, now) - now)

    def forget_idle(self, now: float) -> None:
        """Drops the chats whose bucket is full again, so memory follows the active chats."""
        for table in (self._full_at, self._paused):
            for chat in [chat for chat, at in table.items() if at <= now]:
                del table[chat]

    def __len__(self) -> int:
        return len(self._full_at)


class LanePacer:
    """An even pace of `per_second` requests for a whole lane, and a pause.

    Requests pass one at a time: each asks how long to wait, waits, and marks when it went. What
    a late wake-up (a busy event loop) missed is made up for only within a twentieth of a
    second's worth of requests: none at 28 a second, a few dozen at a paid 1000 a second. So a
    second never holds more than the pace and that small allowance.
    """

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise ValueError("a lane needs a positive rate")
        self._rate = per_second
        self._capacity = max(1.0, float(int(per_second * 0.05)))
        self._tokens = self._capacity
        self._at = float("-inf")
        self._paused_until = float("-inf")

    def _refill(self, now: float) -> float:
        if now <= self._at:
            return self._tokens
        if self._at == float("-inf"):
            return self._capacity
        return min(self._capacity, self._tokens + (now - self._at) * self._rate)

    def wait(self, now: float) -> float:
        """How long the next request must wait for its slot (0: go now)."""
        if now < self._paused_until:
            return self._paused_until - now
        tokens = self._refill(now)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self._rate

    def went(self, at: float) -> None:
        """A request went at `at`."""
        self._tokens = self._refill(at) - 1.0
        self._at = max(self._at, at)

    def pause(self, until: float) -> None:
        """Telegram asked to wait (429): the lane resumes at `until` with one request, then at
        its pace."""
        self._paused_until = max(self._paused_until, until)
        self._tokens = 1.0
        self._at = max(self._at, until)
