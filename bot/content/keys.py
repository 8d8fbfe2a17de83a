"""Keys of the user-facing texts and the placeholders each may use.

Code refers to texts only through these keys; `locales/<lang>/texts.yaml` holds the words.
A key listed in LIST_KEYS holds several variants (one is picked each time).
A key of P is a counted noun under `plurals:`, with one form per plural category of the language
("1 day", "2 days"; "1 день", "2 дня", "5 дней").

K holds the keys several features share. A feature may declare its own keys beside its code, in
`bot/features/<feature>/texts.py`: a StrEnum handed to `declare_texts` with its placeholders.
`text_keys()` finds those modules, so the content check knows every key the code uses.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias, TypeVar

from bot.content.telegram_html import HtmlErrorCode

TextKey: TypeAlias = StrEnum  # K, or a feature's own keys
E = TypeVar("E", bound=StrEnum)


class K(StrEnum):
    """Every text key the code uses."""

    START_WELCOME = "start.welcome"
    START_ABOUT = "start.about"
    START_SAFETY = "start.safety"
    START_OPEN_SESSION = "start.open_session"
    START_CHOOSE = "start.choose"

    HELP_INTRO = "help.intro"
    HELP_COMMANDS = "help.commands"
    HELP_LINE = "help.line"
    HELP_OUTRO = "help.outro"
    HELP_REMIND = "help.remind"
    HELP_TIMEZONE = "help.timezone"
    HELP_PAUSE = "help.pause"

    MENU_TITLE = "menu.title"
    MENU_LINE = "menu.line"

    CARD_HEADER = "card.header"
    CARD_HEADER_SHORT = "card.header_short"
    CARD_START = "card.start"
    CARD_STEP = "card.step"
    CARD_NEEDS = "card.needs"
    CARD_GET_UP = "card.get_up"
    CARD_DOSE = "card.dose"
    CARD_SIDES = "card.sides"
    CARD_CAUTION = "card.caution"
    CARD_RULES = "card.rules"
    CARD_DONE_LINE = "card.done_line"
    CARD_SKIPPED_LINE = "card.skipped_line"
    CARD_STOPPED_LINE = "card.stopped_line"
    CARD_MEDIA_CAPTION = "card.media_caption"
    CARD_MEDIA_CAPTION_ONE_SIDE = "card.media_caption_one_side"

    BUTTON_DONE = "buttons.done"
    BUTTON_SKIP = "buttons.skip"
    BUTTON_STOP = "buttons.stop"
    BUTTON_TIMER = "buttons.timer"
    BUTTON_TIMER_TWO_SIDES = "buttons.timer_two_sides"
    BUTTON_MENU = "buttons.menu"
    BUTTON_AGAIN = "buttons.again"
    BUTTON_CONTINUE = "buttons.continue"
    BUTTON_START_NEW = "buttons.start_new"

    TIMER_STARTED = "timer.started"
    TIMER_STARTED_TWO_SIDES = "timer.started_two_sides"
    TIMER_SWITCH_SIDES = "timer.switch_sides"
    TIMER_DONE = "timer.done"

    TOAST_DONE = "toasts.done"
    TOAST_SKIPPED = "toasts.skipped"
    TOAST_STOPPED = "toasts.stopped"
    TOAST_TIMER = "toasts.timer"
    TOAST_STALE = "toasts.stale"
    TOAST_ENDED = "toasts.ended"
    TOAST_NOT_YOURS = "toasts.not_yours"
    TOAST_INVALID = "toasts.invalid"

    SUMMARY_FINISHED = "summary.finished"
    SUMMARY_STOPPED = "summary.stopped"
    SUMMARY_NEXT = "summary.next"

    CONFLICT_QUESTION = "conflict.question"
    STOP_NOTHING = "stop.nothing"
    ROUTINE_GONE = "routine.gone"

    HINT_TEXT = "hints.free_text"
    HINT_UNKNOWN_COMMAND = "hints.unknown_command"
    HINT_OTHER = "hints.other"
    ERROR_GENERIC = "errors.generic"

    REMINDER_VARIANTS = "reminder.variants"
    REMINDER_START = "reminder.start"
    REMINDER_SHORT = "reminder.short"
    REMINDER_SNOOZE_30 = "reminder.snooze_30"
    REMINDER_SNOOZE_60 = "reminder.snooze_60"
    REMINDER_NOT_TODAY = "reminder.not_today"
    REMINDER_SNOOZED = "reminder.snoozed"
    REMINDER_SKIPPED_TODAY = "reminder.skipped_today"
    REMINDER_SKIPPED_TODAY_NONE = "reminder.skipped_today_none"
    REMINDER_STALE = "reminder.stale"

    SETUP_INTRO = "setup.intro"
    SETUP_ASK_ZONE = "setup.ask_zone"
    SETUP_LOCATION_BUTTON = "setup.location_button"
    SETUP_SKIP_BUTTON = "setup.skip_button"
    SETUP_ZONE_SET = "setup.zone_set"
    SETUP_ZONE_FIXED = "setup.zone_fixed"
    SETUP_ZONE_UNKNOWN = "setup.zone_unknown"
    SETUP_LOCATION_UNKNOWN = "setup.location_unknown"
    SETUP_ASK_TIME = "setup.ask_time"
    SETUP_TIME_UNKNOWN = "setup.time_unknown"
    SETUP_ASK_DAYS = "setup.ask_days"
    SETUP_NO_REMINDERS_BUTTON = "setup.no_reminders_button"
    SETUP_WEEKDAYS_BUTTON = "setup.weekdays_button"
    SETUP_DAILY_BUTTON = "setup.daily_button"
    SETUP_SKIPPED = "setup.skipped"
    SETUP_NEED_ZONE = "setup.need_zone"

    SETTINGS_TITLE = "settings.title"
    SETTINGS_ZONE = "settings.zone"
    SETTINGS_ZONE_NONE = "settings.zone_none"
    SETTINGS_REMINDER_ON = "settings.reminder_on"
    SETTINGS_REMINDER_OFF = "settings.reminder_off"
    SETTINGS_NEXT = "settings.next"
    SETTINGS_WEEKDAYS = "settings.weekdays"
    SETTINGS_DAILY = "settings.daily"
    SETTINGS_ZONE_BUTTON = "settings.zone_button"
    SETTINGS_TIME_BUTTON = "settings.time_button"
    SETTINGS_DAYS_BUTTON = "settings.days_button"
    SETTINGS_OFF_BUTTON = "settings.off_button"
    SETTINGS_SAVED = "settings.saved"
    SETTINGS_REMIND_USAGE = "settings.remind_usage"
    SETTINGS_TIMEZONE_USAGE = "settings.timezone_usage"
    SETTINGS_WHEN = "settings.when"

    SUMMARY_STREAK = "summary.streak"
    SUMMARY_SKIPPED = "summary.skipped"

    PROGRESS_TITLE = "progress.title"
    PROGRESS_STREAK = "progress.streak"
    PROGRESS_WEEK = "progress.week"
    PROGRESS_MONTH = "progress.month"
    PROGRESS_TOTAL = "progress.total"
    PROGRESS_TOP = "progress.top"
    PROGRESS_TOP_ITEM = "progress.top_item"
    PROGRESS_LAST = "progress.last"
    PROGRESS_RATINGS = "progress.ratings"
    PROGRESS_NO_RATINGS = "progress.no_ratings"
    PROGRESS_EMPTY = "progress.empty"
    PROGRESS_CAPTION = "progress.caption"
    PROGRESS_WEEKDAY_LABELS = "progress.weekday_labels"
    PROGRESS_CALENDAR_TITLE = "progress.calendar_title"
    PROGRESS_CALENDAR_TEXT = "progress.calendar_text"
    PROGRESS_PAUSED = "progress.paused"
    PROGRESS_RULES = "progress.rules"

    PAUSE_USAGE = "pause.usage"
    PAUSE_STARTED = "pause.started"
    PAUSE_ENDED = "pause.ended"
    PAUSE_NONE = "pause.none"

    RATING_ASK_BEFORE = "rating.ask_before"
    RATING_ASK_AFTER = "rating.ask_after"
    RATING_SKIP = "rating.skip"
    RATING_SAVED_BEFORE = "rating.saved_before"
    RATING_SAVED_AFTER = "rating.saved_after"
    RATING_SKIPPED = "rating.skipped"
    RATING_HIGH = "rating.high"
    RATING_HIGH_GENTLE = "rating.high_gentle"
    RATING_AFTER_HIGH = "rating.after_high"
    RATING_AFTER_WORSE = "rating.after_worse"
    SAFETY_EMERGENCY = "safety.emergency"
    SAFETY_DOCTOR = "safety.doctor"

    INTRO_TITLE = "intro.title"
    INTRO_NEEDS = "intro.needs"
    INTRO_FOOTING = "intro.footing"
    RATING_GENTLE_BUTTON = "rating.gentle_button"

    MYDATA_CAPTION = "mydata.caption"
    DELETEME_CONFIRM = "deleteme.confirm"
    DELETEME_YES = "deleteme.delete_button"
    DELETEME_NO = "deleteme.keep_button"
    DELETEME_DONE = "deleteme.done"
    DELETEME_KEPT = "deleteme.kept"

    COMMAND_START = "commands.start"
    COMMAND_ROUTINES = "commands.routines"
    COMMAND_STOP = "commands.stop"
    COMMAND_HELP = "commands.help"
    COMMAND_REMIND = "commands.remind"
    COMMAND_TIMEZONE = "commands.timezone"
    COMMAND_SETTINGS = "commands.settings"
    COMMAND_PROGRESS = "commands.progress"
    COMMAND_PAUSE = "commands.pause"
    COMMAND_MYDATA = "commands.mydata"
    COMMAND_DELETEME = "commands.deleteme"
    COMMAND_LANGUAGE = "commands.language"

    # What is wrong with a message's HTML (shown to the operator by /broadcast); one per
    # HtmlErrorCode, see HTML_ERROR_KEYS.
    HTML_BARE_LESS_THAN = "html.bare_less_than"
    HTML_UNSUPPORTED_TAG = "html.unsupported_tag"
    HTML_UNFINISHED_START_TAG = "html.unfinished_start_tag"
    HTML_EMPTY_ATTRIBUTE_NAME = "html.empty_attribute_name"
    HTML_BAD_ATTRIBUTE_VALUE = "html.bad_attribute_value"
    HTML_SPAN_WITHOUT_SPOILER = "html.span_without_spoiler"
    HTML_INVALID_EMOJI_ID = "html.invalid_emoji_id"
    HTML_UNEXPECTED_END_TAG = "html.unexpected_end_tag"
    HTML_UNFINISHED_END_TAG = "html.unfinished_end_tag"
    HTML_UNMATCHED_END_TAG = "html.unmatched_end_tag"
    HTML_UNCLOSED_TAG = "html.unclosed_tag"
    HTML_INVALID_UNICODE = "html.invalid_unicode"
    HTML_BARE_AMPERSAND = "html.bare_ampersand"

    # Words typed after /remind and /pause (every language's words work for everyone)
    WORDS_OFF = "words.off"
    WORDS_DAILY = "words.daily"
    WORDS_WEEKDAYS = "words.weekdays"

    # /language
    LANGUAGE_NAME = "language.name"
    LANGUAGE_CHOOSE = "language.choose"
    LANGUAGE_SET = "language.set"


class P(StrEnum):
    """Every counted noun the code uses: `plurals.<key>` in texts.yaml, filled by Texts.count."""

    CHARACTERS = "characters"
    DAYS = "days"
    EXERCISES = "exercises"
    ROUTINES = "routines"
    USERS = "users"


# The one placeholder of every plural form: the number.
PLURAL_PLACEHOLDER = "n"

PLACEHOLDERS: dict[K, frozenset[str]] = {
    K.START_WELCOME: frozenset({"name"}),
    K.START_OPEN_SESSION: frozenset({"routine", "position"}),
    K.MENU_LINE: frozenset({"routine", "description", "exercises", "minutes"}),
    K.CARD_HEADER: frozenset({"routine", "section", "position"}),
    K.CARD_HEADER_SHORT: frozenset({"routine", "position"}),
    K.CARD_START: frozenset({"text"}),
    K.CARD_STEP: frozenset({"number", "text"}),
    K.CARD_NEEDS: frozenset({"items"}),
    K.CARD_DOSE: frozenset({"text"}),
    K.CARD_SIDES: frozenset({"text"}),
    K.CARD_CAUTION: frozenset({"text"}),
    K.CARD_RULES: frozenset({"text"}),
    K.CARD_DONE_LINE: frozenset({"position", "title"}),
    K.CARD_SKIPPED_LINE: frozenset({"position", "title"}),
    K.CARD_STOPPED_LINE: frozenset({"position", "title"}),
    K.CARD_MEDIA_CAPTION: frozenset({"position", "title"}),
    K.CARD_MEDIA_CAPTION_ONE_SIDE: frozenset({"position", "title"}),
    K.BUTTON_TIMER: frozenset({"seconds"}),
    K.BUTTON_TIMER_TWO_SIDES: frozenset({"seconds"}),
    K.BUTTON_CONTINUE: frozenset({"routine", "position"}),
    K.BUTTON_START_NEW: frozenset({"routine"}),
    K.TIMER_STARTED: frozenset({"seconds", "title"}),
    K.TIMER_STARTED_TWO_SIDES: frozenset({"seconds", "title", "change"}),
    K.TIMER_SWITCH_SIDES: frozenset({"seconds", "title", "change"}),
    K.TIMER_DONE: frozenset({"title"}),
    K.SUMMARY_FINISHED: frozenset({"routine", "done", "skipped", "total", "minutes"}),
    K.SUMMARY_STOPPED: frozenset({"routine", "position", "done", "skipped", "total", "minutes"}),
    K.CONFLICT_QUESTION: frozenset({"open_routine", "position", "new_routine"}),
    K.ROUTINE_GONE: frozenset(),
    K.REMINDER_VARIANTS: frozenset({"name"}),
    K.REMINDER_SNOOZED: frozenset({"time"}),
    K.REMINDER_SKIPPED_TODAY: frozenset({"when"}),
    K.SETUP_ZONE_SET: frozenset({"zone", "local_time"}),
    K.SETTINGS_ZONE: frozenset({"zone"}),
    K.SETTINGS_REMINDER_ON: frozenset({"time", "days"}),
    K.SETTINGS_NEXT: frozenset({"when"}),
    K.SETTINGS_WHEN: frozenset({"weekday", "date", "time"}),
    K.SUMMARY_STREAK: frozenset({"current"}),
    K.SUMMARY_SKIPPED: frozenset({"titles"}),
    K.PROGRESS_STREAK: frozenset({"current", "best"}),
    K.PROGRESS_WEEK: frozenset({"sessions", "minutes"}),
    K.PROGRESS_MONTH: frozenset({"sessions", "minutes"}),
    K.PROGRESS_TOTAL: frozenset({"sessions", "minutes"}),
    K.PROGRESS_TOP: frozenset({"routines"}),
    K.PROGRESS_TOP_ITEM: frozenset({"routine", "count"}),
    K.PROGRESS_LAST: frozenset({"date"}),
    K.PROGRESS_RATINGS: frozenset({"before", "after"}),
    K.PROGRESS_CAPTION: frozenset({"current", "best"}),
    K.PROGRESS_PAUSED: frozenset({"date"}),
    K.PAUSE_STARTED: frozenset({"date"}),
    K.RATING_SAVED_BEFORE: frozenset({"value"}),
    K.RATING_SAVED_AFTER: frozenset({"value"}),
    K.INTRO_TITLE: frozenset({"routine", "exercises", "minutes"}),
    K.INTRO_NEEDS: frozenset({"items"}),
    K.HELP_LINE: frozenset({"command", "description"}),
    # {tag}: the tag at fault (the one found, for an unmatched end tag); {expected}: the tag an
    # end tag should have closed; {near}: the markup from where the problem starts.
    K.HTML_BARE_LESS_THAN: frozenset({"near"}),
    K.HTML_UNSUPPORTED_TAG: frozenset({"tag"}),
    K.HTML_UNFINISHED_START_TAG: frozenset({"tag", "near"}),
    K.HTML_EMPTY_ATTRIBUTE_NAME: frozenset({"tag"}),
    K.HTML_BAD_ATTRIBUTE_VALUE: frozenset({"tag", "near"}),
    K.HTML_UNEXPECTED_END_TAG: frozenset({"tag"}),
    K.HTML_UNFINISHED_END_TAG: frozenset({"tag"}),
    K.HTML_UNMATCHED_END_TAG: frozenset({"tag", "expected"}),
    K.HTML_UNCLOSED_TAG: frozenset({"tag"}),
    K.HTML_BARE_AMPERSAND: frozenset({"near"}),
}

HTML_ERROR_KEYS: dict[HtmlErrorCode, K] = {
    HtmlErrorCode.BARE_LESS_THAN: K.HTML_BARE_LESS_THAN,
    HtmlErrorCode.UNSUPPORTED_TAG: K.HTML_UNSUPPORTED_TAG,
    HtmlErrorCode.UNFINISHED_START_TAG: K.HTML_UNFINISHED_START_TAG,
    HtmlErrorCode.EMPTY_ATTRIBUTE_NAME: K.HTML_EMPTY_ATTRIBUTE_NAME,
    HtmlErrorCode.BAD_ATTRIBUTE_VALUE: K.HTML_BAD_ATTRIBUTE_VALUE,
    HtmlErrorCode.SPAN_WITHOUT_SPOILER: K.HTML_SPAN_WITHOUT_SPOILER,
    HtmlErrorCode.INVALID_EMOJI_ID: K.HTML_INVALID_EMOJI_ID,
    HtmlErrorCode.UNEXPECTED_END_TAG: K.HTML_UNEXPECTED_END_TAG,
    HtmlErrorCode.UNFINISHED_END_TAG: K.HTML_UNFINISHED_END_TAG,
    HtmlErrorCode.UNMATCHED_END_TAG: K.HTML_UNMATCHED_END_TAG,
    HtmlErrorCode.UNCLOSED_TAG: K.HTML_UNCLOSED_TAG,
    HtmlErrorCode.INVALID_UNICODE: K.HTML_INVALID_UNICODE,
    HtmlErrorCode.BARE_AMPERSAND: K.HTML_BARE_AMPERSAND,
}

LIST_KEYS: frozenset[K] = frozenset(
    {K.REMINDER_VARIANTS, K.WORDS_OFF, K.WORDS_DAILY, K.WORDS_WEEKDAYS}
)

FULL_ROUTINE = "full"
EXPRESS_ROUTINE = "express"  # the short set a reminder offers
GENTLE_ROUTINE = "neck"  # offered instead when discomfort is high
# Routines the code names; the content must have them.
REQUIRED_ROUTINES = (FULL_ROUTINE, EXPRESS_ROUTINE, GENTLE_ROUTINE)


@dataclass(frozen=True, slots=True)
class KeySpec:
    """What the content check requires of one text: its placeholders, and whether it is a list."""

    placeholders: frozenset[str]
    is_list: bool
    owner: str  # the module that declared the key, for error messages


_DECLARED: dict[str, KeySpec] = {}
# Feature packages: any `texts` module in one of them is imported by text_keys().
FEATURE_PACKAGE = "bot.features"


def declare_texts(
    keys: type[E],
    placeholders: Mapping[E, Iterable[str]] | None = None,
    lists: Iterable[E] = (),
) -> type[E]:
    """Makes `keys` known to the content check; a key declared twice (anywhere) is an error."""
    given = {key: frozenset(names) for key, names in (placeholders or {}).items()}
    list_keys = frozenset(lists)
    owner = f"{keys.__module__}.{keys.__qualname__}"
    for key in keys:
        spec = KeySpec(given.get(key, frozenset()), key in list_keys, owner)
        known = _DECLARED.get(key.value)
        if known is not None and known != spec:
            raise ValueError(f"text key {key.value!r} is declared by {known.owner} and {owner}")
        _DECLARED[key.value] = spec
    return keys


def text_keys() -> Mapping[str, KeySpec]:
    """Every key the code uses: K's and each feature's own (`bot/features/*/texts.py`)."""
    package = importlib.import_module(FEATURE_PACKAGE)
    for feature in pkgutil.iter_modules(package.__path__):
        if feature.ispkg and importlib.util.find_spec(f"{FEATURE_PACKAGE}.{feature.name}.texts"):
            importlib.import_module(f"{FEATURE_PACKAGE}.{feature.name}.texts")
    return dict(_DECLARED)


declare_texts(K, PLACEHOLDERS, LIST_KEYS)
