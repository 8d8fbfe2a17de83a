"""The routines menu that many features show: its keyboard, /routines, and short texts with it."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.content.keys import FULL_ROUTINE, K, P
from bot.content.loader import Locale
from bot.domain.program import Program
from bot.features.coaching.callbacks import PickRoutine
from bot.features.replies import Reply, button


def routine_title(locale: Locale, routine_id: str) -> str:
    """The routine's display name (its id if the locale lacks it)."""
    words = locale.routines.get(routine_id)
    return words.title if words else routine_id


def menu_keyboard(locale: Locale, program: Program) -> InlineKeyboardMarkup:
    """The full complex on its own row, then the short sets two per row."""
    rows: list[list[InlineKeyboardButton]] = []
    pair: list[InlineKeyboardButton] = []
    for routine in program.routines:
        pick = button(locale.routines[routine.id].button, PickRoutine(routine.id))
        if routine.id == FULL_ROUTINE:
            rows.insert(0, [pick])
            continue
        pair.append(pick)
        if len(pair) == 2:
            rows.append(pair)
            pair = []
    if pair:
        rows.append(pair)
    return InlineKeyboardMarkup(rows)


def routines_menu(locale: Locale, program: Program) -> Reply:
    """/routines: every routine with its number of exercises and minutes."""
    lines = [locale.texts.get(K.MENU_TITLE)]
    for routine in program.routines:
        words = locale.routines[routine.id]
        lines.append(
            locale.texts.get(
                K.MENU_LINE,
                routine=words.title,
                description=words.description,
                exercises=locale.texts.count(P.EXERCISES, routine.total),
                minutes=routine.estimated_minutes,
            )
        )
    return Reply("\n\n".join(lines), menu_keyboard(locale, program))


def with_menu(locale: Locale, program: Program, key: K) -> Reply:
    """A short text followed by the routines keyboard."""
    return Reply(locale.texts.get(key), menu_keyboard(locale, program))
