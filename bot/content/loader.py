"""Loads and validates everything under content/ at start-up.

Every problem is reported with the file and the field, e.g.
`content/locales/en/texts.yaml: buttons.done: missing`.

Besides each file on its own, the languages are checked against each other: every text uses the
same placeholders as the English one, and every language has the plural forms its grammar needs
(CLDR categories from Babel: "one/other" in English, "one/few/many/other" in Russian).
The exercises, routines and sections of every language are those of program.yaml.
"""

from __future__ import annotations

import dataclasses
import html
import random
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from babel import Locale as BabelLocale
from babel import UnknownLocaleError
from babel.plural import PluralRule
from pydantic import BaseModel, ValidationError

from bot.content.keys import (
    PLURAL_PLACEHOLDER,
    REQUIRED_ROUTINES,
    KeySpec,
    P,
    TextKey,
    text_keys,
)
from bot.content.poses import PoseFile
from bot.content.schema import (
    ExercisesFile,
    ExerciseSpec,
    ExerciseText,
    ProgramFile,
    RoutineText,
    ScheduleFile,
    SectionText,
)
from bot.content.telegram_html import HtmlErrorCode, HtmlParseError, excerpt, parse_html
from bot.domain.program import Exercise, Hold, Program, Routine

DEFAULT_LANGUAGE = "en"
PLURALS = "plurals"  # the section of texts.yaml with the counted nouns
# CLDR plural categories in their usual order; "other" is in every language.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """The content folder is broken; the message names every file and field at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Html(str):
    """A text fragment that is already valid HTML and must not be escaped again."""

    __slots__ = ()


class Texts:
    """The keyed texts of one language, and its counted nouns."""

    def __init__(
        self,
        language: str,
        values: Mapping[str, str | list[str]],
        plurals: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.language = language
        self._values = dict(values)
        self._plurals = {key: dict(forms) for key, forms in (plurals or {}).items()}
        self._plural_rule: PluralRule | None = None

    def get(self, key: TextKey, **values: object) -> str:
        """The text for `key` with placeholders filled; plain str values are HTML-escaped."""
        raw = self._values[key]
        template = raw[0] if isinstance(raw, list) else raw
        return _fill(template, values)

    def variants(self, key: TextKey) -> list[str]:
        """Every variant of a list text, unfilled."""
        raw = self._values[key]
        return list(raw) if isinstance(raw, list) else [raw]

    def pick(self, key: TextKey, rng: random.Random | None = None, **values: object) -> str:
        """One of the variants of a list text, chosen at random."""
        raw = self._values[key]
        variants = raw if isinstance(raw, list) else [raw]
        return _fill((rng or random).choice(variants), values)

    def count(self, key: P, n: int) -> Html:
        """`n` with the noun of `key` in the form the language's plural rule asks for.

        "1 day", "2 days"; "1 день", "2 дня", "5 дней", "21 день". The number is a plain integer.
        """
        if self._plural_rule is None:
            self._plural_rule = BabelLocale.parse(self.language).plural_form
        forms = self._plurals[key]
        template = forms.get(self._plural_rule(n), forms["other"])
        # The forms are validated content, so the result is HTML already.
        return Html(template.format_map({PLURAL_PLACEHOLDER: f"{n:d}"}))


def _fill(template: str, values: Mapping[str, object]) -> str:
    safe = {
        name: value if isinstance(value, Html) or not isinstance(value, str) else html.escape(value)
        for name, value in values.items()
    }
    return template.format_map(safe)


@dataclass(frozen=True, slots=True)
class Locale:
    """Everything a user sees, in one language."""

    language: str
    texts: Texts
    sections: Mapping[str, SectionText]
    routines: Mapping[str, RoutineText]
    exercises: Mapping[str, ExerciseText]
    equipment: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Content:
    """The validated content: the program and its locales."""

    root: Path
    program: Program
    locales: Mapping[str, Locale]
    schedule: ScheduleFile
    poses: Mapping[str, PoseFile] = dataclasses.field(default_factory=dict)  # by Exercise.pose_key

    def pose(self, exercise: Exercise) -> PoseFile | None:
        """How the exercise's movement is drawn, if its pose file exists."""
        return self.poses.get(exercise.pose_key)

    def locale(self, language_code: str | None) -> Locale:
        """The locale for a Telegram language code, falling back to English."""
        if language_code:
            primary = language_code.split("-")[0].lower()
            if primary in self.locales:
                return self.locales[primary]
        return self.locales[DEFAULT_LANGUAGE]

    def words(self, key: TextKey) -> frozenset[str]:
        """The accepted spellings of a typed word (a list text), in every language, lower-case."""
        spellings: set[str] = set()
        for locale in self.locales.values():
            spellings.update(word.casefold() for word in locale.texts.variants(key))
        return frozenset(spellings)

    def image_source(self, image: str) -> str | Path:
        """A URL as it is, a content path as an absolute Path."""
        if image.startswith(("http://", "https://")):
            return image
        return self.root / image


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


_UNREADABLE = object()  # already reported; later checks of the file stay silent


def _read_yaml(path: Path, root: Path, problems: list[str]) -> Any:
    name = _relative(path, root)
    if not path.is_file():
        problems.append(f"{name}: file is missing")
        return _UNREADABLE
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problems.append(f"{name}: not valid YAML{where}: {error.problem}")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(f"{name}: cannot be read: {error}")
    return _UNREADABLE


def _validate(model: type[M], data: Any, name: str, problems: list[str]) -> M | None:
    if data is _UNREADABLE:
        return None
    if not isinstance(data, dict):
        problems.append(f"{name}: must be a mapping at the top level")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"]) or "(top level)"
            problems.append(f"{name}: {field}: {item['msg']}")
    return None


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(key, bool):  # YAML 1.1 reads a bare yes/no/on/off key as a boolean
            key = f"{key} (a bare yes/no/on/off key: quote it)"
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def placeholders_of(template: str) -> set[str]:
    """The `{name}` placeholders of a text; raises ValueError on a malformed one."""
    names: set[str] = set()
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise ValueError(f"placeholder {{{field}}} must be a plain name like {{name}}")
        names.add(field)
    return names


def _check_texts(
    data: Any, keys: Mapping[str, KeySpec], name: str, problems: list[str]
) -> dict[str, str | list[str]]:
    if data is _UNREADABLE:
        return {}
    if not isinstance(data, dict):
        problems.append(f"{name}: must be a mapping at the top level")
        return {}
    flat = _flatten({key: value for key, value in data.items() if key != PLURALS})
    for extra in sorted(set(flat) - set(keys)):
        problems.append(f"{name}: {extra}: unknown key (a typo, or a text the code does not use)")
    texts: dict[str, str | list[str]] = {}
    for key, spec in keys.items():
        if key not in flat:
            problems.append(f"{name}: {key}: missing")
            continue
        value = flat[key]
        variants = value if isinstance(value, list) else [value]
        if spec.is_list and not isinstance(value, list):
            problems.append(f"{name}: {key}: must be a list of variants")
            continue
        if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            problems.append(f"{name}: {key}: must be non-empty text")
            continue
        for variant in variants:
            try:
                unknown = placeholders_of(variant) - spec.placeholders
            except ValueError as error:
                problems.append(f"{name}: {key}: {error}")
                continue
            if unknown:
                hint = ", ".join(f"{{{p}}}" for p in sorted(spec.placeholders)) or "none"
                problems.append(
                    f"{name}: {key}: unknown placeholder "
                    f"{', '.join(f'{{{p}}}' for p in sorted(unknown))} (allowed: {hint})"
                )
            problem = html_problem(variant)
            if problem is not None:
                problems.append(f"{name}: {key}: {problem}")
        texts[key] = value
    return texts


# The content check's words for what Telegram's HTML parser rejects, for whoever edits content/.
_HTML_PROBLEMS: dict[HtmlErrorCode, str] = {
    HtmlErrorCode.BARE_LESS_THAN: "a bare '<' must be written as &lt; (near '{near}')",
    HtmlErrorCode.UNSUPPORTED_TAG: "tag <{tag}> is not supported by Telegram",
    HtmlErrorCode.UNFINISHED_START_TAG: "tag <{tag} does not end with '>' (near '{near}')",
    HtmlErrorCode.EMPTY_ATTRIBUTE_NAME: "tag <{tag}> has an attribute without a name",
    HtmlErrorCode.BAD_ATTRIBUTE_VALUE: (
        "an attribute value of tag <{tag}> must be in quotes (near '{near}')"
    ),
    HtmlErrorCode.SPAN_WITHOUT_SPOILER: 'tag <span> needs class="tg-spoiler"',
    HtmlErrorCode.INVALID_EMOJI_ID: "tag <tg-emoji> needs a numeric emoji-id",
    HtmlErrorCode.UNEXPECTED_END_TAG: "</{tag}> closes a tag that was never opened",
    HtmlErrorCode.UNFINISHED_END_TAG: "end tag </{tag} does not end with '>'",
    HtmlErrorCode.UNMATCHED_END_TAG: "</{tag}> does not close the last open tag <{expected}>",
    HtmlErrorCode.UNCLOSED_TAG: "unclosed tag <{tag}>",
    HtmlErrorCode.INVALID_UNICODE: (
        "invalid Unicode characters after decoding character references (unmatched surrogates)"
    ),
    HtmlErrorCode.BARE_AMPERSAND: "a bare '&' must be written as &amp; (near '{near}')",
}


def html_problem(text: str) -> str | None:
    """Why Telegram would reject ``text`` in HTML parse mode, in English; None if it would not."""
    try:
        parse_html(text)
    except HtmlParseError as error:
        near = "" if error.position is None else excerpt(text, error.position)
        return _HTML_PROBLEMS[error.code].format(
            tag=error.tag or "", expected=error.expected or "", near=near
        )
    return None


def plural_categories(language: str) -> tuple[str, ...] | None:
    """The CLDR plural categories of a language, "other" included; None if Babel lacks it."""
    try:
        tags = BabelLocale.parse(language).plural_form.tags
    except (UnknownLocaleError, ValueError):
        return None
    return tuple(c for c in PLURAL_CATEGORIES if c in tags or c == "other")


def _check_plurals(
    data: Any, language: str, name: str, problems: list[str]
) -> dict[str, dict[str, str]]:
    """The `plurals:` section: every key of P, each with exactly the forms of the language."""
    if data is _UNREADABLE or not isinstance(data, dict):
        return {}  # already reported by _check_texts
    categories = plural_categories(language)
    if categories is None:
        problems.append(f"{name}: {PLURALS}: Babel knows no plural rules for '{language}'")
        return {}
    section = data.get(PLURALS)
    if section is None:
        problems.append(f"{name}: {PLURALS}: missing")
        return {}
    if not isinstance(section, dict):
        problems.append(f"{name}: {PLURALS}: must be a mapping of counted nouns")
        return {}
    known = {key.value for key in P}
    for extra in sorted(str(key) for key in section if str(key) not in known):
        problems.append(
            f"{name}: {PLURALS}.{extra}: unknown key (a typo, or a plural the code does not use)"
        )
    expected = ", ".join(categories)
    plurals: dict[str, dict[str, str]] = {}
    for key in P:
        field = f"{PLURALS}.{key.value}"
        forms = section.get(key.value)
        if forms is None:
            problems.append(f"{name}: {field}: missing")
            continue
        if not isinstance(forms, dict):
            problems.append(f"{name}: {field}: must be a mapping of the forms {expected}")
            continue
        valid = True
        for category in categories:
            if category not in forms:
                problems.append(f"{name}: {field}.{category}: missing")
                valid = False
        for extra in sorted(str(c) for c in forms if str(c) not in categories):
            problems.append(
                f"{name}: {field}.{extra}: not a plural category of '{language}' "
                f"(it has: {expected})"
            )
            valid = False
        for category in categories:
            form = forms.get(category)
            if form is None:
                continue
            if not isinstance(form, str) or not form.strip():
                problems.append(f"{name}: {field}.{category}: must be non-empty text")
                valid = False
                continue
            valid = _check_plural_form(form, f"{name}: {field}.{category}", problems) and valid
        if valid:
            plurals[key.value] = {category: forms[category] for category in categories}
    return plurals


def _check_plural_form(form: str, where: str, problems: list[str]) -> bool:
    count = len(problems)
    try:
        names = placeholders_of(form)
    except ValueError as error:
        problems.append(f"{where}: {error}")
        return False
    if PLURAL_PLACEHOLDER not in names:
        problems.append(f"{where}: must contain {{{PLURAL_PLACEHOLDER}}}")
    unknown = names - {PLURAL_PLACEHOLDER}
    if unknown:
        problems.append(
            f"{where}: unknown placeholder {_braced(unknown)} (allowed: {{{PLURAL_PLACEHOLDER}}})"
        )
    problem = html_problem(form)
    if problem is not None:
        problems.append(f"{where}: {problem}")
    return len(problems) == count


def _braced(names: set[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def _used_placeholders(value: str | list[str]) -> set[str] | None:
    """The placeholders a text uses (all variants together); None if one is malformed."""
    variants = value if isinstance(value, list) else [value]
    try:
        return set().union(*(placeholders_of(variant) for variant in variants))
    except ValueError:
        return None


def _check_placeholder_parity(
    keys: Mapping[str, KeySpec],
    reference_name: str,
    reference: Mapping[str, str | list[str]],
    name: str,
    texts: Mapping[str, str | list[str]],
    problems: list[str],
) -> None:
    """Every text uses the placeholders of the reference (English) text, no fewer and no more.

    A list text is compared as a whole: its variants may differ from each other (a reminder
    with the user's name and one without), but together they use what the reference uses.
    """
    for key, spec in keys.items():
        if key not in reference or key not in texts:
            continue  # a missing key is reported on its own
        expected = _used_placeholders(reference[key])
        if expected is None or not expected <= spec.placeholders:
            continue  # the reference itself is broken, and that is reported on its own
        found = _used_placeholders(texts[key])
        if found is None or found == expected:
            continue
        differences = []
        if expected - found:
            differences.append(f"missing {_braced(expected - found)}")
        if found - expected:
            differences.append(f"extra {_braced(found - expected)}")
        problems.append(
            f"{name}: {key}: placeholders differ from {reference_name}: " + ", ".join(differences)
        )


def _build_program(program: ProgramFile, name: str, root: Path, problems: list[str]) -> Program:
    sections: dict[str, tuple[Exercise, ...]] = {}
    complex_order: dict[str, int] = {}
    specs: dict[str, ExerciseSpec] = {}
    for index, section in enumerate(program.sections):
        if section.id in sections:
            problems.append(f"{name}: sections.{index}.id: duplicate section '{section.id}'")
        exercises = []
        for position, spec in enumerate(section.exercises):
            field = f"sections.{index}.exercises.{position}"
            if spec.id in specs:
                problems.append(f"{name}: {field}.id: duplicate exercise '{spec.id}'")
            specs[spec.id] = spec
            complex_order.setdefault(spec.id, len(complex_order))
            is_url = (spec.image or "").startswith(("http://", "https://"))
            if spec.image and not is_url and not (root / spec.image).is_file():
                problems.append(f"{name}: {field}.image: no file content/{spec.image}")
            exercise = _exercise(spec, section.id)
            if spec.hold and exercise.hold and spec.duration_seconds < exercise.hold.total_seconds:
                problems.append(
                    f"{name}: {field}.duration_seconds: shorter than its hold "
                    f"({exercise.hold.total_seconds} s with the change of sides)"
                )
            exercises.append(exercise)
        sections[section.id] = tuple(exercises)
    by_id = {e.id: e for cards in sections.values() for e in cards}
    routines: list[Routine] = []
    routine_ids: set[str] = set()
    commands: set[str] = set()
    for index, routine_spec in enumerate(program.routines):
        field = f"routines.{index}"
        if routine_spec.id in routine_ids:
            problems.append(f"{name}: {field}.id: duplicate routine '{routine_spec.id}'")
        routine_ids.add(routine_spec.id)
        if routine_spec.command in commands:
            problems.append(f"{name}: {field}.command: '/{routine_spec.command}' is taken")
        if routine_spec.command:
            commands.add(routine_spec.command)
        cards: list[Exercise] = []
        for position, section_id in enumerate(routine_spec.sections or []):
            if section_id not in sections:
                problems.append(f"{name}: {field}.sections.{position}: no section '{section_id}'")
                continue
            cards.extend(sections[section_id])
        previous = -1
        for position, item in enumerate(routine_spec.items()):
            where = f"{name}: {field}.exercises.{position}"
            if item.id not in by_id:
                problems.append(f"{where}: no exercise '{item.id}' in the complex")
                continue
            if complex_order[item.id] <= previous:
                problems.append(f"{where}: '{item.id}' is out of the complex's order")
            previous = complex_order[item.id]
            if item.variant is None:
                cards.append(by_id[item.id])
            elif item.variant in specs[item.id].variants:
                cards.append(_exercise(specs[item.id], by_id[item.id].section_id, item.variant))
            else:
                problems.append(f"{where}.variant: '{item.id}' has no variant '{item.variant}'")
        routine = Routine(routine_spec.id, tuple(cards), routine_spec.command)
        if cards and routine.estimated_minutes != routine_spec.minutes:
            problems.append(
                f"{name}: {field}.minutes: says {routine_spec.minutes}, but its cards add up "
                f"to {routine.estimated_minutes} (the sum of duration_seconds, rounded up)"
            )
        allowed = set(routine_spec.postures or [])
        for card in cards if allowed else []:
            if card.posture not in allowed:
                problems.append(
                    f"{name}: {field}.postures: '{card.id}' is done {card.posture}, "
                    f"not one of {', '.join(sorted(allowed))}"
                )
        routines.append(routine)
    for routine_id in sorted(set(REQUIRED_ROUTINES) - routine_ids):
        problems.append(f"{name}: routines: routine '{routine_id}' is required by the bot")
    return Program(tuple(routines))


def _exercise(spec: ExerciseSpec, section_id: str, variant: str | None = None) -> Exercise:
    hold = (
        Hold(
            spec.hold.seconds,
            spec.hold.sides,
            spec.hold.change_seconds if spec.hold.sides == 2 else 0,
        )
        if spec.hold
        else None
    )
    chosen = spec.variants[variant] if variant else spec
    return Exercise(
        spec.id,
        section_id,
        spec.duration_seconds,
        hold,
        spec.image,
        posture=chosen.posture,
        needs=tuple(chosen.needs),
        variant=variant,
    )


# A card must be read at a glance on a phone: one short action a step.
MAX_STEP_CHARS = 160


def _check_words(
    words: ExercisesFile, program: ProgramFile, name: str, problems: list[str]
) -> None:
    exercise_specs = [e for s in program.sections for e in s.exercises]
    used_equipment = {
        need
        for spec in exercise_specs
        for need in [*spec.needs, *(n for v in spec.variants.values() for n in v.needs)]
    }
    expected = {
        "equipment": used_equipment,
        "sections": {s.id for s in program.sections},
        "routines": {r.id for r in program.routines},
        "exercises": {e.id for e in exercise_specs},
    }
    present = {
        "equipment": set(words.equipment),
        "sections": set(words.sections),
        "routines": set(words.routines),
        "exercises": set(words.exercises),
    }
    for group, ids in expected.items():
        for missing in sorted(ids - present[group]):
            problems.append(f"{name}: {group}.{missing}: missing")
        for extra in sorted(present[group] - ids):
            problems.append(f"{name}: {group}.{extra}: not in program.yaml")
    for routine_spec in program.routines:
        routine_words = words.routines.get(routine_spec.id)
        if routine_spec.command and routine_words and routine_words.command is None:
            problems.append(
                f"{name}: routines.{routine_spec.id}.command: missing (the menu's words for "
                f"/{routine_spec.command})"
            )
    for spec in exercise_specs:
        text = words.exercises.get(spec.id)
        if text is None:
            continue
        field = f"{name}: exercises.{spec.id}"
        if spec.hold and str(spec.hold.seconds) not in text.dose:
            problems.append(
                f"{field}.dose: must state the hold of "
                f"{spec.hold.seconds} seconds given in program.yaml"
            )
        for variant in sorted(set(spec.variants) - set(text.variants)):
            problems.append(f"{field}.variants.{variant}: missing")
        for variant in sorted(set(text.variants) - set(spec.variants)):
            problems.append(f"{field}.variants.{variant}: not in program.yaml")
        for number, step in enumerate(text.steps):
            if len(step) > MAX_STEP_CHARS:
                problems.append(
                    f"{field}.steps.{number}: {len(step)} characters; split it "
                    f"(at most {MAX_STEP_CHARS}, one action a step)"
                )


def load_content(root: Path) -> Content:
    """Reads and validates the content folder; raises ContentError naming every problem."""
    root = root.resolve()
    problems: list[str] = []
    keys = text_keys()
    program_path = root / "program.yaml"
    program_name = _relative(program_path, root)
    program_file = _validate(
        ProgramFile, _read_yaml(program_path, root, problems), program_name, problems
    )
    schedule_path = root / "schedule.yaml"
    schedule = _validate(
        ScheduleFile,
        _read_yaml(schedule_path, root, problems),
        _relative(schedule_path, root),
        problems,
    )
    locales_dir = root / "locales"
    languages = (
        sorted(p.name for p in locales_dir.iterdir() if p.is_dir()) if locales_dir.is_dir() else []
    )
    if DEFAULT_LANGUAGE not in languages:
        problems.append(f"{_relative(locales_dir, root)}/{DEFAULT_LANGUAGE}: folder is missing")
    program = (
        _build_program(program_file, program_name, root, problems) if program_file else Program(())
    )
    locales: dict[str, Locale] = {}
    checked_texts: dict[str, tuple[str, dict[str, str | list[str]]]] = {}
    for language in languages:
        words_path = locales_dir / language / "exercises.yaml"
        texts_path = locales_dir / language / "texts.yaml"
        words_name = _relative(words_path, root)
        texts_name = _relative(texts_path, root)
        words = _validate(
            ExercisesFile, _read_yaml(words_path, root, problems), words_name, problems
        )
        texts_data = _read_yaml(texts_path, root, problems)
        texts = _check_texts(texts_data, keys, texts_name, problems)
        plurals = _check_plurals(texts_data, language, texts_name, problems)
        checked_texts[language] = (texts_name, texts)
        if words and program_file:
            _check_words(words, program_file, words_name, problems)
        if words:
            locales[language] = Locale(
                language,
                Texts(language, texts, plurals),
                words.sections,
                words.routines,
                words.exercises,
                words.equipment,
            )
    if DEFAULT_LANGUAGE in checked_texts:
        reference_name, reference = checked_texts[DEFAULT_LANGUAGE]
        for language, (texts_name, texts) in checked_texts.items():
            if language != DEFAULT_LANGUAGE:
                _check_placeholder_parity(
                    keys, reference_name, reference, texts_name, texts, problems
                )
    poses = _load_poses(root, program_file, problems) if program_file else {}
    if problems or schedule is None:
        raise ContentError(problems)
    return Content(root=root, program=program, locales=locales, schedule=schedule, poses=poses)


def _load_poses(root: Path, program: ProgramFile, problems: list[str]) -> dict[str, PoseFile]:
    """The pose files of content/poses: one per exercise and per variant, except where the
    author's own `image` replaces the drawing."""
    folder = root / "poses"
    exercises = {
        key: exercise.image
        for section in program.sections
        for exercise in section.exercises
        for key in (exercise.id, *(f"{exercise.id}.{v}" for v in exercise.variants))
    }
    missing = [
        key
        for key, image in exercises.items()
        if not image and not (folder / f"{key}.yaml").is_file()
    ]
    for key in missing:
        problems.append(
            f"{_relative(folder / f'{key}.yaml', root)}: missing: every exercise (and variant) "
            "is drawn from its pose file, unless program.yaml gives it an image"
        )
    if not folder.is_dir():
        return {}
    poses: dict[str, PoseFile] = {}
    for path in sorted(folder.glob("*.yaml")):
        name = _relative(path, root)
        if path.stem not in exercises:
            problems.append(
                f"{name}: no exercise (or variant) '{path.stem}' in program.yaml; a pose file "
                "is named <exercise id>.yaml or <exercise id>.<variant>.yaml"
            )
            continue
        pose = _validate(PoseFile, _read_yaml(path, root, problems), name, problems)
        if pose is None:
            continue
        # The complex's neck rule: the head never tips back, so no drawing shows it.
        tipped = pose.extended_neck()
        if tipped:
            times = ", ".join(f"{at:g} s" for at in tipped)
            problems.append(
                f"{name}: keyframes: the head tips back (neck below 0) at {times}; "
                "no exercise of the complex does that"
            )
            continue
        poses[path.stem] = pose
    return poses
