"""The two sending lanes: per-chat pacing, the bulk pace, and what a 429 pauses."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Awaitable
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.sending.limiter import Lane, LaneRateLimiter
from bot.sending.pacing import ChatLimit, ChatPacer, LanePacer


def test_a_chat_gets_its_burst_at_once_then_one_a_second() -> None:
    pacer = ChatPacer(ChatLimit(per_second=1.0, burst=3))
    waits = [pacer.reserve(7, now=100.0) for _ in range(6)]
    assert waits == [0.0, 0.0, 0.0, 1.0, 2.0, 3.0]


def test_chats_do_not_wait_for_each_other() -> None:
    pacer = ChatPacer(ChatLimit(per_second=1.0, burst=1))
    assert [pacer.reserve(chat, now=5.0) for chat in range(100)] == [0.0] * 100


def test_a_quiet_chat_gets_its_burst_back_and_is_forgotten() -> None:
    pacer = ChatPacer(ChatLimit(per_second=1.0, burst=2))
    assert [pacer.reserve(1, 0.0), pacer.reserve(1, 0.0), pacer.reserve(1, 0.0)] == [0, 0, 1]
    pacer.forget_idle(now=2.0)
    assert len(pacer) == 1  # its bucket refills at 3.0
    pacer.forget_idle(now=3.0)
    assert len(pacer) == 0
    assert [pacer.reserve(1, 10.0), pacer.reserve(1, 10.0)] == [0.0, 0.0]


def test_a_paused_chat_waits_until_the_end_of_the_pause() -> None:
    pacer = ChatPacer(ChatLimit(per_second=1.0, burst=3))
    pacer.pause(1, until=30.0)
    assert pacer.reserve(1, now=10.0) == 20.0
    assert pacer.reserve(2, now=10.0) == 0.0


def test_the_bulk_pace_is_even_with_no_burst() -> None:
    pacer = LanePacer(per_second=4.0)
    assert pacer.wait(now=0.0) == 0.0
    pacer.went(0.0)
    assert pacer.wait(now=0.0) == 0.25
    pacer.went(0.25)
    assert pacer.wait(now=10.0) == 0.0  # an idle lane saves nothing up


def test_a_late_request_does_not_let_the_next_one_catch_up() -> None:
    pacer = LanePacer(per_second=10.0)
    pacer.went(0.0)
    pacer.went(0.5)  # its slot was at 0.1, but the loop woke it late
    assert pacer.wait(now=0.5) == pytest.approx(0.1)


def test_at_a_high_pace_a_late_wake_up_makes_up_a_twentieth_of_a_second_at_most() -> None:
    pacer = LanePacer(per_second=1000.0)
    pacer.went(0.0)
    passed = 0
    while pacer.wait(now=1.0) == 0.0:  # the loop was busy for a second
        pacer.went(1.0)
        passed += 1
    assert passed == 50


def test_a_bulk_pause_moves_the_lane_on() -> None:
    pacer = LanePacer(per_second=10.0)
    pacer.pause(until=5.0)
    assert pacer.wait(now=1.0) == pytest.approx(4.0)
    pacer.went(5.0)
    assert pacer.wait(now=5.0) == pytest.approx(0.1)


@pytest.mark.parametrize("limit", [(0.0, 1), (1.0, 0)])
def test_a_meaningless_limit_is_refused(limit: tuple[float, int]) -> None:
    with pytest.raises(ValueError, match="positive rate"):
        ChatLimit(*limit)


class VirtualTime:
    """Virtual seconds for concurrent tasks: when every task waits, time jumps to the earliest
    wake-up. The limiter runs at once, and its waits can be read off exactly."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._count = 0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._count += 1
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), self._count, future))
        await future

    async def run(self, *work: Awaitable[object]) -> None:
        """Runs `work` to its end, moving time whenever nothing else can run."""
        tasks = [asyncio.ensure_future(w) for w in work]
        while not all(t.done() for t in tasks):
            for _ in range(20):  # let every runnable task reach its next wait
                await asyncio.sleep(0)
            if self._sleepers:
                self.now, _, future = heapq.heappop(self._sleepers)
                future.set_result(None)
        for task in tasks:
            task.result()


class FakeApi:
    """Records when each request went; answers 429 to the ones it is told to."""

    def __init__(self, time: VirtualTime) -> None:
        self.time = time
        self.sent: list[tuple[float, str, int | None]] = []
        self.floods: dict[str, list[int]] = {}

    def limiter(self, **overrides: Any) -> LaneRateLimiter:
        options: dict[str, Any] = {
            "bulk_per_second": 10.0,
            "chat_limit": ChatLimit(1.0, 3),
            "clock": self.time.clock,
            "sleep": self.time.sleep,
        }
        return LaneRateLimiter(**(options | overrides))

    async def call(
        self,
        limiter: LaneRateLimiter,
        text: str,
        chat_id: int | None = 1,
        lane: Lane | None = None,
        endpoint: str = "sendMessage",
    ) -> object:
        async def callback() -> bool:
            waits = self.floods.get(text)
            if waits:
                raise RetryAfter(int(waits.pop(0)))
            self.sent.append((self.time.now, text, chat_id))
            return True

        data = {} if chat_id is None else {"chat_id": chat_id}
        return await limiter.process_request(callback, (), {}, endpoint, data, lane)


async def test_a_tap_s_edit_and_next_card_go_out_together() -> None:
    api = FakeApi(VirtualTime())
    limiter = api.limiter()
    await api.time.run(api.call(limiter, "edit"), api.call(limiter, "card"))
    assert [at for at, _, _ in api.sent] == [0.0, 0.0]


async def test_replies_do_not_wait_behind_bulk() -> None:
    api = FakeApi(VirtualTime())
    limiter = api.limiter(bulk_per_second=1.0)
    bulk = [api.call(limiter, f"reminder {n}", chat_id=100 + n, lane=Lane.BULK) for n in range(5)]
    replies = [api.call(limiter, f"reply {n}", chat_id=n) for n in range(5)]
    await api.time.run(*bulk, *replies)
    times = {text: at for at, text, _ in api.sent}
    assert all(times[f"reply {n}"] == 0.0 for n in range(5))
    assert [times[f"reminder {n}"] for n in range(5)] == [0.0, 1.0, 2.0, 3.0, 4.0]


async def test_a_429_on_a_reply_pauses_that_chat_only_and_the_reply_still_goes() -> None:
    api = FakeApi(VirtualTime())
    limiter = api.limiter()
    api.floods["card"] = [7]
    await api.time.run(api.call(limiter, "card", chat_id=1), api.call(limiter, "other", 2))
    assert (7.0, "card", 1) in api.sent
    assert (0.0, "other", 2) in api.sent
    assert limiter.flood_waits[Lane.INTERACTIVE] == 1


async def test_a_429_in_bulk_pauses_the_bulk_lane_but_not_replies() -> None:
    time = VirtualTime()
    api = FakeApi(time)
    limiter = api.limiter(bulk_per_second=2.0)
    api.floods["reminder 0"] = [10]
    bulk = [api.call(limiter, f"reminder {n}", chat_id=100 + n, lane=Lane.BULK) for n in range(3)]

    async def reply_later() -> None:
        await time.sleep(0.2)
        await api.call(limiter, "reply", chat_id=1)

    await time.run(*bulk, reply_later())
    times = {text: at for at, text, _ in api.sent}
    assert times["reply"] == pytest.approx(0.2)
    assert min(times[f"reminder {n}"] for n in range(3)) >= 10.0
    assert limiter.flood_waits[Lane.BULK] == 1


async def test_a_request_flooded_too_often_raises_for_its_caller() -> None:
    api = FakeApi(VirtualTime())
    limiter = api.limiter(bulk_retries=1)
    api.floods["reminder"] = [1, 1]
    with pytest.raises(RetryAfter):
        await api.time.run(api.call(limiter, "reminder", chat_id=5, lane=Lane.BULK))
    assert api.sent == []


async def test_answering_a_button_never_waits() -> None:
    api = FakeApi(VirtualTime())
    limiter = api.limiter(chat_limit=ChatLimit(1.0, 1))
    answers = [
        api.call(limiter, f"answer {n}", chat_id=None, endpoint="answerCallbackQuery")
        for n in range(5)
    ]
    await api.time.run(*answers)
    assert {at for at, _, _ in api.sent} == {0.0}
