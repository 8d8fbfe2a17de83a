"""Yes or no to a question that needs confirmation: shared by /deleteme and /broadcast.

Callback data comes back from the client and can be forged: decoding is strict (see
`bot.callback_data`), and the wire format is fixed, since buttons already sent carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from bot.callback_data import ID, CallbackData, flag


class ConfirmSubject(StrEnum):
    """What is being confirmed."""

    DELETE_ME = "del"
    BROADCAST = "bc"


@dataclass(frozen=True, slots=True)
class Confirm(CallbackData, prefix="y"):
    """Yes or no to a question that needs confirmation (deleting data, a broadcast)."""

    subject: ConfirmSubject
    yes: Annotated[bool, flag(true="y", false="n")]
    ref: Annotated[int, ID] = 0  # e.g. the broadcast id; 0 (none) is left out
