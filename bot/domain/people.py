"""Who is behind an update, as the services see them (no Telegram types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# How fresh a user's last-seen time is kept.
SEEN_EVERY = timedelta(hours=1)


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
