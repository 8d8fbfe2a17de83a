"""Keys of the user-facing texts and the placeholders each may use.

Code refers to texts only through these keys; `locales/<lang>/texts.yaml` holds the words.
A key listed in LIST_KEYS holds several variants (one is picked each time).
"""

from __future__ import annotations

from enum import StrEnum


class K(StrEnum):
    """Every text key the code uses."""

    START_WELCOME = "start.welcome"
    START_ABOUT = "start.about"
    START_SAFETY = "start.safety"
    START_OPEN_SESSION = "start.open_session"
    START_CHOOSE = "start.choose"

    HELP = "help.text"

    MENU_TITLE = "menu.title"
    MENU_LINE = "menu.line"

    CARD_HEADER = "card.header"
    CARD_HEADER_SHORT = "card.header_short"
    CARD_START = "card.start"
    CARD_STEPS = "card.steps"
    CARD_DOSE = "card.dose"
    CARD_SIDES = "card.sides"
    CARD_CAUTION = "card.caution"
    CARD_RULES = "card.rules"
    CARD_DONE_LINE = "card.done_line"
    CARD_SKIPPED_LINE = "card.skipped_line"
    CARD_STOPPED_LINE = "card.stopped_line"

    BUTTON_DONE = "buttons.done"
    BUTTON_SKIP = "buttons.skip"
    BUTTON_STOP = "buttons.stop"
    BUTTON_TIMER = "buttons.timer"
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

    COMMAND_START = "commands.start"
    COMMAND_WORKOUT = "commands.workout"
    COMMAND_NECK = "commands.neck"
    COMMAND_SHOULDERS = "commands.shoulders"
    COMMAND_BACK = "commands.back"
    COMMAND_RIBS = "commands.ribs"
    COMMAND_ROUTINES = "commands.routines"
    COMMAND_STOP = "commands.stop"
    COMMAND_HELP = "commands.help"
    COMMAND_REMIND = "commands.remind"
    COMMAND_TIMEZONE = "commands.timezone"
    COMMAND_SETTINGS = "commands.settings"


PLACEHOLDERS: dict[K, frozenset[str]] = {
    K.START_WELCOME: frozenset({"name"}),
    K.START_OPEN_SESSION: frozenset({"routine", "position"}),
    K.MENU_LINE: frozenset({"routine", "description", "count", "minutes"}),
    K.CARD_HEADER: frozenset({"routine", "section", "position"}),
    K.CARD_HEADER_SHORT: frozenset({"routine", "position"}),
    K.CARD_START: frozenset({"text"}),
    K.CARD_STEPS: frozenset({"text"}),
    K.CARD_DOSE: frozenset({"text"}),
    K.CARD_SIDES: frozenset({"text"}),
    K.CARD_CAUTION: frozenset({"text"}),
    K.CARD_RULES: frozenset({"text"}),
    K.CARD_DONE_LINE: frozenset({"position", "title"}),
    K.CARD_SKIPPED_LINE: frozenset({"position", "title"}),
    K.CARD_STOPPED_LINE: frozenset({"position", "title"}),
    K.BUTTON_TIMER: frozenset({"seconds"}),
    K.BUTTON_CONTINUE: frozenset({"routine", "position"}),
    K.BUTTON_START_NEW: frozenset({"routine"}),
    K.TIMER_STARTED: frozenset({"seconds", "title"}),
    K.TIMER_STARTED_TWO_SIDES: frozenset({"seconds", "title"}),
    K.TIMER_SWITCH_SIDES: frozenset({"seconds", "title"}),
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
}

LIST_KEYS: frozenset[K] = frozenset({K.REMINDER_VARIANTS})

# Telegram shows command descriptions of at most 256 characters; buttons should stay short.
COMMAND_KEYS: dict[str, K] = {
    "start": K.COMMAND_START,
    "workout": K.COMMAND_WORKOUT,
    "neck": K.COMMAND_NECK,
    "shoulders": K.COMMAND_SHOULDERS,
    "back": K.COMMAND_BACK,
    "ribs": K.COMMAND_RIBS,
    "routines": K.COMMAND_ROUTINES,
    "stop": K.COMMAND_STOP,
    "remind": K.COMMAND_REMIND,
    "timezone": K.COMMAND_TIMEZONE,
    "settings": K.COMMAND_SETTINGS,
    "help": K.COMMAND_HELP,
}

# Commands that open a routine directly, and the routine they open.
ROUTINE_COMMANDS: dict[str, str] = {
    "workout": "full",
    "neck": "neck",
    "shoulders": "shoulders",
    "back": "back",
    "ribs": "ribs",
}
FULL_ROUTINE = "full"
