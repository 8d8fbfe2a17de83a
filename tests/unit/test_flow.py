"""The pure coaching flow: which press applies, what it leads to, and active minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.flow import (
    CardAction,
    Outcome,
    SessionState,
    SessionStatus,
    TapVerdict,
    active_minutes,
    advance,
    answer_maybe_lost,
    judge_press,
    position,
)

T0 = datetime(2026, 11, 23, 18, 30, tzinfo=UTC)


def session(**changes: object) -> SessionState:
    values: dict[str, object] = {
        "id": 5,
        "user_id": 100,
        "routine_id": "neck",
        "step": 3,
        "total": 14,
        "status": SessionStatus.ACTIVE,
        "started_at": T0,
    }
    values.update(changes)
    return SessionState(**values)  # type: ignore[arg-type]


def test_press_on_current_card_applies() -> None:
    assert judge_press(session(), 100, 3) is TapVerdict.APPLY


@pytest.mark.parametrize(
    ("state", "user_id", "step", "verdict"),
    [
        (None, 100, 0, TapVerdict.UNKNOWN),
        (session(), 200, 3, TapVerdict.NOT_YOURS),
        (session(status=SessionStatus.FINISHED), 100, 3, TapVerdict.ENDED),
        (session(status=SessionStatus.STOPPED), 100, 3, TapVerdict.ENDED),
        (session(), 100, 2, TapVerdict.STALE),
        (session(), 100, 4, TapVerdict.STALE),
    ],
)
def test_presses_that_change_nothing(
    state: SessionState | None, user_id: int, step: int, verdict: TapVerdict
) -> None:
    assert judge_press(state, user_id, step) is verdict


DONE, STOP = CardAction.DONE, CardAction.STOP
CARD_MESSAGE = 70


@pytest.mark.parametrize(
    ("state", "user_id", "step", "action", "message_id", "lost"),
    [
        # The card just behind the current one, in the message that shows the session's card.
        (session(card_message_id=CARD_MESSAGE), 100, 2, DONE, CARD_MESSAGE, True),
        (session(card_message_id=None), 100, 2, DONE, CARD_MESSAGE, True),
        (session(card_message_id=CARD_MESSAGE), 100, 2, STOP, CARD_MESSAGE, True),
        (session(step=14, status=SessionStatus.FINISHED), 100, 13, DONE, CARD_MESSAGE, True),
        (session(status=SessionStatus.STOPPED), 100, 3, STOP, CARD_MESSAGE, True),
        # Anything else is an old or a forged press.
        (session(status=SessionStatus.STOPPED), 100, 3, DONE, CARD_MESSAGE, False),
        (session(status=SessionStatus.STOPPED), 100, 2, STOP, CARD_MESSAGE, False),
        (session(card_message_id=CARD_MESSAGE), 100, 1, DONE, CARD_MESSAGE, False),
        (session(card_message_id=CARD_MESSAGE), 100, 3, DONE, CARD_MESSAGE, False),
        (session(card_message_id=CARD_MESSAGE), 100, 2, DONE, 69, False),
        (session(card_message_id=CARD_MESSAGE), 200, 2, DONE, CARD_MESSAGE, False),
        (None, 100, 2, DONE, CARD_MESSAGE, False),
    ],
)
def test_which_press_may_ask_for_a_lost_answer(
    state: SessionState | None,
    user_id: int,
    step: int,
    action: CardAction,
    message_id: int,
    lost: bool,
) -> None:
    assert answer_maybe_lost(state, user_id, step, action, message_id) is lost


def test_someone_elses_finished_session_is_not_yours_first() -> None:
    # Another user's session tells nothing about its state.
    finished = session(status=SessionStatus.FINISHED)
    assert judge_press(finished, 999, 3) is TapVerdict.NOT_YOURS


def test_done_and_skip_move_on_and_the_last_card_finishes() -> None:
    assert advance(0, 3, CardAction.DONE).next_step == 1
    assert advance(0, 3, CardAction.SKIP).outcome is Outcome.SKIPPED
    assert not advance(1, 3, CardAction.DONE).finished
    last = advance(2, 3, CardAction.DONE)
    assert last.finished
    assert last.outcome is Outcome.DONE


@pytest.mark.parametrize("action", [CardAction.STOP, CardAction.TIMER])
def test_stop_and_timer_do_not_advance(action: CardAction) -> None:
    with pytest.raises(ValueError, match="does not move"):
        advance(0, 3, action)


def test_position_is_one_based() -> None:
    assert position(0, 14) == "1/14"
    assert position(13, 14) == "14/14"
    assert position(14, 14) == "14/14"


def test_active_minutes_counts_gaps() -> None:
    times = [T0 + timedelta(minutes=m) for m in (1, 2, 3.5)]
    assert active_minutes(T0, times) == 4  # 3.5 rounds to 4


def test_active_minutes_caps_long_pauses() -> None:
    times = [T0 + timedelta(minutes=1), T0 + timedelta(hours=9)]
    assert active_minutes(T0, times) == 6  # 1 minute + a pause counted as 5


def test_active_minutes_of_a_quick_tap_is_one_and_of_nothing_zero() -> None:
    assert active_minutes(T0, [T0 + timedelta(seconds=3)]) == 1
    assert active_minutes(T0, []) == 0
