"""What a tap on a card means, and what a finished session adds up to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class CardAction(StrEnum):
    """The buttons under a card. Values are the compact codes used in callback data."""

    DONE = "d"
    SKIP = "s"
    STOP = "x"
    TIMER = "t"


class SessionStatus(StrEnum):
    """Life cycle of a session: active until finished or stopped."""

    ACTIVE = "active"
    FINISHED = "finished"
    STOPPED = "stopped"


class Outcome(StrEnum):
    """What happened to one card."""

    DONE = "done"
    SKIPPED = "skipped"


class TapVerdict(StrEnum):
    """Whether a press may change anything."""

    APPLY = "apply"
    UNKNOWN = "unknown"  # no such session (forged or deleted)
    NOT_YOURS = "not_yours"
    ENDED = "ended"  # the session is finished or stopped
    STALE = "stale"  # the press is for another step than the current one


@dataclass(frozen=True, slots=True)
class SessionState:
    """The part of a stored session that the flow needs."""

    id: int
    user_id: int
    routine_id: str
    step: int
    total: int
    status: SessionStatus
    started_at: datetime
    card_message_id: int | None = None
    media_message_id: int | None = None  # the animation (or image) above the card


def position(step: int, total: int) -> str:
    """Card `step` (0-based) of `total` as `k/N`, 1-based; past the end it stays at `N/N`."""
    return f"{min(step + 1, total)}/{total}"


@dataclass(frozen=True, slots=True)
class Advance:
    """The result of Done or Skip on the current card."""

    outcome: Outcome
    next_step: int
    finished: bool


def judge_press(session: SessionState | None, user_id: int, step: int) -> TapVerdict:
    """Decides whether a press on card `step` of `session` by `user_id` applies."""
    if session is None:
        return TapVerdict.UNKNOWN
    if session.user_id != user_id:
        return TapVerdict.NOT_YOURS
    if session.status is not SessionStatus.ACTIVE:
        return TapVerdict.ENDED
    if session.step != step:
        return TapVerdict.STALE
    return TapVerdict.APPLY


def answer_maybe_lost(
    session: SessionState | None, user_id: int, step: int, action: CardAction, message_id: int
) -> bool:
    """Whether a press that does not apply is on the card of the user's last applied press,
    in the message that shows the session's card: the one button a user has when the answer to
    that press (the next card, the summary) never reached them, the process having died
    between the commit and the send. Such a press shows that answer again instead of applying
    anything: the card just behind the current one, or ⏹ on the current card of a stopped session
    (/stop leaves that card without buttons and its summary below, so only ⏹ asks for it)."""
    if session is None or session.user_id != user_id:
        return False
    if session.card_message_id not in (None, message_id):
        return False
    if session.status is SessionStatus.STOPPED:
        return action is CardAction.STOP and session.step == step
    return session.step == step + 1


def moves_on(action: CardAction) -> bool:
    """Whether the action leaves the card (Done, Skip) rather than acting on it."""
    return action in (CardAction.DONE, CardAction.SKIP)


def step_after(step: int) -> int:
    """The card that Done or Skip on card `step` leads to."""
    return step + 1


def advance(step: int, total: int, action: CardAction) -> Advance:
    """Done or Skip moves to the next card; the last one finishes the session."""
    if not moves_on(action):
        raise ValueError(f"{action!r} does not move to another card")
    outcome = Outcome.DONE if action is CardAction.DONE else Outcome.SKIPPED
    next_step = step_after(step)
    return Advance(outcome=outcome, next_step=next_step, finished=next_step >= total)


ACTIVE_GAP_CAP = timedelta(minutes=5)


def active_minutes(
    started_at: datetime,
    event_times: Sequence[datetime],
    gap_cap: timedelta = ACTIVE_GAP_CAP,
) -> int:
    """Minutes actually spent: the gaps between start and each card, each gap capped.

    A pause (the phone put away for an hour) then counts as at most `gap_cap`, so a routine
    left open overnight does not report 600 minutes. A routine with any card counts as 1+.
    """
    total = timedelta()
    previous = started_at
    for moment in sorted(event_times):
        gap = moment - previous
        if gap > timedelta():
            total += min(gap, gap_cap)
        previous = moment
    if not event_times:
        return 0
    return max(1, round(total.total_seconds() / 60))


@dataclass(frozen=True, slots=True)
class Summary:
    """What a session added up to."""

    routine_id: str
    status: SessionStatus
    done: int
    skipped: int
    total: int
    minutes: int
    reached_step: int
    streak: int | None = None  # days in a row, when the session finished
    skipped_ids: tuple[str, ...] = ()  # the exercises skipped, in the routine's order
