"""Who is behind an update, as the services see them (no Telegram types)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Person:
    """The user behind an update: their Telegram id, first name and Telegram language."""

    id: int
    first_name: str
    language_code: str | None


@dataclass(frozen=True, slots=True)
class Stored:
    """What the database keeps of a user that every update needs: whether they are stored at
    all, and their language (Telegram's at first contact, or the one /language chose)."""

    known: bool
    language_code: str | None
