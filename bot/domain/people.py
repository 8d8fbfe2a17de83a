"""Who is behind an update, as the services see them (no Telegram types)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# How fresh a user's last-seen time is kept.
SEEN_EVERY = timedelta(hours=1)


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}")


def is_encodable(text: str) -> bool:
    """Whether `text` can be stored or sent: JSON allows a lone UTF-16 surrogate ("\\ud83d"),
    UTF-8 does not."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, so that it can be stored and sent."""
    if is_encodable(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def language_tag(code: str | None) -> str | None:
    """A Telegram language code if it looks like one ("en", "pt-br"), else None."""
    return code if code and _LANGUAGE_TAG.fullmatch(code) else None


@dataclass(frozen=True, slots=True)
class Person:
    """The user behind an update: their Telegram id, first name and Telegram language."""

    id: int
    first_name: str
    language_code: str | None


@dataclass(frozen=True, slots=True)
class Stored:
    """What the database keeps of a user that every update needs: whether they are stored at
    all, their language (Telegram's at first contact, or the one /language chose), and when
    they were last seen."""

    known: bool
    language_code: str | None
    last_seen_at: datetime | None = None

    def seen_long_ago(self, now: datetime) -> bool:
        """Whether a stored user's last-seen time is older than its precision (an hour): the
        operator's counts of active users need no more, and a press need not write it."""
        return self.known and (self.last_seen_at is None or now - self.last_seen_at >= SEEN_EVERY)
