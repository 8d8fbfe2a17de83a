"""Time zone of a place, looked up offline (no network, no API key)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tzfpy import get_tz


def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone name at a point, or None for an invalid point or an unknown zone."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return None
    name = get_tz(longitude, latitude)
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name
