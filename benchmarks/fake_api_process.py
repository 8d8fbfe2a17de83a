"""The fake Bot API server in a process of its own, so a benchmark measures the bot alone.

    python -m benchmarks.fake_api_process FIRST_ID COUNT [--enforce-limits]

Prints one JSON line {"url": ..., "stats": ...} once it listens; GET <stats> answers with the
number of messages sent, duplicates and missing chats among the COUNT users, and 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import Counter

from aiohttp import web

from tests.fake_telegram import FakeTelegramServer


async def serve(first_id: int, count: int, enforce: bool) -> None:
    server = FakeTelegramServer()
    if enforce:
        server.enforce_flood_limits()
    await server.start()
    ids = range(first_id, first_id + count)
    for user_id in ids:
        server.user(user_id, f"User {user_id}")

    async def stats(request: web.Request) -> web.Response:
        per_chat = Counter(m.chat_id for m in server.sent_messages)
        return web.json_response(
            {
                "sent": sum(per_chat.values()),
                "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
                "missed": sum(1 for user_id in ids if per_chat[user_id] == 0),
                "too_many_requests": server.too_many_requests,
            }
        )

    app = web.Application()
    app.router.add_get("/stats", stats)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    print(json.dumps({"url": server.url, "stats": f"http://127.0.0.1:{port}/stats"}), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("first_id", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--enforce-limits", action="store_true")
    args = parser.parse_args()
    asyncio.run(serve(args.first_id, args.count, args.enforce_limits))
