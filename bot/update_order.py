"""Updates of one chat handled one after another; different chats at the same time.

Two fast taps on ✅ Done, or ⏱ and ✅ on the same card, are two updates of one chat. Handled at
the same time, the second would be judged before the first has shown its answer: it could not
tell a reply still on its way from one that was lost in a crash, and each would edit the same
card. In order, the second one sees what the first did and left in the chat (grammY's runner
calls this `sequentialize`).

A chat waiting for its turn holds no worker: at most `workers` updates run at once in all, and
a user who sends a hundred messages only queues their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's own limit counts updates waiting for their chat's turn too; waiting is cheap.
WAITING_LIMIT = 4096


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Runs up to `workers` updates at once, never two of the same chat."""

    __slots__ = ("_chats", "_workers")

    def __init__(self, workers: int) -> None:
        super().__init__(max_concurrent_updates=WAITING_LIMIT)
        self._workers = asyncio.BoundedSemaphore(workers)
        # A chat's lock and how many of its updates hold or wait for it; gone at zero.
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Waits for the chat's earlier updates, then for a free worker, and runs the update."""
        chat_id = _chat_of(update)
        if chat_id is None:
            async with self._workers:
                await coroutine
            return
        held = self._chats.get(chat_id)
        lock, users = held if held is not None else (asyncio.Lock(), 0)
        self._chats[chat_id] = (lock, users + 1)
        try:
            async with lock, self._workers:
                await coroutine
        finally:
            lock, users = self._chats[chat_id]
            if users == 1:
                del self._chats[chat_id]
            else:
                self._chats[chat_id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    @property
    def waiting_chats(self) -> int:
        """Chats with an update running or waiting (for tests and metrics)."""
        return len(self._chats)


def _chat_of(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
