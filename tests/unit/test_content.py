"""Content validation: the shipped content is complete, and broken files name file and field."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from bot.cli import check_content
from bot.content.keys import K, declare_texts
from bot.content.loader import Html, load_content, placeholders_of

from .content_copies import CONTENT, copy_content, edit_yaml, problems_of

EN = "content/locales/en"


def test_shipped_content_has_the_whole_complex_in_order() -> None:
    content = load_content(CONTENT)
    full = content.program.routine("full")
    assert full is not None
    sections = [e.section_id for e in full.exercises]
    counts = {s: sections.count(s) for s in dict.fromkeys(sections)}
    assert counts == {
        "feet": 4,
        "knees": 2,
        "hips": 3,
        "spine": 5,
        "ribs": 1,
        "back": 1,
        "shoulders": 3,
        "neck": 14,
    }
    assert full.total == 33
    assert 30 < full.estimated_minutes <= 40  # "a little over half an hour"
    # The order of the source, section by section.
    assert [e.id for e in full.exercises][:4] == [
        "foot_roll",
        "ankle_circles",
        "ankle_stretch",
        "foot_shake",
    ]


def test_routines_are_data_with_counts_and_minutes() -> None:
    program = load_content(CONTENT).program
    ids = [r.id for r in program.routines]
    assert ids[:7] == ["full", "express", "desk", "neck", "shoulders", "back", "ribs"]
    assert {"feet", "knees", "hips", "spine"} <= set(ids)
    for routine in program.routines:
        assert routine.total >= 1
        assert routine.estimated_minutes >= 1


def test_source_hold_times_are_kept() -> None:
    content = load_content(CONTENT)
    full = content.program.routine("full")
    assert full is not None
    holds = {e.id: e.hold for e in full.exercises if e.hold}
    assert holds["seated_cross_leg_fold"].seconds == 20
    assert holds["seated_cross_leg_fold"].sides == 2
    for neck_hold in ("side_stretch_left", "side_stretch_right", "forward_neck_stretch"):
        assert holds[neck_hold].seconds == 20


def test_every_card_stands_alone() -> None:
    locale = load_content(CONTENT).locale("en")
    for exercise_id, words in locale.exercises.items():
        text = " ".join([words.start, *words.steps]).lower()
        assert "same thing" not in text, exercise_id
        assert "s.p." not in text, exercise_id
        assert len(words.start) >= 20, exercise_id


def test_neck_cards_carry_the_source_rules() -> None:
    rules = load_content(CONTENT).locale("en").sections["neck"].rules
    assert rules is not None
    assert "tip your head back" in rules.lower()
    assert "slowly" in rules.lower()


def test_unknown_language_falls_back_to_english() -> None:
    content = load_content(CONTENT)
    assert content.locale("de").language == "en"
    assert content.locale(None).language == "en"
    assert content.locale("en-GB").language == "en"


def test_texts_escape_values_but_not_html_fragments() -> None:
    texts = load_content(CONTENT).locale("en").texts
    assert "&lt;b&gt;" in texts.get(K.START_WELCOME, name="<b>")
    assert "<i>x</i>" in texts.get(K.START_WELCOME, name=Html("<i>x</i>"))


def test_placeholders_must_be_plain_names() -> None:
    assert placeholders_of("Hi {name}, {count}") == {"name", "count"}
    with pytest.raises(ValueError, match="plain name"):
        placeholders_of("{name.attr}")
    with pytest.raises(ValueError, match="plain name"):
        placeholders_of("{count:>5}")


# --- broken content ------------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    return copy_content(tmp_path)


def test_missing_text_key_names_file_and_key(content_copy: Path) -> None:
    edit_yaml(content_copy / "locales/en/texts.yaml", lambda d: d["buttons"].pop("done"))
    assert problems_of(content_copy) == [f"{EN}/texts.yaml: buttons.done: missing"]


def test_a_feature_s_own_keys_are_checked_like_the_shared_ones(content_copy: Path) -> None:
    # admin.* is declared by the operator feature (bot/features/operator/texts.py), not in K.
    def change(data: Any) -> None:
        data["admin"].pop("stats")
        data["admin"]["broadcast_preview"] = "To {everyone}"

    edit_yaml(content_copy / "locales/en/texts.yaml", change)
    assert problems_of(content_copy) == [
        f"{EN}/texts.yaml: admin.stats: missing",
        f"{EN}/texts.yaml: admin.broadcast_preview: unknown placeholder {{everyone}} "
        "(allowed: {count})",
    ]


def test_a_key_declared_twice_with_other_placeholders_is_refused() -> None:
    class Clash(StrEnum):
        WELCOME = K.START_WELCOME.value

    with pytest.raises(ValueError, match=r"start\.welcome"):
        declare_texts(Clash, placeholders={Clash.WELCOME: {"nickname"}})


def test_unknown_text_key_is_reported(content_copy: Path) -> None:
    edit_yaml(content_copy / "locales/en/texts.yaml", lambda d: d["buttons"].update(dnoe="x"))
    assert any("buttons.dnoe: unknown key" in p for p in problems_of(content_copy))


def test_unknown_placeholder_is_reported(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["start"]["welcome"] = "Hello, {nmae}!"

    edit_yaml(content_copy / "locales/en/texts.yaml", change)
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{EN}/texts.yaml: start.welcome: unknown placeholder {{nmae}}")


def test_bad_html_is_reported(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["help"]["intro"] = "<b>How it works"

    edit_yaml(content_copy / "locales/en/texts.yaml", change)
    assert problems_of(content_copy) == [f"{EN}/texts.yaml: help.intro: unclosed tag <b>"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # An allowed tag elsewhere in the text does not excuse a bare "<".
        ("<b>x</b> 3 < 5", "a bare '<' must be written as &lt; (near '< 5')"),
        ("<b>How it works", "unclosed tag <b>"),
        ("Step one<br>step two", "tag <br> is not supported by Telegram"),
        ("<b>bold <i>both</b></i>", "</b> does not close the last open tag <i>"),
        ("Then stop</b>", "</b> closes a tag that was never opened"),
    ],
)
def test_html_that_telegram_rejects_is_reported(
    content_copy: Path, text: str, problem: str
) -> None:
    edit_yaml(content_copy / "locales/ru/texts.yaml", lambda d: d["help"].update(intro=text))
    assert problems_of(content_copy) == [f"content/locales/ru/texts.yaml: help.intro: {problem}"]


def test_html_that_telegram_takes_passes(content_copy: Path) -> None:
    text = (
        '<b>x</b> 3 &lt; 5 &amp; 6 &gt; 4 &#8212; <span class="tg-spoiler">s</span> '
        '<tg-spoiler>t</tg-spoiler> <a href="https://example.com">l</a> <blockquote expandable>'
        "q</blockquote> Tom & Jerry"
    )
    edit_yaml(content_copy / "locales/en/texts.yaml", lambda d: d["help"].update(intro=text))
    assert load_content(content_copy).locale("en").texts.get(K.HELP_INTRO) == text


def test_bad_html_in_a_plural_form_is_reported(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["plurals"]["days"]["one"] = "{n} day <3"

    edit_yaml(content_copy / "locales/en/texts.yaml", change)
    assert problems_of(content_copy) == [
        f"{EN}/texts.yaml: plurals.days.one: a bare '<' must be written as &lt; (near '<3')"
    ]


def test_missing_exercise_field_names_the_exercise(content_copy: Path) -> None:
    edit_yaml(
        content_copy / "locales/en/exercises.yaml",
        lambda d: d["exercises"]["neck_turns"].pop("start"),
    )
    assert problems_of(content_copy) == [
        f"{EN}/exercises.yaml: exercises.neck_turns.start: Field required"
    ]


def test_exercise_without_words_is_reported(content_copy: Path) -> None:
    edit_yaml(
        content_copy / "locales/en/exercises.yaml",
        lambda d: d["exercises"].pop("chin_circles"),
    )
    assert problems_of(content_copy) == [f"{EN}/exercises.yaml: exercises.chin_circles: missing"]


def test_hold_must_appear_in_the_dose(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["exercises"]["side_stretch_left"]["dose"] = "Hold a while."

    edit_yaml(content_copy / "locales/en/exercises.yaml", change)
    [problem] = problems_of(content_copy)
    assert "exercises.side_stretch_left.dose: must state the hold of 20 seconds" in problem


def test_bad_program_values_name_the_field(content_copy: Path) -> None:
    def change(data: Any) -> None:
        data["sections"][0]["exercises"][1]["duration_seconds"] = "long"
        data["routines"][3]["sections"] = ["nekc"]
        data["sections"][7]["exercises"][0]["typo"] = 1

    edit_yaml(content_copy / "program.yaml", change)
    problems = problems_of(content_copy)
    assert any(
        p.startswith("content/program.yaml: sections.0.exercises.1.duration_seconds:")
        for p in problems
    )
    assert any("sections.7.exercises.0.typo: Extra inputs are not permitted" in p for p in problems)


def test_routine_with_unknown_section_is_reported(content_copy: Path) -> None:
    edit_yaml(content_copy / "program.yaml", lambda d: d["routines"][3].update(sections=["nekc"]))
    assert "content/program.yaml: routines.3.sections.0: no section 'nekc'" in problems_of(
        content_copy
    )


def test_required_routine_missing_is_reported(content_copy: Path) -> None:
    edit_yaml(content_copy / "program.yaml", lambda d: d["routines"].pop(3))
    problems = problems_of(content_copy)
    assert "content/program.yaml: routines: routine 'neck' is required by the bot" in problems


def test_missing_image_file_is_reported(content_copy: Path) -> None:
    edit_yaml(
        content_copy / "program.yaml",
        lambda d: d["sections"][0]["exercises"][0].update(image="images/nope.png"),
    )
    assert problems_of(content_copy) == [
        "content/program.yaml: sections.0.exercises.0.image: no file content/images/nope.png"
    ]


def test_image_outside_content_is_refused(content_copy: Path) -> None:
    edit_yaml(
        content_copy / "program.yaml",
        lambda d: d["sections"][0]["exercises"][0].update(image="../secrets.png"),
    )
    [problem] = problems_of(content_copy)
    assert problem.startswith("content/program.yaml: sections.0.exercises.0.image:")


def test_broken_yaml_names_file_and_line(content_copy: Path) -> None:
    path = content_copy / "locales/en/texts.yaml"
    path.write_text("start:\n  welcome: [unclosed\n", encoding="utf-8")
    [problem] = problems_of(content_copy)
    assert problem.startswith(f"{EN}/texts.yaml: not valid YAML (line ")


def test_missing_file_is_reported(content_copy: Path) -> None:
    (content_copy / "locales/en/exercises.yaml").unlink()
    assert problems_of(content_copy) == [f"{EN}/exercises.yaml: file is missing"]


def test_top_level_must_be_a_mapping(content_copy: Path) -> None:
    (content_copy / "program.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    assert "content/program.yaml: must be a mapping at the top level" in problems_of(content_copy)


def test_check_content_command(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_content(content_copy) == 0
    assert f"Content in {content_copy} is valid" in capsys.readouterr().out
    edit_yaml(content_copy / "locales/en/texts.yaml", lambda d: d["buttons"].pop("skip"))
    assert check_content(content_copy) == 1
    assert f"{EN}/texts.yaml: buttons.skip: missing" in capsys.readouterr().err


def test_check_content_checks_the_folder_the_bot_would_use(
    content_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    edit_yaml(content_copy / "locales/en/texts.yaml", lambda d: d["buttons"].pop("skip"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CONTENT_DIR", str(content_copy))
    assert check_content(None) == 1
    out = capsys.readouterr()
    assert f"Checked {content_copy}." in out.err
    assert "buttons.skip: missing" in out.err
    monkeypatch.delenv("CONTENT_DIR")
    (tmp_path / ".env").write_text(f"CONTENT_DIR={content_copy}\n", encoding="utf-8")
    assert check_content(None) == 1  # from .env, as the bot reads it
    assert f"Checked {content_copy}." in capsys.readouterr().err
