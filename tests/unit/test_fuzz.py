"""Every parser of user input is total: for any string it gives a value or "not understood",
never an exception (Hypothesis: arbitrary text with lone surrogates, combining marks, other
scripts' digits, control characters, huge numbers; message-sized inputs)."""

from __future__ import annotations

import json
from datetime import time
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.callback_data import decode, encode
from bot.content.loader import load_content
from bot.content.zones import zone_from_text
from bot.domain.flow import CardAction
from bot.domain.people import is_encodable, language_tag, readable
from bot.domain.schedule import format_time, parse_days, parse_time, parse_zone
from bot.features.coaching.callbacks import CardPress, PickRoutine, Rate, ResolveOpen
from bot.update_shape import is_update

from .content_copies import CONTENT
from .test_callback_data import ALL_SAMPLES

PROGRAM = load_content(CONTENT).program
CITIES = load_content(CONTENT).schedule.cities

# Any code point, lone surrogates included (JSON allows "\ud83d" unpaired).
ANY_CHAR = st.characters(exclude_categories=())
ODD_CHARS = st.sampled_from(
    list("0123456789:.,+-/ _@²³①⑳٣۴߅०๓１２：．\u0301\u0336\u200b\u202e\x00\x1b\t\n\ud83d\udc4d")
)
ODD_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.text(ODD_CHARS, max_size=40),
    st.integers().map(str),
    st.text(st.sampled_from("0123456789"), min_size=1, max_size=4096),  # huge numbers
    st.builds(lambda a, b: f"{a}:{b}", st.integers(), st.integers()),
    st.builds(
        lambda z, h: f"{z}{h:+d}", st.sampled_from(["UTC", "GMT", "utc", "Etc/GMT"]), st.integers()
    ),
    st.text(ANY_CHAR, min_size=4000, max_size=4096),  # a whole Telegram message
)
# Deterministic (the same examples on every run); no deadline: speed is for benchmarks.
fuzz = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@fuzz
@given(ODD_TEXT)
@example("18:30")
@example("٢٣:٥٩")
@example("１８:３０")
@example("9" * 4096 + ":00")
def test_parse_time_is_total(text: str) -> None:
    parsed = parse_time(text)
    assert parsed is None or isinstance(parsed, time)


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_a_formatted_time_parses_back(value: time) -> None:
    assert parse_time(format_time(value)) == value


@fuzz
@given(ODD_TEXT)
@example("UTC+99999999999999999999")
@example("Europe/\ud83d")
@example("../../etc/passwd")
def test_parse_zone_gives_a_real_zone_or_none(text: str) -> None:
    zone = parse_zone(text)
    if zone is not None:
        ZoneInfo(zone)


@fuzz
@given(ODD_TEXT, st.sampled_from([["ru"], ["en"], ["ru", "en"], ["xx"]]))
@example("Москва", ["ru"])
@example("ёлки\ud83d", ["ru"])
def test_a_typed_city_or_zone_gives_a_real_zone_or_none(text: str, languages: list[str]) -> None:
    zone = zone_from_text(text, languages, CITIES)
    if zone is not None:
        ZoneInfo(zone)


@fuzz
@given(ODD_TEXT)
@example("²")
@example("①")
@example("٣")
@example("7")
@example("30")
@example("0")
def test_pause_days_are_ascii_digits_within_the_limit(text: str) -> None:
    days = parse_days(text, 30)
    assert days is None or (1 <= days <= 30 and text.isascii() and int(text) == days)


@fuzz
@given(ODD_TEXT)
def test_a_deep_link_payload_names_a_routine_or_none(payload: str) -> None:
    routine = PROGRAM.routine(payload.lower())
    assert routine is None or routine.id == payload.lower()


@fuzz
@given(st.one_of(ODD_TEXT, st.sampled_from([encode(c) for c in ALL_SAMPLES])))
@example("c:" + "9" * 5000 + ":0:d")
@example("c:1:0:d\ud83d")
@example("c:١:0:d")
def test_any_callback_data_decodes_to_its_canonical_value_or_none(data: str) -> None:
    decoded = decode(data)
    assert decoded is None or encode(decoded) == data


IDS = st.integers(min_value=1, max_value=10**18 - 1)
STEPS = st.integers(min_value=0, max_value=9999)
IDENTS = st.from_regex(r"[a-z][a-z0-9_]{0,31}", fullmatch=True)


@given(
    st.one_of(
        st.builds(CardPress, IDS, STEPS, st.sampled_from(CardAction)),
        st.builds(PickRoutine, IDENTS),
        st.builds(ResolveOpen, IDS, st.one_of(st.none(), IDENTS)),
        st.builds(Rate, IDS, st.booleans(), st.one_of(st.none(), st.integers(0, 10))),
    )
)
def test_every_valid_value_round_trips(value: object) -> None:
    wire = encode(value)  # type: ignore[arg-type]
    assert len(wire.encode()) <= 64
    assert decode(wire) == value


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(ANY_CHAR),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=30,
)
UPDATE_LIKE = st.fixed_dictionaries(
    {"update_id": st.integers()},
    optional={
        "message": JSON | st.fixed_dictionaries({"message_id": JSON, "date": JSON, "chat": JSON}),
        "callback_query": JSON | st.fixed_dictionaries({"id": JSON, "from": JSON, "data": JSON}),
    },
)


@fuzz
@given(st.one_of(JSON, UPDATE_LIKE))
def test_the_webhook_shape_check_is_total(data: object) -> None:
    assert isinstance(is_update(data), bool)
    json.dumps(data)  # what Hypothesis made is JSON, as a body would be


@fuzz
@given(ODD_TEXT)
@example("\ud83dEve")
def test_a_name_is_made_storable_and_left_alone_when_it_is(text: str) -> None:
    made = readable(text)
    assert is_encodable(made)
    assert made == text or not is_encodable(text)


@fuzz
@given(st.one_of(st.none(), ODD_TEXT, st.sampled_from(["en", "pt-br", "zh-hans", "ru"])))
def test_a_language_code_is_a_tag_or_none(code: str | None) -> None:
    tag = language_tag(code)
    assert tag is None or (tag == code and tag.isascii() and len(tag) <= 44)
