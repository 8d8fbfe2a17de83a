"""Small steps the end-to-end tests share: recognising cards, opening routines, reading buttons."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from bot.content.keys import K
from bot.storage.models import CardEvent

from ..fake_telegram import BotMessage, FakeUser
from ..harness import RunningBot
from ..texts import EN, locale, pattern


def shows_card(content: str, position: str, language: str = "en") -> bool:
    """Whether `content` opens with a card's header at `k/N`."""
    header = content.split("\n", 1)[0]
    return any(
        pattern(key, language, position=position).fullmatch(header)
        for key in (K.CARD_HEADER, K.CARD_HEADER_SHORT)
    )


def is_card(position: str, language: str = "en") -> Callable[[BotMessage], bool]:
    """Matches a live exercise card at `k/N`."""
    done = locale(language).texts.get(K.BUTTON_DONE)
    return lambda m: shows_card(m.content, position, language) and done in m.button_texts


def data_of(message: BotMessage, label: str) -> str:
    """The callback data of the button whose text starts with `label`."""
    for row in message.buttons:
        for text, data in row:
            if text.startswith(label) and data:
                return data
    raise AssertionError(f"no {label} on {message.short()}")


async def open_routine(user: FakeUser, command: str, total: int) -> BotMessage:
    """Sends a routine command and returns its first card."""
    await user.send(command)
    return await user.wait_for_shown(is_card(f"1/{total}"))


async def card_at(user: FakeUser, command: str, position: str) -> BotMessage:
    """Opens a routine and taps Done until the card at `k/N` shows."""
    step, total = (int(part) for part in position.split("/"))
    card = await open_routine(user, command, total)
    for next_step in range(2, step + 1):
        await user.press(card, EN.get(K.BUTTON_DONE))
        card = await user.wait_for_shown(is_card(f"{next_step}/{total}"))
    return card


async def event_count(bot: RunningBot) -> int:
    """How many cards were logged as done or skipped."""
    async with bot.deps.database.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(CardEvent)) or 0)
