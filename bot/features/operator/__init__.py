"""The operator of ADMIN_IDS: /stats, /broadcast, and the job that sends broadcasts."""

from __future__ import annotations

from bot.features.confirm import Confirm, ConfirmSubject
from bot.features.kit import BotApp, Features
from bot.features.operator import handlers
from bot.features.operator.broadcasting import BroadcastDispatcher
from bot.features.operator.texts import OperatorText

BROADCAST_JOB = "broadcasts"


def register(features: Features) -> None:
    """The operator's commands (listed in the operators' own menu), the broadcast confirmation,
    and the broadcast job."""
    features.command("stats", handlers.stats, describe=OperatorText.COMMAND_STATS, admin=True)
    features.command(
        "broadcast", handlers.broadcast, describe=OperatorText.COMMAND_BROADCAST, admin=True
    )
    features.button(
        Confirm, handlers.on_confirm, when=lambda c: c.subject is ConfirmSubject.BROADCAST
    )
    deps, application = features.deps, features.application
    broadcaster = BroadcastDispatcher(
        deps.database,
        deps.clock,
        application.bot,
        deps.content,
        deps.bulk_lane,
        paid_broadcast=deps.settings.paid_broadcast,
    )
    application.bot_data["broadcaster"] = broadcaster
    features.repeat(BROADCAST_JOB, broadcaster.run_due, deps.settings.reminder_poll_seconds)

    async def release(application: BotApp) -> None:
        await broadcaster.release_claims()

    features.shutdown.append(release)
