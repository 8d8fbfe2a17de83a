"""What a physiotherapist checks on every card, in every language, as far as a program can:
steps one per line, safety texts present, minutes that match the routines, no doubled words."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.content.keys import GENTLE_ROUTINE, K
from bot.content.loader import Content, Locale, load_content
from bot.domain.flow import SessionState, SessionStatus
from bot.domain.program import Routine
from bot.domain.safety import DiscomfortNote, discomfort_note
from bot.features.coaching import views
from bot.features.replies import Reply, escape
from bot.services.coaching import Card

from .content_copies import CONTENT, copy_content, edit_yaml, problems_of

LANGUAGES = ("en", "ru")
T0 = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT)


def card_of(locale: Locale, routine: Routine, step: int) -> Reply:
    session = SessionState(1, 1, routine.id, step, routine.total, SessionStatus.ACTIVE, T0)
    exercise = routine.card(step)
    assert exercise is not None
    return views.card(locale, Card(session, routine, exercise))


def every_card(content: Content) -> list[tuple[str, Routine, int]]:
    return [
        (language, routine, step)
        for language in LANGUAGES
        for routine in content.program.routines
        for step in range(routine.total)
    ]


def button_texts(reply: Reply) -> list[str]:
    assert reply.markup is not None
    return [button.text for row in reply.markup.inline_keyboard for button in row]


def test_steps_are_numbered_one_per_line(content: Content) -> None:
    for language, routine, step in every_card(content):
        locale = content.locale(language)
        exercise = routine.card(step)
        assert exercise is not None
        text = card_of(locale, routine, step).text
        lines = text.split("\n")
        for number, words in enumerate(locale.exercises[exercise.id].steps, 1):
            line = locale.texts.get(K.CARD_STEP, number=number, text=words)
            assert line in lines, (language, exercise.id, number)


def test_no_line_of_a_card_is_a_wall_of_text(content: Content) -> None:
    for language, routine, step in every_card(content):
        for line in card_of(content.locale(language), routine, step).text.split("\n"):
            assert len(re.sub(r"<[^>]+>", "", line)) <= 320, (language, routine.id, step, line)


def test_every_neck_card_carries_the_rules_and_stop_signs(content: Content) -> None:
    signs = {
        "en": ("tip your head back", "dizzy", "vision", "numb"),
        "ru": ("назад", "головокруж", "зрени", "онем"),
    }
    for language, routine, step in every_card(content):
        exercise = routine.card(step)
        assert exercise is not None
        if exercise.section_id != "neck":
            continue
        text = card_of(content.locale(language), routine, step).text.lower()
        for sign in signs[language]:
            assert sign in text, (language, routine.id, exercise.id, sign)


def test_the_neck_set_says_what_it_is_not_for(content: Content) -> None:
    words = {
        "en": ("sudden", "fever", "stiff neck", "medical help"),
        "ru": ("внезапн", "температур", "онемен", "медицинск"),
    }
    for language in LANGUAGES:
        description = content.locale(language).routines["neck"].description.lower()
        for word in words[language]:
            assert word in description, (language, word)


def test_red_flag_texts_in_every_language(content: Content) -> None:
    for language in LANGUAGES:
        texts = content.locale(language).texts
        emergency = texts.get(K.SAFETY_EMERGENCY)
        doctor = texts.get(K.SAFETY_DOCTOR)
        assert "112" in emergency, language
        assert emergency.count("•") >= 4, language
        assert doctor.count("•") >= 4, language
        note = views.high_discomfort(content.locale(language), 1, "full")
        assert emergency in note.text
        assert doctor in note.text
        assert note.text.index(emergency) < note.text.index(doctor)
        assert note.markup is not None  # the gentle set is offered, after the warnings
        assert views.high_discomfort(content.locale(language), 1, GENTLE_ROUTINE).markup is None


def test_a_two_sided_hold_says_its_time_per_side(content: Content) -> None:
    full = content.program.routine("full")
    assert full is not None
    step = next(i for i, e in enumerate(full.exercises) if e.id == "seated_cross_leg_fold")
    fold = full.exercises[step]
    assert fold.hold is not None
    assert fold.hold.sides == 2
    # 20 s, time to change legs, 20 s: the timer is longer than two holds back to back.
    assert fold.hold.total_seconds == 2 * fold.hold.seconds + fold.hold.change_seconds
    assert fold.hold.change_seconds >= 5
    assert fold.duration_seconds >= fold.hold.total_seconds
    for language in LANGUAGES:
        texts = content.locale(language).texts
        buttons = button_texts(card_of(content.locale(language), full, step))
        # The seconds of one side (20), not of both (40).
        assert texts.get(K.BUTTON_TIMER_TWO_SIDES, seconds=20) in buttons, (language, buttons)


def test_declared_minutes_are_the_cards_minutes(content: Content) -> None:
    minutes = {r.id: r.estimated_minutes for r in content.program.routines}
    assert 9 <= minutes["express"] <= 11  # "about ten minutes"
    assert minutes["desk"] < minutes["full"] / 2
    assert minutes["full"] > 30  # "a little over half an hour"


def test_no_text_promises_minutes_that_no_routine_takes(content: Content) -> None:
    minutes = {r.estimated_minutes for r in content.program.routines}
    number_of_minutes = re.compile(
        r"(?<!\d)(?<!⏰ )(\d+)\s*(?:-|–)?\s*(?:min|minute|мин)", re.IGNORECASE
    )
    for language in LANGUAGES:
        folder = CONTENT / "locales" / language
        for path in (folder / "texts.yaml", folder / "exercises.yaml"):
            for found in number_of_minutes.finditer(path.read_text(encoding="utf-8")):
                assert int(found.group(1)) in minutes, (path.name, found.group(0))
    for language in LANGUAGES:
        text = content.locale(language).texts.get(K.START_ABOUT)
        assert not re.search(r"\b(ten|десять)\b", text)


def test_routine_names_are_never_doubled(content: Content) -> None:
    """«Комплекс <b>Полный комплекс</b> выполнен!» must not happen with any routine name."""
    keys = (
        K.SUMMARY_FINISHED,
        K.SUMMARY_STOPPED,
        K.CONFLICT_QUESTION,
        K.START_OPEN_SESSION,
        K.BUTTON_CONTINUE,
        K.BUTTON_START_NEW,
        K.INTRO_TITLE,
    )
    for language in LANGUAGES:
        locale = content.locale(language)
        for key in keys:
            template = re.sub(r"\{\w+\}|<[^>]+>", " ", locale.texts.variants(key)[0])
            own_words = {w.casefold() for w in re.findall(r"\w{4,}", template)}
            for routine in locale.routines.values():
                title_words = {w.casefold() for w in re.findall(r"\w{4,}", routine.title)}
                assert not own_words & title_words, (language, key.value, routine.title)


def test_express_and_desk_are_the_complexs_own_exercises(content: Content) -> None:
    program = content.program
    full = program.routine("full")
    express, desk = program.routine("express"), program.routine("desk")
    assert full is not None
    assert express is not None
    assert desk is not None
    order = [e.id for e in full.exercises]
    for routine in (express, desk):
        ids = [e.id for e in routine.exercises]
        assert set(ids) <= set(order)
        assert ids == sorted(ids, key=order.index)  # the complex's order
    sections = [e.section_id for e in express.exercises]
    assert sections[0] == "feet"
    assert sections[-1] == "neck"
    assert {"feet", "knees", "hips", "spine", "shoulders", "neck"} <= set(sections)
    assert max(sections.count(s) for s in set(sections) - {"neck"}) <= 2
    assert {e.posture for e in desk.exercises} <= {"standing", "chair", "seated"}


def test_desk_cards_show_the_chair_position(content: Content) -> None:
    desk = content.program.routine("desk")
    assert desk is not None
    step = next(i for i, e in enumerate(desk.exercises) if e.id == "ankle_circles")
    for language in LANGUAGES:
        locale = content.locale(language)
        text = card_of(locale, desk, step).text
        chair = locale.exercises["ankle_circles"].variants["chair"].start
        assert escape(chair) in text
        assert escape(locale.exercises["ankle_circles"].start) not in text


def test_getting_up_is_said_where_the_user_stands_up(content: Content) -> None:
    full = content.program.routine("full")
    assert full is not None
    ups = [full.exercises[i].id for i in range(full.total) if full.gets_up_before(i)]
    assert ups == ["knee_circles_together", "side_bend_supported"]
    for language in LANGUAGES:
        locale = content.locale(language)
        get_up = locale.texts.get(K.CARD_GET_UP)
        assert get_up in card_of(locale, full, 4).text  # knee circles after the floor
        assert get_up not in card_of(locale, full, 5).text  # still standing


def test_the_intro_says_what_to_have_at_hand(content: Content) -> None:
    full = content.program.routine("full")
    assert full is not None
    assert set(full.needs) == {"mat", "chair", "wall", "towel", "cushion"}
    for language in LANGUAGES:
        locale = content.locale(language)
        prompt = views.rating_prompt(locale, 1, after=False, routine=full).text
        for need in full.needs:
            assert locale.equipment[need] in prompt
        assert locale.texts.get(K.INTRO_FOOTING) in prompt
        after = views.rating_prompt(locale, 1, after=True).text
        assert after == locale.texts.get(K.RATING_ASK_AFTER)


def test_cards_that_need_something_say_so(content: Content) -> None:
    full = content.program.routine("full")
    assert full is not None
    for language in LANGUAGES:
        locale = content.locale(language)
        for step, exercise in enumerate(full.exercises):
            text = card_of(locale, full, step).text
            for need in exercise.needs:
                assert locale.equipment[need] in text, (language, exercise.id, need)


@pytest.mark.parametrize(
    ("value", "after", "before", "note"),
    [
        (6, False, None, DiscomfortNote.NONE),
        (7, False, None, DiscomfortNote.HIGH_BEFORE),
        (10, False, None, DiscomfortNote.HIGH_BEFORE),
        (7, True, None, DiscomfortNote.HIGH_AFTER),
        (8, True, 9, DiscomfortNote.HIGH_AFTER),
        (4, True, 3, DiscomfortNote.WORSE_AFTER),
        (3, True, 3, DiscomfortNote.NONE),
        (2, True, 5, DiscomfortNote.NONE),
        (5, True, None, DiscomfortNote.NONE),
    ],
)
def test_discomfort_notes(
    value: int, after: bool, before: int | None, note: DiscomfortNote
) -> None:
    assert discomfort_note(value, after=after, before=before) is note


# --- broken routines -----------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    return copy_content(tmp_path)


def routine(data: Any, routine_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in data["routines"] if r["id"] == routine_id)
    return found


def test_wrong_minutes_are_reported(content_copy: Path) -> None:
    edit_yaml(content_copy / "program.yaml", lambda d: routine(d, "express").update(minutes=7))
    [problem] = problems_of(content_copy)
    assert problem.startswith("content/program.yaml: routines.1.minutes: says 7, but its cards")


def test_unknown_or_disordered_exercise_is_reported(content_copy: Path) -> None:
    def change(data: Any) -> None:
        routine(data, "express")["exercises"][0] = "foot_rool"
        routine(data, "desk")["exercises"].append("foot_roll")

    edit_yaml(content_copy / "program.yaml", change)
    problems = problems_of(content_copy)
    assert (
        "content/program.yaml: routines.1.exercises.0: no exercise 'foot_rool' in the complex"
        in (problems)
    )
    assert any(
        "routines.2.exercises.13: 'foot_roll' is out of the complex's order" in p for p in problems
    )


def test_a_floor_card_in_the_desk_set_is_reported(content_copy: Path) -> None:
    def change(data: Any) -> None:
        routine(data, "desk")["exercises"][1] = "ankle_circles"  # the floor version

    edit_yaml(content_copy / "program.yaml", change)
    problems = problems_of(content_copy)
    assert any("routines.2.postures: 'ankle_circles' is done floor" in p for p in problems)


def test_unknown_variant_and_missing_variant_words_are_reported(content_copy: Path) -> None:
    def program(data: Any) -> None:
        routine(data, "desk")["exercises"][1] = {"id": "ankle_circles", "variant": "stool"}

    def words(data: Any) -> None:
        data["exercises"]["foot_shake"].pop("variants")

    edit_yaml(content_copy / "program.yaml", program)
    edit_yaml(content_copy / "locales/en/exercises.yaml", words)
    problems = problems_of(content_copy)
    assert any(
        "routines.2.exercises.1.variant: 'ankle_circles' has no variant 'stool'" in p
        for p in problems
    )
    assert (
        "content/locales/en/exercises.yaml: exercises.foot_shake.variants.chair: missing"
        in problems
    )


def test_equipment_without_words_is_reported(content_copy: Path) -> None:
    edit_yaml(content_copy / "locales/ru/exercises.yaml", lambda d: d["equipment"].pop("towel"))
    assert problems_of(content_copy) == [
        "content/locales/ru/exercises.yaml: equipment.towel: missing"
    ]


def test_a_long_step_is_reported(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["exercises"]["neck_turns"]["steps"][0] = "Turn slowly, " * 20

    edit_yaml(content_copy / "locales/en/exercises.yaml", change)
    [problem] = problems_of(content_copy)
    assert problem.startswith(
        "content/locales/en/exercises.yaml: exercises.neck_turns.steps.0: 259 characters; split it"
    )


def test_sections_and_exercises_together_are_refused(content_copy: Path) -> None:
    edit_yaml(
        content_copy / "program.yaml", lambda d: routine(d, "neck").update(exercises=["neck_turns"])
    )
    [problem] = problems_of(content_copy)
    assert problem.startswith("content/program.yaml: routines.3: Value error, give either sections")
