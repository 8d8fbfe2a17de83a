"""The people in the fake: a :class:`FakeUser` types, shares, presses buttons and waits for
what the bot sends to their private chat."""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from bot.content.telegram_html import utf16_len

from .model import BotMessage, message_json

if TYPE_CHECKING:
    from .server import FakeTelegramServer

# A /command as Telegram marks it with a bot_command entity.
COMMAND_RE: Final = re.compile(
    r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])"
)


class FakeUser:
    """A Telegram user in a private chat with the bot (chat id == user id)."""

    def __init__(
        self,
        server: FakeTelegramServer,
        user_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self.server = server
        self.user_id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.chat_actions: list[str] = []
        self._order: list[int] = []
        self._unread: deque[int] = deque()
        self._own_message_ids: set[int] = set()
        self._next_message_id = 1
        self._toasts: list[str | None] = []
        self._last_query_id: str | None = None

    def __repr__(self) -> str:
        return f"FakeUser({self.user_id}, {self.first_name!r})"

    @property
    def chat_id(self) -> int:
        """The private chat's id (equal to the user id)."""
        return self.user_id

    def as_user(self) -> dict[str, Any]:
        """The Bot API ``User`` object."""
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def as_chat(self) -> dict[str, Any]:
        """The Bot API ``Chat`` object of the private chat."""
        chat: dict[str, Any] = {"id": self.user_id, "type": "private"}
        chat["first_name"] = self.first_name
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    @property
    def blocked(self) -> bool:
        """Whether this user has blocked the bot."""
        return self.user_id in self.server.blocked_users

    @property
    def messages(self) -> list[BotMessage]:
        """The bot's messages in this chat, current state, deleted ones left out."""
        current = (self.server.message(self.user_id, mid) for mid in self._order)
        return [m for m in current if not m.deleted]

    @property
    def all_messages(self) -> list[BotMessage]:
        """The bot's messages in this chat including deleted ones."""
        return [self.server.message(self.user_id, mid) for mid in self._order]

    @property
    def last_message(self) -> BotMessage:
        """The newest (not deleted) bot message; AssertionError if there is none."""
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has sent no message to {self!r}\n{self._report()}")
        return messages[-1]

    @property
    def unread(self) -> list[BotMessage]:
        """Messages not yet consumed by :meth:`wait_for_message`."""
        return [self.server.message(self.user_id, mid) for mid in self._unread]

    @property
    def toasts(self) -> list[str | None]:
        """Texts of the bot's answers to this user's button presses, in order."""
        return list(self._toasts)

    def _take_message_id(self) -> int:
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    async def send(self, text: str) -> dict[str, Any]:
        """Type ``text``; queues a Message update and returns the message object."""
        if not text.strip():
            raise ValueError("a Telegram user cannot send an empty message")
        payload: dict[str, Any] = {"text": text}
        entities = [
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
            for match in COMMAND_RE.finditer(text)
        ]
        if entities:
            payload["entities"] = entities
        return self._send_message(payload)

    async def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        """Share a location; queues a Message update and returns the message object."""
        return self._send_message({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_message_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Queue a Message update with arbitrary extra fields (contact, photo, ...)."""
        return self._send_message(dict(fields))

    def _send_message(self, fields: dict[str, Any]) -> dict[str, Any]:
        message_id = self._take_message_id()
        self._own_message_ids.add(message_id)
        message = {
            "message_id": message_id,
            "from": self.as_user(),
            "chat": self.as_chat(),
            "date": int(time.time()),
            **fields,
        }
        self.server.push_update("message", message)
        return message

    async def press(self, message: BotMessage, label: str) -> str:
        """Press the inline button labelled ``label``; returns the callback query id.

        Exact text match wins; otherwise a single button containing ``label`` is used.
        """
        current = self._current(message)
        buttons = [b for row in current.inline_keyboard for b in row]
        matches = [b for b in buttons if b.get("text") == label]
        if not matches:
            matches = [b for b in buttons if label in str(b.get("text", ""))]
        if len(matches) != 1:
            problem = "no button" if not matches else f"{len(matches)} buttons"
            raise AssertionError(
                f"{problem} labelled {label!r} on message {current.short()}; "
                f"buttons: {current.button_texts}"
            )
        data = matches[0].get("callback_data")
        if not isinstance(data, str):
            raise AssertionError(f"button {label!r} has no callback_data: {matches[0]}")
        return self._press(current, data)

    async def press_data(self, message: BotMessage, data: str) -> str:
        """Send a callback query with arbitrary (possibly forged) ``data``."""
        return self._press(self._current(message), data)

    def _current(self, message: BotMessage) -> BotMessage:
        if message.chat_id != self.user_id:
            raise AssertionError(f"message {message.short()} is not in the chat of {self!r}")
        current = self.server.message(self.user_id, message.message_id)
        if current.deleted:
            raise AssertionError(f"message {current.short()} was deleted; it has no buttons")
        return current

    def _press(self, message: BotMessage, data: str) -> str:
        query = self.server._new_query(self.user_id, message.message_id, data)
        self._last_query_id = query.query_id
        self.server.push_update(
            "callback_query",
            {
                "id": query.query_id,
                "from": self.as_user(),
                "message": message_json(message, self.as_chat()),
                "chat_instance": str(self.user_id * 7919 % 10**18 + 10**17),
                "data": data,
            },
        )
        return query.query_id

    async def wait_for_message(
        self,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """Return the oldest unconsumed bot message matching ``predicate``, waiting for it.

        Messages are consumed in order; non-matching ones are skipped for good. The
        predicate sees the current state and, failing that, the message as first sent.
        """
        skipped: list[BotMessage] = []

        def check() -> tuple[BotMessage] | None:
            while self._unread:
                message_id = self._unread.popleft()
                current = self.server.message(self.user_id, message_id)
                if predicate is None:
                    return (current,)
                for candidate in (current, self.server._original(self.user_id, message_id)):
                    if predicate(candidate):
                        return (candidate,)
                skipped.append(current)
            return None

        what = "a new bot message" + (" matching the predicate" if predicate else "")

        def describe() -> str:
            lines = [f"Timed out after {timeout}s waiting for {what} in chat {self.user_id}."]
            if skipped:
                lines.append("Skipped (not matching): " + "; ".join(m.short() for m in skipped))
            return "\n".join([*lines, self._report()])

        return await self.server._wait(check, timeout, describe)

    async def wait_for_shown(
        self,
        predicate: Callable[[BotMessage], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """Return the newest bot message whose current state matches ``predicate``, waiting for
        one: a message sent for it or an older one edited into it (a card turned into the next
        one). As with :meth:`wait_for_message`, the new messages up to that one count as read."""

        def check() -> tuple[BotMessage] | None:
            for message in reversed(self.messages):
                if predicate(message):
                    while self._unread and self._unread[0] <= message.message_id:
                        self._unread.popleft()
                    return (message,)
            return None

        def describe() -> str:
            return (
                f"Timed out after {timeout}s waiting for a message showing what the predicate"
                f" wants in chat {self.user_id}.\n{self._report()}"
            )

        return await self.server._wait(check, timeout, describe)

    async def wait_for_edit(self, message: BotMessage, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Wait until ``message`` is edited again (relative to the snapshot given)."""

        def check() -> tuple[BotMessage] | None:
            current = self.server.message(self.user_id, message.message_id)
            if current.edited > message.edited:
                return (current,)
            if current.deleted:
                raise AssertionError(
                    f"message {current.short()} was deleted instead of edited\n{self._report()}"
                )
            return None

        def describe() -> str:
            return (
                f"Timed out after {timeout}s waiting for an edit of message "
                f"{message.short()}\n{self._report()}"
            )

        return await self.server._wait(check, timeout, describe)

    async def wait_for_toast(self, timeout: float = 5.0, query_id: str | None = None) -> str | None:  # noqa: ASYNC109
        """Wait until the bot answers the callback query (default: the last press)."""
        query_id = query_id or self._last_query_id
        if query_id is None:
            raise AssertionError(f"{self!r} has not pressed any button")
        query = self.server._queries[query_id]

        def check() -> tuple[str | None] | None:
            return (query.text,) if query.answered else None

        def describe() -> str:
            return (
                f"Timed out after {timeout}s waiting for answerCallbackQuery of query "
                f"{query_id} (data={query.data!r})\n{self._report()}"
            )

        return await self.server._wait(check, timeout, describe)

    def _report(self, last: int = 10) -> str:
        return self.server.report(self.user_id, last=last)
