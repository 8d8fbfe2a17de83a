"""When to send the evening reminder, and how to read the times and zones users type.

Pure logic: no Telegram, no database. A user's reminder is a local wall time (say 18:30) on
a set of days in an IANA time zone stored by *name*, so 18:30 stays 18:30 across
daylight-saving changes. The database keeps the next reminder as a UTC instant, which
:func:`next_reminder` computes.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, available_timezones

__all__ = [
    "NON_WHOLE_OFFSET_ZONES",
    "Days",
    "format_time",
    "is_fixed_offset",
    "local_date",
    "local_instant",
    "next_reminder",
    "parse_time",
    "parse_zone",
]


class Days(StrEnum):
    """On which local days a reminder may fire. Values are stored in the database."""

    WEEKDAYS = "weekdays"  # Monday..Friday; public holidays are not known
    DAILY = "daily"

    def includes(self, day: date) -> bool:
        """Whether a reminder may fire on this local calendar date."""
        if self is Days.WEEKDAYS:
            return day.weekday() < 5
        return True


# --- times -------------------------------------------------------------------------------

# H:MM or HH:MM with ":" or "." between; "1830" is rejected as ambiguous.
_TIME_RE = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")


def parse_time(text: str) -> time | None:
    """Read a wall time like "18:30", "8:05" or "18.30" (00:00..23:59); None if it is not one."""
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_days(text: str, most: int) -> int | None:
    """A count of days from 1 to `most` in ASCII digits ("7"); None for anything else. Only
    ASCII: str.isdigit() also accepts "²" and "①", which int() refuses."""
    if not 0 < len(text) <= len(str(most)) or not all("0" <= c <= "9" for c in text):
        return None
    days = int(text)
    return days if 1 <= days <= most else None


def format_time(value: time) -> str:
    """A wall time as HH:MM, e.g. "08:05"."""
    return f"{value.hour:02d}:{value.minute:02d}"


# --- zones -------------------------------------------------------------------------------

#: Offsets that are not whole hours but are used somewhere, in minutes east of UTC, each
#: mapped to a representative zone whose *standard* offset it is. Some of these zones keep
#: daylight saving (Lord Howe +11:00, Chatham +13:45 and St John's -02:30 in summer), which
#: is what a user typing the standard offset most likely lives with.
NON_WHOLE_OFFSET_ZONES: dict[int, str] = {
    3 * 60 + 30: "Asia/Tehran",  # +03:30
    4 * 60 + 30: "Asia/Kabul",  # +04:30
    5 * 60 + 30: "Asia/Kolkata",  # +05:30
    5 * 60 + 45: "Asia/Kathmandu",  # +05:45
    6 * 60 + 30: "Asia/Yangon",  # +06:30
    8 * 60 + 45: "Australia/Eucla",  # +08:45
    9 * 60 + 30: "Australia/Darwin",  # +09:30
    10 * 60 + 30: "Australia/Lord_Howe",  # +10:30
    12 * 60 + 45: "Pacific/Chatham",  # +12:45
    -(3 * 60 + 30): "America/St_Johns",  # -03:30
    -(9 * 60 + 30): "Pacific/Marquesas",  # -09:30
}

_MIN_WHOLE_HOURS = -12  # Etc/GMT+12
_MAX_WHOLE_HOURS = 14  # Etc/GMT-14

# "+3", "+03", "+03:00", "+03.00", "+0300", optionally after "UTC"/"GMT"; "−" and "–" count
# as minus signs.
_OFFSET_RE = re.compile(
    r"(?:utc|gmt)?\s*(?P<sign>[+\-−–])\s*"
    r"(?:(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-9]{2}))?|(?P<hh>[0-9]{2})(?P<mm>[0-9]{2}))",
    re.IGNORECASE,
)

# Names that exist on some machines but are no place a user lives in.
_NOT_USER_ZONES = frozenset({"Factory", "localtime", "posixrules"})

_UTC_ALIASES = frozenset(
    {
        "UTC",
        "Etc/UTC",
        "UCT",
        "Etc/UCT",
        "Universal",
        "Etc/Universal",
        "Zulu",
        "Etc/Zulu",
        "GMT",
        "Etc/GMT",
        "GMT0",
        "Etc/GMT0",
        "GMT+0",
        "Etc/GMT+0",
        "GMT-0",
        "Etc/GMT-0",
        "Greenwich",
        "Etc/Greenwich",
    }
)
_ETC_GMT_RE = re.compile(r"Etc/GMT(?:\+(?:[1-9]|1[0-2])|-(?:[1-9]|1[0-4]))")


@functools.cache
def _zone_names() -> dict[str, str]:
    """Lower-case IANA zone name -> canonical spelling, read once."""
    return {name.lower(): name for name in available_timezones() if name not in _NOT_USER_ZONES}


def _offset_zone(minutes: int) -> str | None:
    """The zone name for a fixed offset in minutes east of UTC, or None if there is none."""
    hours, rest = divmod(minutes, 60)
    if rest:
        return NON_WHOLE_OFFSET_ZONES.get(minutes)
    if not _MIN_WHOLE_HOURS <= hours <= _MAX_WHOLE_HOURS:
        return None
    if hours == 0:
        return "UTC"
    # POSIX-style Etc zones count hours *west* of Greenwich: UTC+3 is "Etc/GMT-3".
    return f"Etc/GMT{-hours:+d}"


def parse_zone(text: str) -> str | None:
    """Read a time zone the user typed; return a valid IANA zone name or None.

    Accepted:

    * IANA names, case-insensitive, surrounding spaces ignored and inner spaces read as "_":
      "europe/moscow" -> "Europe/Moscow", "america/new york" -> "America/New_York".
    * UTC offsets: "+3", "+03", "+03:00", "+0300", "UTC+3", "GMT-4", "utc+05:30", "−03:00"
      (Unicode minus). Whole hours from -12 to +14 become the fixed "Etc/GMT" zones, whose
      sign is inverted (+03:00 -> "Etc/GMT-3", -05:00 -> "Etc/GMT+5"); +00:00 is "UTC".
      Non-whole offsets become the representative zone in :data:`NON_WHOLE_OFFSET_ZONES`
      (e.g. +05:30 -> "Asia/Kolkata"); any other offset is rejected.
    """
    cleaned = text.strip()
    match = _OFFSET_RE.fullmatch(cleaned)
    if match is not None:
        hours = int(match["h"] or match["hh"])
        minutes = int(match["m"] or match["mm"] or 0)
        if minutes > 59:
            return None
        total = hours * 60 + minutes
        return _offset_zone(-total if match["sign"] != "+" else total)
    if not cleaned:
        return None
    return _zone_names().get(re.sub(r"\s+", "_", cleaned).lower())


def is_fixed_offset(zone_name: str) -> bool:
    """Whether the zone is a bare offset ("Etc/GMT±N", "UTC" and its aliases): it never
    follows daylight saving, which is worth telling the user."""
    return zone_name in _UTC_ALIASES or _ETC_GMT_RE.fullmatch(zone_name) is not None


# --- instants ----------------------------------------------------------------------------


def _wall(instant_seconds: int, zone: ZoneInfo) -> datetime:
    """The naive local wall time of a whole-second POSIX timestamp."""
    return datetime.fromtimestamp(instant_seconds, zone).replace(tzinfo=None)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant (aware, tzinfo=UTC) of the local wall time `at` on `day` in `zone`.

    * A wall time that does not exist (the spring-forward gap, e.g. 02:30 in Europe/Berlin
      on 2026-03-29) maps to the moment the clocks jump, i.e. the first valid local time
      after the gap: 03:00 CEST (01:00Z), not 03:30. A gap is detected by round-tripping:
      a local time that does not survive local -> UTC -> local unchanged is in a gap.
    * A wall time that occurs twice (fall-back, e.g. 02:30 in Europe/Berlin on 2026-10-25)
      maps to its first occurrence (fold=0): 02:30 CEST (00:30Z).

    `at`'s own tzinfo, if any, is ignored: it is read as a wall time in `zone`.
    """
    wall = datetime(day.year, day.month, day.day, at.hour, at.minute, at.second, at.microsecond)
    utc = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == wall:
        return utc
    # In a gap. With fold=1 the wall time is read with the offset after the jump, which is an
    # instant before the jump; with fold=0, with the offset before it, an instant after it.
    # The jump is the first whole second whose wall time is past `wall` (tz transitions are
    # at whole seconds).
    before = math.floor(wall.replace(tzinfo=zone, fold=1).timestamp())
    after = math.ceil(utc.timestamp())
    while after - before > 1:
        middle = (before + after) // 2
        if _wall(middle, zone) > wall:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The local calendar date of an aware instant in `zone`."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(zone).date()


_LOOKAHEAD_DAYS = 8


def next_reminder(
    after: datetime,
    zone: ZoneInfo,
    at: time,
    days: Days,
    *,
    not_on: date | None = None,
) -> datetime:
    """The first reminder instant (aware UTC) strictly later than `after`.

    The reminder fires at local wall time `at` (see :func:`local_instant` for gaps and
    repeated hours) on a local date that `days` includes and that is not `not_on` (a local
    date on which the user must not be reminded, e.g. they were already reminded or already
    did a routine). Dates are checked on the local date of the instant actually returned, so
    calling again with ``not_on=local_date(previous, zone)`` never yields the same local date
    twice. At most 8 local days ahead are looked at, which is always enough.
    """
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    # Start a day early as cheap insurance: a candidate moved forward by a gap that spans
    # midnight lands on the next local date, so the days are not strictly in step.
    start = local_date(after, zone) - timedelta(days=1)
    for offset in range(_LOOKAHEAD_DAYS + 2):
        candidate = local_instant(start + timedelta(days=offset), at, zone)
        if candidate <= after:
            continue
        day = local_date(candidate, zone)
        if days.includes(day) and day != not_on:
            return candidate
    raise RuntimeError(f"no reminder within {_LOOKAHEAD_DAYS} days after {after.isoformat()}")
