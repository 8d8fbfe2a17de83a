"""Rendering of /mydata and /deleteme. No I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.content.keys import K
from bot.content.loader import Locale
from bot.features.confirm import Confirm, ConfirmSubject
from bot.features.replies import Reply, button


def delete_question(locale: Locale) -> Reply:
    """Are you sure? Two buttons."""
    texts = locale.texts
    return Reply(
        texts.get(K.DELETEME_CONFIRM),
        InlineKeyboardMarkup(
            [
                [button(texts.get(K.DELETEME_YES), Confirm(ConfirmSubject.DELETE_ME, True))],
                [button(texts.get(K.DELETEME_NO), Confirm(ConfirmSubject.DELETE_ME, False))],
            ]
        ),
    )
