"""Renders the /language picker."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import encode
from bot.content.keys import K
from bot.content.loader import Content, Locale
from bot.features.language.callbacks import PickLanguage
from bot.features.replies import Reply


def picker(locale: Locale, content: Content) -> Reply:
    """The language question, with one button per language, each named in its own language."""
    buttons = [
        [
            InlineKeyboardButton(
                other.texts.get(K.LANGUAGE_NAME), callback_data=encode(PickLanguage(code))
            )
        ]
        for code, other in sorted(content.locales.items())
    ]
    return Reply(locale.texts.get(K.LANGUAGE_CHOOSE), InlineKeyboardMarkup(buttons))
