"""Reminder scheduling: parsing times and zones, DST rules, week and year boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.schedule import (
    NON_WHOLE_OFFSET_ZONES,
    Days,
    format_time,
    is_fixed_offset,
    local_date,
    local_instant,
    next_reminder,
    parse_time,
    parse_zone,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
EVENING = time(18, 30)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def local(
    zone: ZoneInfo,
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=zone)


# --- Days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "weekdays"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
    ],
)
def test_days_includes(day: date, weekdays: bool) -> None:
    assert Days.WEEKDAYS.includes(day) is weekdays
    assert Days.DAILY.includes(day) is True


def test_days_values_are_stored_strings() -> None:
    assert Days("weekdays") is Days.WEEKDAYS
    assert Days("daily") is Days.DAILY


# --- parse_time / format_time ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", time(18, 30)),
        ("8:05", time(8, 5)),
        ("08:05", time(8, 5)),
        (" 18.30 ", time(18, 30)),
        ("0:00", time(0, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("7.45", time(7, 45)),
    ],
)
def test_parse_time_accepts(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1830",
        "24:00",
        "25:99",
        "18:60",
        "18:7",
        "18:070",
        "118:30",
        "soon",
        "",
        "   ",
        "18-30",
        "18:30:00",
        "18 30",
        ":30",
        "18:",
        "１８:３０",  # full-width digits
    ],
)
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(time(18, 30), "18:30"), (time(8, 5), "08:05"), (time(0, 0), "00:00")],
)
def test_format_time(value: time, text: str) -> None:
    assert format_time(value) == text
    assert parse_time(text) == value


# --- parse_zone --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Moscow", "Europe/Moscow"),
        ("europe/moscow", "Europe/Moscow"),
        ("  EUROPE/MOSCOW  ", "Europe/Moscow"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("america/new_york", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("asia/kathmandu", "Asia/Kathmandu"),
        ("Etc/GMT-3", "Etc/GMT-3"),
    ],
)
def test_parse_zone_names(text: str, expected: str) -> None:
    assert parse_zone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "offset"),
    [
        ("+03:00", "Etc/GMT-3", timedelta(hours=3)),
        ("+3", "Etc/GMT-3", timedelta(hours=3)),
        ("+03", "Etc/GMT-3", timedelta(hours=3)),
        ("+0300", "Etc/GMT-3", timedelta(hours=3)),
        ("UTC+3", "Etc/GMT-3", timedelta(hours=3)),
        ("utc + 3", "Etc/GMT-3", timedelta(hours=3)),
        ("-05:00", "Etc/GMT+5", timedelta(hours=-5)),
        ("GMT-4", "Etc/GMT+4", timedelta(hours=-4)),
        ("−03:00", "Etc/GMT+3", timedelta(hours=-3)),  # Unicode minus
        ("+14:00", "Etc/GMT-14", timedelta(hours=14)),
        ("-12", "Etc/GMT+12", timedelta(hours=-12)),
        ("+00:00", "UTC", timedelta(0)),
        ("-0", "UTC", timedelta(0)),
        ("GMT+0", "UTC", timedelta(0)),
        ("utc+05:30", "Asia/Kolkata", timedelta(hours=5, minutes=30)),
        ("+0530", "Asia/Kolkata", timedelta(hours=5, minutes=30)),
        ("+5:45", "Asia/Kathmandu", timedelta(hours=5, minutes=45)),
        ("−03:30", "America/St_Johns", timedelta(hours=-3, minutes=-30)),
    ],
)
def test_parse_zone_offsets(text: str, expected: str, offset: timedelta) -> None:
    assert parse_zone(text) == expected
    # January: every zone on this list is on its standard offset then (St John's included).
    assert ZoneInfo(expected).utcoffset(datetime(2026, 1, 15, 12)) == offset


@pytest.mark.parametrize("hours", range(-12, 15))
def test_every_whole_hour_offset_is_that_offset(hours: int) -> None:
    name = parse_zone(f"UTC{hours:+d}")
    assert name is not None
    assert ZoneInfo(name).utcoffset(datetime(2026, 7, 1)) == timedelta(hours=hours)
    assert is_fixed_offset(name)


@pytest.mark.parametrize(
    ("text", "expected", "offset", "month"),
    [
        ("+05:30", "Asia/Kolkata", "+05:30", 1),
        ("+05:45", "Asia/Kathmandu", "+05:45", 1),
        ("+05:45", "Asia/Kathmandu", "+05:45", 7),
        ("+03:30", "Asia/Tehran", "+03:30", 1),
        ("+03:30", "Asia/Tehran", "+03:30", 7),  # no more DST since 2022
        ("+04:30", "Asia/Kabul", "+04:30", 1),
        ("+06:30", "Asia/Yangon", "+06:30", 1),
        ("+09:30", "Australia/Darwin", "+09:30", 1),
        ("+09:30", "Australia/Darwin", "+09:30", 7),
        ("+08:45", "Australia/Eucla", "+08:45", 1),
        ("+10:30", "Australia/Lord_Howe", "+10:30", 7),  # southern winter = standard
        ("+12:45", "Pacific/Chatham", "+12:45", 7),
        ("-03:30", "America/St_Johns", "-03:30", 1),
        ("-09:30", "Pacific/Marquesas", "-09:30", 1),
    ],
)
def test_non_whole_offsets_map_to_their_city(
    text: str, expected: str, offset: str, month: int
) -> None:
    assert parse_zone(text) == expected
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    want = sign * timedelta(hours=hours, minutes=minutes)
    assert ZoneInfo(expected).utcoffset(datetime(2026, month, 15, 12)) == want
    assert not is_fixed_offset(expected)


def _standard_offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    offset, dst = zone.utcoffset(moment), zone.dst(moment)
    assert offset is not None
    return offset - (dst or timedelta())


def test_non_whole_table_is_covered() -> None:
    assert len(NON_WHOLE_OFFSET_ZONES) == 11
    for minutes, name in NON_WHOLE_OFFSET_ZONES.items():
        zone = ZoneInfo(name)
        standard = {
            _standard_offset(zone, datetime(2026, 1, 15)),
            _standard_offset(zone, datetime(2026, 7, 15)),
        }
        assert standard == {timedelta(minutes=minutes)}, name
        hours, rest = divmod(abs(minutes), 60)
        typed = f"{'+' if minutes > 0 else '-'}{hours:02d}:{rest:02d}"
        assert parse_zone(typed) == name


@pytest.mark.parametrize(
    "text",
    [
        "+99:00",
        "+15:00",
        "+15",
        "-13:00",
        "-13",
        "+03:60",
        "+05:15",
        "+13:45",
        "+1:5",
        "+330",
        "+3:300",
        "Mars/Olympus",
        "",
        "   ",
        "Europe/",
        "Europe",
        "moscow",
        "3",
        "+",
        "UTC+",
        "UTC3",
        "Factory",
        "localtime",
    ],
)
def test_parse_zone_rejects(text: str) -> None:
    assert parse_zone(text) is None


@pytest.mark.parametrize(
    ("name", "fixed"),
    [
        ("UTC", True),
        ("Etc/UTC", True),
        ("Etc/GMT-3", True),
        ("Etc/GMT+5", True),
        ("Etc/GMT-14", True),
        ("Etc/GMT+12", True),
        ("GMT", True),
        ("Europe/Moscow", False),
        ("Europe/Berlin", False),
        ("Asia/Kolkata", False),
        ("Etc/GMT+13", False),  # no such zone
    ],
)
def test_is_fixed_offset(name: str, fixed: bool) -> None:
    assert is_fixed_offset(name) is fixed


# --- local_instant: DST ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # Berlin: CET (+1) until 2026-03-29, CEST (+2) until 2026-10-25.
        (BERLIN, date(2026, 3, 28), utc(2026, 3, 28, 17, 30)),
        (BERLIN, date(2026, 3, 29), utc(2026, 3, 29, 16, 30)),
        (BERLIN, date(2026, 10, 24), utc(2026, 10, 24, 16, 30)),
        (BERLIN, date(2026, 10, 25), utc(2026, 10, 25, 17, 30)),
        # New York: EST (-5) until 2026-03-08, EDT (-4) until 2026-11-01.
        (NEW_YORK, date(2026, 3, 7), utc(2026, 3, 7, 23, 30)),
        (NEW_YORK, date(2026, 3, 8), utc(2026, 3, 8, 22, 30)),
        (NEW_YORK, date(2026, 10, 31), utc(2026, 10, 31, 22, 30)),
        (NEW_YORK, date(2026, 11, 1), utc(2026, 11, 1, 23, 30)),
    ],
)
def test_evening_stays_local_across_dst(zone: ZoneInfo, day: date, expected: datetime) -> None:
    instant = local_instant(day, EVENING, zone)
    assert instant == expected
    assert instant.tzinfo is UTC
    assert instant.astimezone(zone).time() == EVENING


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected", "local_after"),
    [
        # Spring-forward gap: fire when the clocks jump (03:00 local), not at 03:30.
        (BERLIN, date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 0), time(3, 0)),
        (BERLIN, date(2026, 3, 29), time(2, 0), utc(2026, 3, 29, 1, 0), time(3, 0)),
        (BERLIN, date(2026, 3, 29), time(2, 59), utc(2026, 3, 29, 1, 0), time(3, 0)),
        (NEW_YORK, date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0), time(3, 0)),
        # Just outside the gap: ordinary.
        (BERLIN, date(2026, 3, 29), time(1, 59), utc(2026, 3, 29, 0, 59), time(1, 59)),
        (BERLIN, date(2026, 3, 29), time(3, 0), utc(2026, 3, 29, 1, 0), time(3, 0)),
        # Fall-back repeat: the first occurrence (still summer time).
        (BERLIN, date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30), time(2, 30)),
        (NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30), time(1, 30)),
    ],
)
def test_gap_and_fold_rules(
    zone: ZoneInfo, day: date, at: time, expected: datetime, local_after: time
) -> None:
    instant = local_instant(day, at, zone)
    assert instant == expected
    assert instant.tzinfo is UTC
    assert instant.astimezone(zone).time() == local_after
    assert instant.astimezone(zone).date() == day


def test_fold_first_occurrence_is_summer_time() -> None:
    instant = local_instant(date(2026, 10, 25), time(2, 30), BERLIN)
    assert instant.astimezone(BERLIN).utcoffset() == timedelta(hours=2)


def test_gap_with_half_hour_jump_lord_howe() -> None:
    # Lord Howe moves from +10:30 to +11:00 at 02:00 local on 2026-10-04.
    zone = ZoneInfo("Australia/Lord_Howe")
    instant = local_instant(date(2026, 10, 4), time(2, 15), zone)
    assert instant.astimezone(zone).replace(tzinfo=None) == datetime(2026, 10, 4, 2, 30)
    assert instant == utc(2026, 10, 3, 15, 30)


def test_whole_skipped_day_fires_when_the_clocks_jump() -> None:
    # Samoa skipped 2011-12-30: 2011-12-29 23:59:59 (-10) was followed by 2011-12-31 00:00 (+14).
    zone = ZoneInfo("Pacific/Apia")
    instant = local_instant(date(2011, 12, 30), EVENING, zone)
    assert instant == utc(2011, 12, 30, 10, 0)
    assert instant.astimezone(zone).replace(tzinfo=None) == datetime(2011, 12, 31)


# --- odd offsets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone_name", "day", "expected"),
    [
        ("Asia/Kathmandu", date(2026, 1, 15), utc(2026, 1, 15, 12, 45)),
        ("Asia/Kathmandu", date(2026, 7, 15), utc(2026, 7, 15, 12, 45)),
        ("Asia/Kolkata", date(2026, 7, 15), utc(2026, 7, 15, 13, 0)),
        ("Australia/Lord_Howe", date(2026, 7, 15), utc(2026, 7, 15, 8, 0)),  # +10:30
        ("Australia/Lord_Howe", date(2026, 1, 15), utc(2026, 1, 15, 7, 30)),  # +11:00
        ("Pacific/Chatham", date(2026, 7, 15), utc(2026, 7, 15, 5, 45)),  # +12:45
        ("Pacific/Kiritimati", date(2026, 7, 15), utc(2026, 7, 15, 4, 30)),  # +14
        ("Pacific/Pago_Pago", date(2026, 7, 15), utc(2026, 7, 16, 5, 30)),  # -11
        ("Etc/GMT-3", date(2026, 7, 15), utc(2026, 7, 15, 15, 30)),
    ],
)
def test_odd_offsets(zone_name: str, day: date, expected: datetime) -> None:
    zone = ZoneInfo(zone_name)
    assert local_instant(day, EVENING, zone) == expected
    assert local_date(expected, zone) == day


def test_kiritimati_is_a_day_ahead_of_utc() -> None:
    zone = ZoneInfo("Pacific/Kiritimati")
    # Friday 20:00Z is already Saturday 10:00 in Kiritimati.
    after = utc(2026, 11, 27, 20, 0)
    assert local_date(after, zone) == date(2026, 11, 28)
    result = next_reminder(after, zone, time(9, 0), Days.WEEKDAYS)
    # Monday 09:00 +14 is Sunday 19:00Z.
    assert result == utc(2026, 11, 29, 19, 0)
    assert local_date(result, zone) == date(2026, 11, 30)
    assert result.date() == date(2026, 11, 29)


def test_pago_pago_is_a_day_behind_utc() -> None:
    zone = ZoneInfo("Pacific/Pago_Pago")
    # Saturday 02:00Z is still Friday 15:00 in Pago Pago, before the 18:30 reminder.
    after = utc(2026, 11, 28, 2, 0)
    result = next_reminder(after, zone, EVENING, Days.WEEKDAYS)
    assert result == utc(2026, 11, 28, 5, 30)
    assert local_date(result, zone) == date(2026, 11, 27)  # Friday


def test_local_date() -> None:
    assert local_date(utc(2026, 11, 23, 23, 30), BERLIN) == date(2026, 11, 24)
    assert local_date(utc(2026, 11, 23, 22, 59), BERLIN) == date(2026, 11, 23)
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2026, 11, 23), BERLIN)


# --- next_reminder: week and year boundaries ---------------------------------------------

# 2026-11-23 is a Monday.


@pytest.mark.parametrize(
    ("after", "days", "not_on", "expected"),
    [
        # Monday before 18:30 -> today.
        (local(BERLIN, 2026, 11, 23, 9, 0), Days.WEEKDAYS, None, (2026, 11, 23)),
        # Friday after 18:30 -> Monday.
        (local(BERLIN, 2026, 11, 27, 18, 31), Days.WEEKDAYS, None, (2026, 11, 30)),
        # Friday before 18:30 -> Friday.
        (local(BERLIN, 2026, 11, 27, 18, 29), Days.WEEKDAYS, None, (2026, 11, 27)),
        # Saturday -> Monday.
        (local(BERLIN, 2026, 11, 28, 10, 0), Days.WEEKDAYS, None, (2026, 11, 30)),
        # Sunday 23:59 local -> Monday.
        (local(BERLIN, 2026, 11, 29, 23, 59), Days.WEEKDAYS, None, (2026, 11, 30)),
        # DAILY: Saturday 18:31 -> Sunday.
        (local(BERLIN, 2026, 11, 28, 18, 31), Days.DAILY, None, (2026, 11, 29)),
        # Exactly at the reminder -> the next day (strictly later).
        (local(BERLIN, 2026, 11, 24, 18, 30), Days.WEEKDAYS, None, (2026, 11, 25)),
        (local(BERLIN, 2026, 11, 28, 18, 30), Days.DAILY, None, (2026, 11, 29)),
        # One microsecond before -> still today.
        (
            local(BERLIN, 2026, 11, 24, 18, 29, 59, 999999),
            Days.WEEKDAYS,
            None,
            (2026, 11, 24),
        ),
        # Already finished a routine today -> tomorrow.
        (local(BERLIN, 2026, 11, 24, 9, 0), Days.WEEKDAYS, date(2026, 11, 24), (2026, 11, 25)),
        (local(BERLIN, 2026, 11, 28, 9, 0), Days.DAILY, date(2026, 11, 28), (2026, 11, 29)),
        # not_on a Friday with weekdays -> Monday.
        (local(BERLIN, 2026, 11, 27, 9, 0), Days.WEEKDAYS, date(2026, 11, 27), (2026, 11, 30)),
        # not_on a day that would not fire anyway changes nothing.
        (local(BERLIN, 2026, 11, 24, 9, 0), Days.WEEKDAYS, date(2026, 11, 22), (2026, 11, 24)),
        # Year boundary: Thursday 2026-12-31 evening -> Friday 2027-01-01 (holidays unknown).
        (local(BERLIN, 2026, 12, 31, 19, 0), Days.WEEKDAYS, None, (2027, 1, 1)),
        (local(BERLIN, 2026, 12, 31, 9, 0), Days.WEEKDAYS, date(2026, 12, 31), (2027, 1, 1)),
        (local(BERLIN, 2027, 1, 1, 19, 0), Days.WEEKDAYS, None, (2027, 1, 4)),
    ],
)
def test_next_reminder_boundaries(
    after: datetime, days: Days, not_on: date | None, expected: tuple[int, int, int]
) -> None:
    result = next_reminder(after, BERLIN, EVENING, days, not_on=not_on)
    assert result.tzinfo is UTC
    assert result.astimezone(BERLIN).replace(tzinfo=None) == datetime(*expected, 18, 30)


def test_next_reminder_accepts_after_in_any_zone() -> None:
    in_utc = next_reminder(utc(2026, 11, 27, 17, 31), BERLIN, EVENING, Days.WEEKDAYS)
    in_tokyo = next_reminder(
        utc(2026, 11, 27, 17, 31).astimezone(ZoneInfo("Asia/Tokyo")),
        BERLIN,
        EVENING,
        Days.WEEKDAYS,
    )
    assert in_utc == in_tokyo == utc(2026, 11, 30, 17, 30)


def test_next_reminder_rejects_naive_after() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_reminder(datetime(2026, 11, 23, 9), BERLIN, EVENING, Days.DAILY)


def test_next_reminder_across_spring_forward() -> None:
    # Saturday evening in winter time, next reminder on Sunday in summer time.
    after = utc(2026, 3, 28, 17, 30)  # the Saturday reminder itself
    result = next_reminder(after, BERLIN, EVENING, Days.DAILY, not_on=date(2026, 3, 28))
    assert result == utc(2026, 3, 29, 16, 30)


def test_next_reminder_in_the_gap() -> None:
    after = local(BERLIN, 2026, 3, 28, 12, 0)
    result = next_reminder(after, BERLIN, time(2, 30), Days.DAILY, not_on=date(2026, 3, 28))
    assert result == utc(2026, 3, 29, 1, 0)
    again = next_reminder(result, BERLIN, time(2, 30), Days.DAILY, not_on=date(2026, 3, 29))
    assert again == utc(2026, 3, 30, 0, 30)


def test_next_reminder_in_the_repeated_hour_fires_once() -> None:
    after = local(BERLIN, 2026, 10, 24, 12, 0)
    first = next_reminder(after, BERLIN, time(2, 30), Days.DAILY, not_on=date(2026, 10, 24))
    assert first == utc(2026, 10, 25, 0, 30)
    # Even from inside the repeated hour, the second 02:30 is not used.
    second = next_reminder(first, BERLIN, time(2, 30), Days.DAILY, not_on=date(2026, 10, 25))
    assert second == utc(2026, 10, 26, 1, 30)
    assert next_reminder(utc(2026, 10, 25, 1, 0), BERLIN, time(2, 30), Days.DAILY) == utc(
        2026, 10, 26, 1, 30
    )


def test_next_reminder_over_samoas_skipped_day() -> None:
    zone = ZoneInfo("Pacific/Apia")
    after = utc(2011, 12, 29, 12, 0)  # 2011-12-29 02:00 local (-10)
    first = next_reminder(after, zone, EVENING, Days.DAILY)
    assert first.astimezone(zone).replace(tzinfo=None) == datetime(2011, 12, 29, 18, 30)
    second = next_reminder(first, zone, EVENING, Days.DAILY, not_on=local_date(first, zone))
    # 2011-12-30 does not exist; its reminder fires at the jump, 2011-12-31 00:00.
    assert second.astimezone(zone).replace(tzinfo=None) == datetime(2011, 12, 31)
    third = next_reminder(second, zone, EVENING, Days.DAILY, not_on=local_date(second, zone))
    assert third.astimezone(zone).replace(tzinfo=None) == datetime(2012, 1, 1, 18, 30)


# --- property-style sweep ----------------------------------------------------------------

SWEEP_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/St_Johns",
    "Etc/GMT+12",
    "UTC",
]
SWEEP_TIMES = [time(0, 0), time(1, 30), time(2, 30), time(18, 30), time(23, 59)]
# Weeks that contain a DST change somewhere in SWEEP_ZONES, and an ordinary one.
SWEEP_WEEKS = [
    datetime(2026, 3, 5, tzinfo=UTC),  # New York spring forward on the 8th
    datetime(2026, 3, 26, tzinfo=UTC),  # Berlin spring forward on the 29th
    datetime(2026, 4, 2, tzinfo=UTC),  # Lord Howe / Chatham fall back on the 5th
    datetime(2026, 9, 24, tzinfo=UTC),  # Chatham spring forward on the 27th
    datetime(2026, 10, 22, tzinfo=UTC),  # Berlin fall back on the 25th
    datetime(2026, 11, 19, tzinfo=UTC),  # ordinary
]


def _in_gap(day: date, at: time, zone: ZoneInfo) -> bool:
    wall = datetime.combine(day, at)
    back = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return back != wall


@pytest.mark.parametrize("zone_name", SWEEP_ZONES)
@pytest.mark.parametrize("days", list(Days))
def test_sweep_every_hour_of_a_week(zone_name: str, days: Days) -> None:
    zone = ZoneInfo(zone_name)
    for start in SWEEP_WEEKS:
        for at in SWEEP_TIMES:
            for hour in range(0, 7 * 24):
                after = start + timedelta(hours=hour, minutes=7 * (hour % 9))
                result = next_reminder(after, zone, at, days)
                assert result > after
                assert result.tzinfo is UTC
                assert result - after <= timedelta(days=4)
                day = local_date(result, zone)
                assert days.includes(day)
                wall = result.astimezone(zone)
                if wall.time() != at:
                    assert _in_gap(day, at, zone), (zone_name, after, at)
                    assert wall.time() > at
                else:
                    # The first occurrence of a repeated wall time.
                    assert wall.fold == 0
                    assert result == local_instant(day, at, zone)
                # Nothing allowed was skipped: no earlier valid reminder after `after`.
                probe = day - timedelta(days=1)
                while local_instant(probe, at, zone) > after:
                    assert not days.includes(local_date(local_instant(probe, at, zone), zone))
                    probe -= timedelta(days=1)


@pytest.mark.parametrize("zone_name", SWEEP_ZONES)
@pytest.mark.parametrize("at", SWEEP_TIMES)
def test_successive_reminders_never_repeat_a_local_date(zone_name: str, at: time) -> None:
    zone = ZoneInfo(zone_name)
    for days in Days:
        for start in SWEEP_WEEKS:
            seen: list[date] = []
            instant = next_reminder(start, zone, at, days)
            for _ in range(20):
                day = local_date(instant, zone)
                assert day not in seen
                assert not seen or day > seen[-1]
                assert days.includes(day)
                seen.append(day)
                following = next_reminder(instant, zone, at, days, not_on=day)
                assert following > instant
                instant = following
            # Weekdays only, or every day: 20 reminders span at most four weeks.
            assert (seen[-1] - seen[0]).days <= 27
