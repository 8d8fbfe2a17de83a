"""Rendering of the routine flow: the welcome, cards, summaries, ratings and safety notes.

No I/O: texts and inline keyboards from the locale and plain results."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.content.keys import GENTLE_ROUTINE, K, P
from bot.content.loader import Html, Locale
from bot.domain.flow import (
    CardAction,
    SessionState,
    SessionStatus,
    Summary,
    TapVerdict,
    position,
)
from bot.domain.program import Exercise, Program, Routine
from bot.domain.safety import DiscomfortNote
from bot.features.coaching.callbacks import CardPress, PickRoutine, Rate, ResolveOpen, ShowMenu
from bot.features.menu import menu_keyboard, routine_title
from bot.features.replies import Reply, button, escape
from bot.services.coaching import Card


def welcome(
    locale: Locale,
    program: Program,
    first_name: str,
    open_session: SessionState | None,
    *,
    with_menu: bool = True,
) -> Reply:
    """/start: what joint gymnastics is, the safety note, and the choice of routines."""
    texts = locale.texts
    parts = [
        texts.get(K.START_WELCOME, name=first_name),
        texts.get(K.START_ABOUT),
        texts.get(K.START_SAFETY),
    ]
    if not with_menu:
        return Reply("\n\n".join(parts))
    markup = menu_keyboard(locale, program)
    if open_session is not None:
        title = routine_title(locale, open_session.routine_id)
        place = position(open_session.step, open_session.total)
        parts.append(texts.get(K.START_OPEN_SESSION, routine=title, position=place))
        resume = button(
            texts.get(K.BUTTON_CONTINUE, routine=title, position=place),
            ResolveOpen(open_session.id),
        )
        markup = InlineKeyboardMarkup([[resume], *markup.inline_keyboard])
    parts.append(texts.get(K.START_CHOOSE))
    return Reply("\n\n".join(parts), markup)


def card(locale: Locale, view: Card, *, behind: str | None = None) -> Reply:
    """An exercise card with its buttons.

    `behind`: the line of the card just left (done or skipped), shown at the foot, right above
    the buttons the user just tapped, when the card is the same message turned into the next.
    """
    texts = locale.texts
    exercise = view.exercise
    words = locale.exercises[exercise.id]
    section = locale.sections[exercise.section_id]
    routine = routine_title(locale, view.routine.id)
    place = position(view.step, view.routine.total)
    start = words.variants[exercise.variant].start if exercise.variant else words.start
    lines = [
        # A one-section routine would repeat its name as the section: show it once.
        texts.get(K.CARD_HEADER, routine=routine, section=section.title, position=place)
        if section.title != routine
        else texts.get(K.CARD_HEADER_SHORT, routine=routine, position=place),
        f"<b>{Html(escape(words.title))}</b>",
    ]
    if exercise.needs:
        lines.append(texts.get(K.CARD_NEEDS, items=equipment_list(locale, exercise.needs)))
    lines.append("")
    if view.routine.gets_up_before(view.step):
        lines.append(texts.get(K.CARD_GET_UP))
    lines.append(texts.get(K.CARD_START, text=start))
    lines.append("")
    lines.extend(steps_lines(locale, words.steps))
    lines.append("")
    lines.append(texts.get(K.CARD_DOSE, text=words.dose))
    if words.sides:
        lines.append(texts.get(K.CARD_SIDES, text=words.sides))
    if words.caution:
        lines.append(texts.get(K.CARD_CAUTION, text=words.caution))
    if section.rules:
        lines.append(texts.get(K.CARD_RULES, text=section.rules))
    if behind:
        lines.extend(("", behind))
    return Reply("\n".join(lines), card_keyboard(locale, view.session.id, view.step, exercise))


def card_keyboard(
    locale: Locale, session_id: int, step: int, exercise: Exercise
) -> InlineKeyboardMarkup:
    """✅ Done and ⏭ Skip; then ⏱ (for holds) and ⏹ Stop."""
    texts = locale.texts

    def press(action: CardAction) -> CardPress:
        return CardPress(session_id, step, action)

    second_row = [button(texts.get(K.BUTTON_STOP), press(CardAction.STOP))]
    if exercise.hold:
        key = K.BUTTON_TIMER_TWO_SIDES if exercise.hold.sides == 2 else K.BUTTON_TIMER
        timer = texts.get(key, seconds=exercise.hold.seconds)
        second_row.insert(0, button(timer, press(CardAction.TIMER)))
    return InlineKeyboardMarkup(
        [
            [
                button(texts.get(K.BUTTON_DONE), press(CardAction.DONE)),
                button(texts.get(K.BUTTON_SKIP), press(CardAction.SKIP)),
            ],
            second_row,
        ]
    )


def steps_lines(locale: Locale, steps: list[str]) -> list[str]:
    """A card's steps, one numbered line each."""
    return [locale.texts.get(K.CARD_STEP, number=n, text=step) for n, step in enumerate(steps, 1)]


def equipment_list(locale: Locale, needs: tuple[str, ...]) -> str:
    """What to have at hand, as words of the locale: "a mat, a towel"."""
    return ", ".join(locale.equipment[need] for need in needs)


def routine_intro(locale: Locale, routine: Routine) -> list[str]:
    """Said once before a new routine: its length, its description, what to have at hand."""
    texts = locale.texts
    words = locale.routines[routine.id]
    lines = [
        texts.get(
            K.INTRO_TITLE,
            routine=words.title,
            exercises=texts.count(P.EXERCISES, routine.total),
            minutes=routine.estimated_minutes,
        ),
        escape(words.description),
    ]
    if routine.needs:
        lines.append(texts.get(K.INTRO_NEEDS, items=equipment_list(locale, routine.needs)))
    if routine.has_standing:
        lines.append(texts.get(K.INTRO_FOOTING))
    return lines


def card_line(locale: Locale, key: K, step: int, total: int, exercise: Exercise) -> str:
    """A card collapsed to one line once it is behind the user."""
    title = locale.exercises[exercise.id].title
    return locale.texts.get(key, position=position(step, total), title=title)


def summary(locale: Locale, result: Summary) -> Reply:
    """The end of a routine: what was done, and what next."""
    texts = locale.texts
    title = routine_title(locale, result.routine_id)
    if result.status is SessionStatus.FINISHED:
        text = texts.get(
            K.SUMMARY_FINISHED,
            routine=title,
            done=result.done,
            skipped=result.skipped,
            total=result.total,
            minutes=result.minutes,
        )
        again = [button(texts.get(K.BUTTON_AGAIN), PickRoutine(result.routine_id))]
    else:
        text = texts.get(
            K.SUMMARY_STOPPED,
            routine=title,
            position=position(result.reached_step, result.total),
            done=result.done,
            skipped=result.skipped,
            total=result.total,
            minutes=result.minutes,
        )
        again = []
    skipped = [locale.exercises[i].title for i in result.skipped_ids if i in locale.exercises]
    if skipped:
        text = f"{text}\n{texts.get(K.SUMMARY_SKIPPED, titles=', '.join(skipped))}"
    if result.streak:
        text = f"{text}\n{texts.get(K.SUMMARY_STREAK, current=texts.count(P.DAYS, result.streak))}"
    buttons = [*again, button(texts.get(K.BUTTON_MENU), ShowMenu())]
    return Reply(f"{text}\n\n{texts.get(K.SUMMARY_NEXT)}", InlineKeyboardMarkup([buttons]))


def rating_prompt(
    locale: Locale, session_id: int, *, after: bool, routine: Routine | None = None
) -> Reply:
    """0–10 buttons and Skip: how the joints feel before or after a routine; before a new
    routine, its introduction comes first."""
    texts = locale.texts

    def rate(value: int | None) -> Rate:
        return Rate(session_id, after, value)

    rows = [
        [button(str(n), rate(n)) for n in range(0, 6)],
        [button(str(n), rate(n)) for n in range(6, 11)],
        [button(texts.get(K.RATING_SKIP), rate(None))],
    ]
    key = K.RATING_ASK_AFTER if after else K.RATING_ASK_BEFORE
    intro = routine_intro(locale, routine) if routine is not None else []
    text = "\n\n".join(part for part in ("\n".join(intro), texts.get(key)) if part)
    return Reply(text, InlineKeyboardMarkup(rows))


def rating_saved(locale: Locale, value: int, *, after: bool, routine: Routine | None) -> str:
    """The rating prompt once answered: the score, below the routine's introduction if any."""
    key = K.RATING_SAVED_AFTER if after else K.RATING_SAVED_BEFORE
    intro = routine_intro(locale, routine) if routine is not None else []
    return "\n\n".join(
        part for part in ("\n".join(intro), locale.texts.get(key, value=value)) if part
    )


def high_discomfort(locale: Locale, session_id: int, routine_id: str) -> Reply:
    """Before a routine: the signs that need emergency help now, those that need a doctor soon,
    and only then a gentle alternative."""
    texts = locale.texts
    text = "\n\n".join(
        [
            texts.get(K.RATING_HIGH),
            texts.get(K.SAFETY_EMERGENCY),
            texts.get(K.SAFETY_DOCTOR),
            texts.get(K.RATING_HIGH_GENTLE),
        ]
    )
    if routine_id == GENTLE_ROUTINE:
        return Reply(text)
    gentle = button(texts.get(K.RATING_GENTLE_BUTTON), ResolveOpen(session_id, GENTLE_ROUTINE))
    return Reply(text, InlineKeyboardMarkup([[gentle]]))


def after_routine_note(locale: Locale, note: DiscomfortNote) -> Reply | None:
    """A short, calm note when the joints feel bad after a routine, or worse than before."""
    match note:
        case DiscomfortNote.HIGH_AFTER:
            return Reply(locale.texts.get(K.RATING_AFTER_HIGH))
        case DiscomfortNote.WORSE_AFTER:
            return Reply(locale.texts.get(K.RATING_AFTER_WORSE))
    return None


def open_elsewhere(locale: Locale, open_session: SessionState, requested: Routine) -> Reply:
    """Continue the open routine, or start the requested one?"""
    texts = locale.texts
    open_title = routine_title(locale, open_session.routine_id)
    new_title = routine_title(locale, requested.id)
    place = position(open_session.step, open_session.total)
    return Reply(
        texts.get(
            K.CONFLICT_QUESTION, open_routine=open_title, position=place, new_routine=new_title
        ),
        InlineKeyboardMarkup(
            [
                [
                    button(
                        texts.get(K.BUTTON_CONTINUE, routine=open_title, position=place),
                        ResolveOpen(open_session.id),
                    )
                ],
                [
                    button(
                        texts.get(K.BUTTON_START_NEW, routine=new_title),
                        ResolveOpen(open_session.id, requested.id),
                    )
                ],
            ]
        ),
    )


_REJECTION_TOASTS = {
    TapVerdict.UNKNOWN: K.TOAST_INVALID,
    TapVerdict.NOT_YOURS: K.TOAST_NOT_YOURS,
    TapVerdict.ENDED: K.TOAST_ENDED,
    TapVerdict.STALE: K.TOAST_STALE,
}


def rejection_toast(locale: Locale, verdict: TapVerdict) -> str:
    """The toast for a press that changed nothing, and why."""
    return locale.texts.get(_REJECTION_TOASTS.get(verdict, K.TOAST_INVALID))
