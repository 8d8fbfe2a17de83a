"""The operator's own text keys (`admin.*` in texts.yaml, and the menu lines of /stats and
/broadcast), declared here beside the code that uses them."""

from __future__ import annotations

from enum import StrEnum

from bot.content.keys import declare_texts


class OperatorText(StrEnum):
    """Every text key of /stats and /broadcast."""

    STATS = "admin.stats"
    STATS_DAY = "admin.stats_day"
    BROADCAST_USAGE = "admin.broadcast_usage"
    BROADCAST_INVALID = "admin.broadcast_invalid"
    BROADCAST_TOO_LONG = "admin.broadcast_too_long"
    BROADCAST_PREVIEW = "admin.broadcast_preview"
    BROADCAST_SEND = "admin.broadcast_send"
    BROADCAST_CANCEL = "admin.broadcast_cancel"
    BROADCAST_STARTED = "admin.broadcast_started"
    BROADCAST_CANCELLED = "admin.broadcast_cancelled"
    BROADCAST_BUSY = "admin.broadcast_busy"
    BROADCAST_REPORT = "admin.broadcast_report"
    COMMAND_STATS = "commands.stats"
    COMMAND_BROADCAST = "commands.broadcast"


declare_texts(
    OperatorText,
    placeholders={
        OperatorText.STATS: {
            "users",
            "active_7",
            "active_30",
            "blocked",
            "reminders_on",
            "reminders_sent",
            "reminders_failed",
            "per_day",
        },
        OperatorText.STATS_DAY: {"date", "count"},
        OperatorText.BROADCAST_INVALID: {"problem"},
        OperatorText.BROADCAST_TOO_LONG: {"limit"},
        OperatorText.BROADCAST_PREVIEW: {"count"},
        OperatorText.BROADCAST_SEND: {"count"},
        OperatorText.BROADCAST_STARTED: {"count"},
        OperatorText.BROADCAST_REPORT: {"sent", "failed", "blocked"},
    },
)
