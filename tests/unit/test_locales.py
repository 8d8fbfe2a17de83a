"""English and Russian side by side: the same keys, placeholders, exercises and plural nouns,
and dates, weekdays and counted nouns that are right in both languages."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import check_content
from bot.content.formatting import day_and_month, short_date, weekday, weekday_and_date
from bot.content.keys import K, P, text_keys
from bot.content.loader import (
    Content,
    Locale,
    load_content,
    placeholders_of,
    plural_categories,
)
from bot.domain.progress import Progress, Ratings, Streaks, Totals
from bot.features import menu
from bot.features.progress import views as account_views
from bot.features.reminders import views as reminder_views
from bot.services.progress import Overview

from ..texts import lead, matches, plain
from .content_copies import CONTENT, copy_content, edit_yaml, problems_of

EN = "content/locales/en"
RU = "content/locales/ru"
DIFFER = f"placeholders differ from {EN}/texts.yaml"
MONDAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    return copy_content(tmp_path)


def edit_ru_texts(root: Path, change: Callable[[Any], None]) -> None:
    edit_yaml(root / "locales/ru/texts.yaml", change)


def used(value: str | list[str]) -> set[str]:
    variants = value if isinstance(value, list) else [value]
    return set().union(*(placeholders_of(v) for v in variants))


def raw_texts(language: str) -> dict[str, Any]:
    path = CONTENT / "locales" / language / "texts.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            result.update(flat(value, f"{prefix}{key}."))
        else:
            result[f"{prefix}{key}"] = value
    return result


# --- the shipped content -------------------------------------------------------------------


def test_both_languages_are_shipped(content: Content) -> None:
    assert set(content.locales) == {"en", "ru"}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    english = flat({k: v for k, v in raw_texts("en").items() if k != "plurals"})
    russian = flat({k: v for k, v in raw_texts("ru").items() if k != "plurals"})
    keys = text_keys()
    assert set(english) == set(russian) == set(keys)
    for key, spec in keys.items():
        assert used(english[key]) == used(russian[key]), key
        assert used(english[key]) <= spec.placeholders, key


def test_both_languages_have_the_same_exercises_routines_and_sections(content: Content) -> None:
    english, russian = content.locales["en"], content.locales["ru"]
    assert set(english.exercises) == set(russian.exercises)
    assert set(english.routines) == set(russian.routines)
    assert set(english.sections) == set(russian.sections)
    program_ids = {e.id for r in content.program.routines for e in r.exercises}
    assert set(russian.exercises) == program_ids


def test_every_language_has_the_plural_forms_of_its_grammar() -> None:
    assert plural_categories("en") == ("one", "other")
    assert plural_categories("ru") == ("one", "few", "many", "other")
    for language in ("en", "ru"):
        plurals = raw_texts(language)["plurals"]
        assert set(plurals) == {p.value for p in P}
        for forms in plurals.values():
            assert tuple(forms) == plural_categories(language)
            assert all(placeholders_of(form) == {"n"} for form in forms.values())


# --- plural nouns --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 дней"),
        (1, "1 день"),
        (2, "2 дня"),
        (4, "4 дня"),
        (5, "5 дней"),
        (11, "11 дней"),
        (12, "12 дней"),
        (21, "21 день"),
        (22, "22 дня"),
        (25, "25 дней"),
        (111, "111 дней"),
        (1021, "1021 день"),  # a plain integer, no thousands separator
    ],
)
def test_russian_days(content: Content, n: int, expected: str) -> None:
    assert content.locales["ru"].texts.count(P.DAYS, n) == expected


@pytest.mark.parametrize(("n", "expected"), [(0, "0 days"), (1, "1 day"), (2, "2 days")])
def test_english_days(content: Content, n: int, expected: str) -> None:
    assert content.locales["en"].texts.count(P.DAYS, n) == expected


def test_other_russian_nouns(content: Content) -> None:
    texts = content.locales["ru"].texts
    assert [texts.count(P.ROUTINES, n) for n in (1, 3, 5)] == [
        "1 занятие",
        "3 занятия",
        "5 занятий",
    ]
    assert [texts.count(P.EXERCISES, n) for n in (1, 33, 14)] == [
        "1 упражнение",
        "33 упражнения",
        "14 упражнений",
    ]
    assert [texts.count(P.USERS, n) for n in (1, 2, 5)] == [
        "1 пользователь",
        "2 пользователя",
        "5 пользователей",
    ]


def test_the_routine_menu_counts_exercises(content: Content) -> None:
    for language in ("ru", "en"):
        locale = content.locales[language]
        exercises = partial(locale.texts.count, P.EXERCISES)
        text = plain(menu.routines_menu(locale, content.program).text)
        full = locale.routines["full"].title
        assert lead(K.MENU_LINE, language, routine=full, exercises=exercises(33)) in text
        for n in (14, 1):
            assert matches(K.MENU_LINE, text, language, exercises=exercises(n)), (language, n)


def overview(current: int, best: int, week: int, month: int, total: int) -> Overview:
    progress = Progress(
        streaks=Streaks(current, best),
        week=Totals(week, week * 5),
        month=Totals(month, month * 5),
        total=Totals(total, total * 5),
        top_routines=(("neck", total),),
        last_day=MONDAY,
    )
    return Overview(progress, Ratings(None, None, 0), MONDAY, paused_until=date(2026, 11, 24))


def test_progress_in_russian(content: Content) -> None:
    locale = content.locales["ru"]
    texts = locale.texts
    days, routines = partial(texts.count, P.DAYS), partial(texts.count, P.ROUTINES)
    text = account_views.progress_text(locale, overview(1, 22, 3, 11, 21), with_grid=False)
    assert texts.get(K.PROGRESS_STREAK, current=days(1), best=days(22)) in text
    assert texts.get(K.PROGRESS_WEEK, sessions=routines(3), minutes=15) in text
    assert texts.get(K.PROGRESS_MONTH, sessions=routines(11), minutes=55) in text
    assert texts.get(K.PROGRESS_TOTAL, sessions=routines(21), minutes=105) in text
    assert texts.get(K.PROGRESS_LAST, date="понедельник, 23 ноября") in text
    assert texts.get(K.PROGRESS_PAUSED, date="вторник, 24 ноября") in text


def test_progress_in_english(content: Content) -> None:
    locale = content.locales["en"]
    texts = locale.texts
    days, routines = partial(texts.count, P.DAYS), partial(texts.count, P.ROUTINES)
    text = account_views.progress_text(locale, overview(1, 2, 1, 2, 5), with_grid=False)
    assert texts.get(K.PROGRESS_STREAK, current=days(1), best=days(2)) in text
    assert texts.get(K.PROGRESS_WEEK, sessions=routines(1), minutes=5) in text
    assert texts.get(K.PROGRESS_MONTH, sessions=routines(2), minutes=10) in text
    assert texts.get(K.PROGRESS_TOTAL, sessions=routines(5), minutes=25) in text
    assert texts.get(K.PROGRESS_LAST, date="Monday, 23 November") in text
    assert texts.get(K.PROGRESS_PAUSED, date="Tuesday, 24 November") in text


# --- dates and weekdays --------------------------------------------------------------------


def test_dates_and_weekdays_in_both_languages() -> None:
    assert weekday_and_date(MONDAY, "ru") == "понедельник, 23 ноября"
    assert weekday_and_date(MONDAY, "en") == "Monday, 23 November"
    assert weekday(MONDAY, "ru") == "понедельник"
    assert day_and_month(date(2026, 3, 8), "ru") == "8 марта"  # the genitive, as a date needs
    assert short_date(MONDAY, "en") == "23 Nov"
    assert short_date(MONDAY, "ru") == "23 нояб."


def test_reminder_time_in_both_languages(content: Content) -> None:
    instant = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
    ru: Locale = content.locales["ru"]
    en: Locale = content.locales["en"]
    assert reminder_views.when(ru, instant, "Europe/Moscow") == ru.texts.get(
        K.SETTINGS_WHEN, weekday="понедельник", date="23 ноября", time="18:30"
    )
    assert reminder_views.when(en, instant, "Europe/Berlin") == en.texts.get(
        K.SETTINGS_WHEN, weekday="Monday", date="23 November", time="16:30"
    )


# --- broken copies: every problem names the file and the key --------------------------------


def test_missing_russian_key(content_copy: Path) -> None:
    edit_ru_texts(content_copy, lambda d: d["progress"].pop("week"))
    assert problems_of(content_copy) == [f"{RU}/texts.yaml: progress.week: missing"]


def test_extra_russian_key(content_copy: Path) -> None:
    edit_ru_texts(content_copy, lambda d: d["progress"].update(weeks="Недели: {sessions}"))
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{RU}/texts.yaml: progress.weeks: unknown key")


def test_changed_placeholder(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["progress"]["week"] = "На этой неделе: {sessions} · {minuts} мин"

    edit_ru_texts(content_copy, change)
    problems = problems_of(content_copy)
    assert f"{RU}/texts.yaml: progress.week: {DIFFER}: missing {{minutes}}, extra {{minuts}}" in (
        problems
    )
    assert any(
        p.startswith(f"{RU}/texts.yaml: progress.week: unknown placeholder") for p in problems
    )


def test_dropped_placeholder(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["progress"]["week"] = "На этой неделе: {sessions}"

    edit_ru_texts(content_copy, change)
    assert problems_of(content_copy) == [
        f"{RU}/texts.yaml: progress.week: {DIFFER}: missing {{minutes}}"
    ]


def test_placeholder_the_english_text_does_not_use(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["summary"]["next"] = "Что дальше, {name}?"  # allowed nowhere
        data["card"]["done_line"] = "✅ {position} · {title} · {position}"  # same set: fine
        data["timer"]["done"] = "⏰ {title}: время вышло, {title}."

    edit_ru_texts(content_copy, change)
    problems = problems_of(content_copy)
    assert f"{RU}/texts.yaml: summary.next: {DIFFER}: extra {{name}}" in problems
    assert all("done_line" not in p and "timer.done" not in p for p in problems)


def test_list_texts_are_compared_as_a_whole(content_copy: Path) -> None:
    def drop_name(data: Any) -> None:
        data["reminder"]["variants"] = [
            v.replace("{name}", "друг") for v in data["reminder"]["variants"]
        ]

    edit_ru_texts(content_copy, drop_name)
    assert problems_of(content_copy) == [
        f"{RU}/texts.yaml: reminder.variants: {DIFFER}: missing {{name}}"
    ]

    def name_everywhere(data: Any) -> None:
        data["reminder"]["variants"] = [f"{{name}}, {v}" for v in data["reminder"]["variants"]]

    shutil.copy(CONTENT / "locales/ru/texts.yaml", content_copy / "locales/ru/texts.yaml")
    edit_ru_texts(content_copy, name_everywhere)
    load_content(content_copy)  # every variant may use what one English variant uses


def test_broken_english_text_is_not_blamed_on_russian(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["progress"]["week"] = "This week: {sessions} · {minuts} min"

    edit_yaml(content_copy / "locales/en/texts.yaml", change)
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{EN}/texts.yaml: progress.week: unknown placeholder {{minuts}}")


def test_missing_plural_form(content_copy: Path) -> None:
    edit_ru_texts(content_copy, lambda d: d["plurals"]["days"].pop("few"))
    assert problems_of(content_copy) == [f"{RU}/texts.yaml: plurals.days.few: missing"]


def test_extra_plural_category(content_copy: Path) -> None:
    edit_ru_texts(content_copy, lambda d: d["plurals"]["days"].update(two="{n} дня"))
    edit_yaml(
        content_copy / "locales/en/texts.yaml",
        lambda d: d["plurals"]["days"].update(few="{n} days"),
    )
    assert problems_of(content_copy) == [
        f"{EN}/texts.yaml: plurals.days.few: not a plural category of 'en' (it has: one, other)",
        f"{RU}/texts.yaml: plurals.days.two: not a plural category of 'ru' "
        "(it has: one, few, many, other)",
    ]


def test_missing_and_unknown_plural_keys(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["plurals"].pop("users")
        data["plurals"]["weeks"] = {"one": "{n} неделя", "other": "{n} недели"}

    edit_ru_texts(content_copy, change)
    problems = problems_of(content_copy)
    assert problems[0].startswith(f"{RU}/texts.yaml: plurals.weeks: unknown key")
    assert problems[1:] == [f"{RU}/texts.yaml: plurals.users: missing"]


def test_missing_plurals_section(content_copy: Path) -> None:
    edit_ru_texts(content_copy, lambda d: d.pop("plurals"))
    assert problems_of(content_copy) == [f"{RU}/texts.yaml: plurals: missing"]


def test_plural_form_holds_n_and_nothing_else(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["plurals"]["days"]["few"] = "дня"
        data["plurals"]["days"]["many"] = "{n} дней {best}"
        data["plurals"]["days"]["one"] = ["{n} день"]

    edit_ru_texts(content_copy, change)
    assert problems_of(content_copy) == [
        f"{RU}/texts.yaml: plurals.days.one: must be non-empty text",
        f"{RU}/texts.yaml: plurals.days.few: must contain {{n}}",
        f"{RU}/texts.yaml: plurals.days.many: unknown placeholder {{best}} (allowed: {{n}})",
    ]


def test_language_without_plural_rules(content_copy: Path) -> None:
    shutil.copytree(content_copy / "locales/en", content_copy / "locales/xx")
    assert problems_of(content_copy) == [
        "content/locales/xx/texts.yaml: plurals: Babel knows no plural rules for 'xx'"
    ]


def test_exercises_routines_and_sections_of_russian(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["exercises"].pop("chin_circles")
        data["sections"].pop("knees")
        data["routines"]["yoga"] = {"title": "Йога", "description": "Нет.", "button": "Йога"}

    edit_yaml(content_copy / "locales/ru/exercises.yaml", change)
    assert problems_of(content_copy) == [
        f"{RU}/exercises.yaml: sections.knees: missing",
        f"{RU}/exercises.yaml: routines.yoga: not in program.yaml",
        f"{RU}/exercises.yaml: exercises.chin_circles: missing",
    ]


def test_check_content_reports_russian_problems(
    content_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_ru_texts(content_copy, lambda d: d["plurals"]["days"].pop("many"))
    assert check_content(content_copy) == 1
    assert f"{RU}/texts.yaml: plurals.days.many: missing" in capsys.readouterr().err
