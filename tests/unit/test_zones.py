"""Time zones typed as a city, in the user's language or in English."""

from __future__ import annotations

import pytest

from bot.content.zones import zone_from_text

EXTRA = {"Санкт-Петербург": "Europe/Moscow", "Munich": "Europe/Berlin"}


@pytest.mark.parametrize(
    ("typed", "language", "zone"),
    [
        ("Москва", "ru", "Europe/Moscow"),
        ("  москва ", "ru", "Europe/Moscow"),
        ("Новосибирск", "ru", "Asia/Novosibirsk"),
        ("Нью-Йорк", "ru", "America/New_York"),
        ("Киев", "ru", "Europe/Kyiv"),  # not its old alias Europe/Kiev
        ("Berlin", "ru", "Europe/Berlin"),  # English works in every language
        ("new york", "en", "America/New_York"),
        ("New_York", "en", "America/New_York"),
        ("Buenos Aires", "en", "America/Argentina/Buenos_Aires"),
        ("санкт-петербург", "ru", "Europe/Moscow"),  # from schedule.yaml's cities
        ("MUNICH", "en", "Europe/Berlin"),
        ("Europe/Moscow", "ru", "Europe/Moscow"),  # names and offsets as before
        ("+03:00", "en", "Etc/GMT-3"),
    ],
)
def test_cities_and_names(typed: str, language: str, zone: str) -> None:
    assert zone_from_text(typed, [language], EXTRA) == zone


@pytest.mark.parametrize("typed", ["", "Атлантида", "hello", "Москва Берлин", "Europe"])
def test_unknown_places(typed: str) -> None:
    assert zone_from_text(typed, ["ru", "en"], EXTRA) is None


def test_only_the_languages_given_are_searched() -> None:
    assert zone_from_text("Москва", ["en"], {}) is None
    assert zone_from_text("Москва", ["en", "ru"], {}) == "Europe/Moscow"
