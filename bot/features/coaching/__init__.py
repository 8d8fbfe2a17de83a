"""Coaching: the routines, card by card, from /start to the summary and its rating."""

from __future__ import annotations

from collections.abc import Callable

from bot.content.keys import K
from bot.content.loader import Locale
from bot.domain.flow import CardAction
from bot.features.coaching import handlers
from bot.features.coaching.callbacks import CardPress, PickRoutine, Rate, ResolveOpen, ShowMenu
from bot.features.kit import Features


def register(features: Features) -> None:
    """/start, a command per routine that declares one in content/program.yaml, /routines,
    /stop, and the buttons of the routine flow."""
    features.command("start", handlers.start, store=True, describe=K.COMMAND_START)
    for routine in features.deps.content.program.routines:
        if routine.command:
            features.command(
                routine.command,
                handlers.open_routine,
                store=True,
                describe=_routine_words(routine.id),
            )
    features.command("routines", handlers.show_routines, store=True, describe=K.COMMAND_ROUTINES)
    features.command("stop", handlers.stop, store=True, describe=K.COMMAND_STOP)
    features.button(CardPress, handlers.on_card, when=lambda p: p.action is not CardAction.TIMER)
    features.button(PickRoutine, handlers.on_pick, needs_user=True)
    features.button(ResolveOpen, handlers.on_resolve, needs_user=True)
    features.button(ShowMenu, handlers.on_menu)
    features.button(Rate, handlers.on_rate)


def _routine_words(routine_id: str) -> Callable[[Locale], str]:
    def describe(locale: Locale) -> str:
        words = locale.routines.get(routine_id)
        return (words.command or words.title) if words else routine_id

    return describe
