"""The fake Bot API server in a process of its own, so a benchmark measures the bot alone.

    python -m benchmarks.fake_api_process FIRST_ID COUNT [--enforce-limits]

Prints one JSON line {"url": ..., "stats": ..., "taps": ...} once it listens.
- GET <stats>: the messages sent to the COUNT users FIRST_ID…, with duplicates, users missed, the
  429s answered, and the bulk rate (those messages over the time from the first to the last).
- POST <taps>?users=N&first=ID&pace=S&command=/workout: N other users each open the routine and
  tap ✅ Done on every card as soon as it shows (waiting S seconds first, like a person doing the
  exercise); answers the taps, their duration, p50 and p99 latency (tap → next card) and the
  Bot API calls per tap.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from tests.fake_telegram import BotMessage, FakeTelegramServer, FakeUser

DONE = "✅ Done"
POSITION = re.compile(r"\b(\d+)/(\d+)\b")  # a card's k/N


@asynccontextmanager
async def spawned(first_id: int, count: int, *, enforce: bool) -> AsyncIterator[dict[str, str]]:
    """This server in a process of its own, for a benchmark; yields its endpoints."""
    flags = ["--enforce-limits"] if enforce else []
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.fake_api_process",
        str(first_id),
        str(count),
        *flags,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        endpoints: dict[str, str] = json.loads(await process.stdout.readline())
        yield endpoints
    finally:
        process.terminate()
        await process.wait()


def _live_card(user: FakeUser) -> BotMessage | None:
    for message in reversed(user.messages[-4:]):
        if not message.deleted and DONE in message.button_texts:
            return message
    return None


def _key(message: BotMessage | None) -> tuple[int, int] | None:
    return None if message is None else (message.message_id, message.edited)


async def _next_card(
    server: FakeTelegramServer, user: FakeUser, after: BotMessage | None
) -> BotMessage:
    before = _key(after)
    await server.wait_for(
        lambda: (card := _live_card(user)) is not None and _key(card) != before,
        timeout=120,
        what=f"the next card of {user.user_id}",
        chat_id=user.chat_id,
    )
    card = _live_card(user)
    assert card is not None
    return card


async def _tap_through(
    server: FakeTelegramServer, user: FakeUser, command: str, pace: float, latencies: list[float]
) -> int:
    await user.send(command)
    card = await _next_card(server, user, None)
    taps = 0
    while not _is_last(card):  # Done on the last card leads to the summary, not to a card
        if pace:
            await asyncio.sleep(pace)
        started = time.monotonic()
        await user.press(card, DONE)
        card = await _next_card(server, user, card)
        latencies.append(time.monotonic() - started)
        taps += 1
    return taps


def _is_last(card: BotMessage) -> bool:
    found = POSITION.search(card.content)
    return found is None or found.group(1) == found.group(2)


async def serve(first_id: int, count: int, enforce: bool) -> None:
    server = FakeTelegramServer()
    if enforce:
        server.enforce_flood_limits()
    await server.start()
    ids = range(first_id, first_id + count)
    for user_id in ids:
        server.user(user_id, f"User {user_id}")

    async def stats(request: web.Request) -> web.Response:
        wanted = set(ids)
        sends = [
            c.at
            for c in server.calls_to("sendMessage")
            if c.ok and c.params.get("chat_id") in wanted
        ]
        per_chat = Counter(m.chat_id for m in server.sent_messages if m.chat_id in wanted)
        span = max(sends) - min(sends) if len(sends) > 1 else 0.0
        return web.json_response(
            {
                "sent": sum(per_chat.values()),
                "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
                "missed": sum(1 for user_id in ids if per_chat[user_id] == 0),
                "too_many_requests": server.too_many_requests,
                "chat_floods": server.flood.chat_floods if server.flood else 0,
                "bulk_floods": server.flood.bulk_floods if server.flood else 0,
                "bulk_rate": (len(sends) - 1) / span if span else 0.0,
            }
        )

    async def taps(request: web.Request) -> web.Response:
        users = int(request.query["users"])
        first = int(request.query["first"])
        pace = float(request.query.get("pace", "0"))
        command = request.query.get("command", "/workout")
        tappers = [server.user(first + n, f"Tapper {n}") for n in range(users)]
        calls_before = len(server.calls)
        latencies: list[float] = []
        started = time.monotonic()
        counts = await asyncio.gather(
            *(_tap_through(server, user, command, pace, latencies) for user in tappers)
        )
        seconds = time.monotonic() - started
        tapper_ids = {user.user_id for user in tappers}
        calls = [
            c
            for c in server.calls[calls_before:]
            if c.method != "getUpdates" and (c.chat_id in tapper_ids or c.chat_id is None)
        ]
        ordered = sorted(latencies)
        return web.json_response(
            {
                "taps": sum(counts),
                "seconds": seconds,
                "p50": statistics.median(ordered) if ordered else 0.0,
                "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0,
                "calls_per_tap": len(calls) / max(1, sum(counts)),
                "too_many_requests": server.too_many_requests,
                "polls": sum(1 for c in server.calls[calls_before:] if c.method == "getUpdates"),
            }
        )

    app = web.Application()
    app.router.add_get("/stats", stats)
    app.router.add_post("/taps", taps)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    base = f"http://127.0.0.1:{port}"
    print(
        json.dumps({"url": server.url, "stats": f"{base}/stats", "taps": f"{base}/taps"}),
        flush=True,
    )
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("first_id", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--enforce-limits", action="store_true")
    args = parser.parse_args()
    asyncio.run(serve(args.first_id, args.count, args.enforce_limits))
