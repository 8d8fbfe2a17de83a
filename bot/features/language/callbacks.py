"""The button of /language: the language chosen.

Callback data comes back from the client and can be forged: decoding is strict (see
`bot.callback_data`), and the wire format is fixed, since buttons already sent carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.callback_data import LANGUAGE, CallbackData


@dataclass(frozen=True, slots=True)
class PickLanguage(CallbackData, prefix="l"):
    """A language chosen with /language (a code such as "ru"; checked against the content)."""

    language: Annotated[str, LANGUAGE]
