"""Time zones typed as a city, in the user's language or in English: "Москва", "new york".

Babel knows the city of every IANA zone in every language (CLDR exemplar cities), so this needs
no list of our own. Names shared by several zones are kept only when those zones keep the same
time (old aliases such as Europe/Kiev and Europe/Kyiv); truly ambiguous names are dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location

from bot.domain.schedule import parse_zone

_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)
# Instants across two years: zones that agree on all of them keep the same time.
_PROBES = [
    datetime(year, month, 15, 12, tzinfo=UTC) for year in (2026, 2027) for month in (1, 4, 7, 10)
]


def zone_from_text(
    text: str, languages: Sequence[str], extra_cities: Mapping[str, str]
) -> str | None:
    """A zone from what the user typed: an IANA name or an offset, else a city's name in one of
    `languages` (the user's first) or in English, else one of `extra_cities` (schedule.yaml)."""
    zone = parse_zone(text)
    if zone is not None:
        return zone
    key = _key(text)
    for language in [*languages, "en"]:
        if key in _cities(language):
            return _cities(language)[key]
    return {_key(city): zone for city, zone in extra_cities.items()}.get(key)


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold().replace("ё", "е")


def _same_time(zones: list[str]) -> bool:
    first = ZoneInfo(zones[0])
    return all(
        ZoneInfo(zone).utcoffset(probe) == first.utcoffset(probe)
        for zone in zones[1:]
        for probe in _PROBES
    )


@functools.cache
def _cities(language: str) -> dict[str, str]:
    """Lower-case city name in `language` -> zone, built once per language (a few 100 ms); none
    for a language CLDR does not know (a content folder of a made-up code, say)."""
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return {}
    candidates: dict[str, list[str]] = {}
    for zone in sorted(available_timezones()):
        if not zone.startswith(_REGIONS):
            continue
        names = {get_timezone_location(zone, locale=language, return_city=True)}
        if language == "en":
            names.add(zone.rsplit("/", 1)[-1])
        for name in names:
            candidates.setdefault(_key(name), []).append(zone)
    cities: dict[str, str] = {}
    for name, zones in candidates.items():
        if len(zones) > 1 and not _same_time(zones):
            continue
        english = {
            zone: get_timezone_location(zone, locale="en", return_city=True) for zone in zones
        }
        # Prefer the zone named after the city (Europe/Kyiv over its old alias Europe/Kiev).
        named = [z for z in zones if _key(z.rsplit("/", 1)[-1]) == _key(english[z])]
        cities[name] = (named or zones)[0]
    return cities
