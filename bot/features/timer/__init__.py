"""The ⏱ hold timer: a button on cards with a hold, cues when to change sides and when the time
is up, kept in the database so that a restart or a second instance sends each cue once."""

from __future__ import annotations

from bot.content.keys import K
from bot.domain.flow import CardAction
from bot.features.coaching.callbacks import CardPress
from bot.features.coaching.views import rejection_toast
from bot.features.kit import BotApp, BotContext, Features, Press
from bot.features.replies import answer
from bot.features.timer.timers import HoldTimers
from bot.services.coaching import Rejected, TimerAllowed


def register(features: Features) -> None:
    """The ⏱ button, and the restoring of cues at start-up."""
    timers = HoldTimers(features.deps)

    async def on_timer(press: Press[CardPress], context: BotContext) -> None:
        locale, pressed = press.user.locale, press.data
        async with context.deps.coaching() as coaching:
            outcome = await coaching.press(
                press.user.id,
                pressed.session_id,
                pressed.step,
                pressed.action,
                press.message.message_id,
            )
        if isinstance(outcome, Rejected):
            await answer(press.query, rejection_toast(locale, outcome.verdict))
            return
        await answer(press.query, locale.texts.get(K.TOAST_TIMER))
        if not isinstance(outcome, TimerAllowed) or context.job_queue is None:
            return
        card = (pressed.session_id, pressed.step)
        announcement = await timers.start(
            context.job_queue, press.chat_id, press.user.id, locale, outcome.exercise, card
        )
        if announcement is not None:
            await context.bot.send_message(press.chat_id, announcement)

    async def restore(application: BotApp) -> None:
        if application.job_queue is not None:
            await timers.restore(application.job_queue)

    features.button(CardPress, on_timer, when=lambda p: p.action is CardAction.TIMER)
    features.startup.append(restore)
