"""The declarative callback codec: registration, round trips, and hostile data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

import pytest

from bot import callback_data
from bot.callback_data import (
    ID,
    IDENT,
    MAX_BYTES,
    STEP,
    CallbackData,
    decode,
    encode,
    flag,
    integer,
    optional,
    registered,
    text,
)
from bot.domain.flow import CardAction
from bot.features.coaching.callbacks import CardPress, PickRoutine, Rate, ResolveOpen, ShowMenu
from bot.features.confirm import Confirm, ConfirmSubject
from bot.features.language.callbacks import PickLanguage
from bot.features.reminders.callbacks import ReminderAction, ReminderReply, Setting, SettingAction


class Mood(StrEnum):
    CALM = "calm"
    TENSE = "tense"


@dataclass(frozen=True, slots=True)
class MoodPick(CallbackData, prefix="tmood"):
    """A type declared outside the bot's features, with no edit anywhere else."""

    session_id: Annotated[int, ID]
    mood: Mood
    loud: Annotated[bool, flag(true="1", false="0")]
    level: Annotated[int | None, optional(integer(r"[1-5]"), none="-")] = None
    note: Annotated[str | None, IDENT] = None


@dataclass(frozen=True)
class Plain(CallbackData, prefix="tplain"):
    """A dataclass without slots registers just the same."""

    step: Annotated[int, STEP]


SAMPLES: dict[str, list[CallbackData]] = {  # every prefix: a few values
    "c": [CardPress(1, 0, CardAction.DONE), CardPress(987654321012345678, 9999, CardAction.STOP)],
    "r": [PickRoutine("neck"), PickRoutine("a" * 32), PickRoutine("a_1")],
    "o": [ResolveOpen(7), ResolveOpen(7, "full")],
    "l": [PickLanguage("ru"), PickLanguage("ast")],
    "m": [ShowMenu()],
    "rm": [ReminderReply(action, "20261123") for action in ReminderAction],
    "s": [
        *(
            Setting(a)
            for a in SettingAction
            if a not in {SettingAction.TIME_SET, SettingAction.DAYS_SET}
        ),
        Setting(SettingAction.TIME_SET, "0000"),
        Setting(SettingAction.TIME_SET, "2359"),
        Setting(SettingAction.DAYS_SET, "weekdays"),
        Setting(SettingAction.DAYS_SET, "daily"),
    ],
    "dr": [Rate(5, False, None), Rate(5, True, 0), Rate(1, True, 10)],
    "y": [
        *(Confirm(s, yes) for s in ConfirmSubject for yes in (True, False)),
        Confirm(ConfirmSubject.BROADCAST, False, 12),
    ],
    "tmood": [
        MoodPick(1, Mood.CALM, True),
        MoodPick(2, Mood.TENSE, False, 3),
        MoodPick(3, Mood.TENSE, False, None, "later"),
    ],
    "tplain": [Plain(0), Plain(42)],
}
ALL_SAMPLES = [callback for samples in SAMPLES.values() for callback in samples]


def test_every_registered_type_has_samples() -> None:
    callback_data.check_declarations()
    assert set(registered()) <= set(SAMPLES), "add samples for the new callback type"


@pytest.mark.parametrize("callback", ALL_SAMPLES, ids=repr)
def test_every_registered_type_round_trips(callback: CallbackData) -> None:
    data = encode(callback)
    assert len(data.encode()) <= MAX_BYTES
    assert data.split(":")[0] == callback.prefix
    assert decode(data) == callback
    assert type(callback).unpack(data) == callback


def test_a_type_declared_elsewhere_round_trips() -> None:
    assert registered()["tmood"] is MoodPick
    assert encode(MoodPick(1, Mood.CALM, True)) == "tmood:1:calm:1"
    assert encode(MoodPick(1, Mood.CALM, True, 4)) == "tmood:1:calm:1:4"
    assert encode(MoodPick(1, Mood.CALM, True, None, "x")) == "tmood:1:calm:1:-:x"
    assert MoodPick.unpack("tmood:9:tense:0:-:x") == MoodPick(9, Mood.TENSE, False, None, "x")
    assert MoodPick.unpack("c:1:0:d") is None
    assert Plain.unpack("tplain:3") == Plain(3)
    assert decode("tmood:1:calm:1") == MoodPick(1, Mood.CALM, True)


@pytest.mark.parametrize(
    "data",
    [
        "tmood:1:calm:1:-",  # a trailing default is left out, never spelled
        "tmood:1:calm:1::x",
        "tmood:1:calm:1:6",
        "tmood:1:Calm:1",
        "tmood:1:calm:true",
        "tmood:1:calm:1:-:x:y",
        "tmood:1:calm",
        "tplain:01",
        "tplain:",
    ],
)
def test_non_canonical_or_malformed_declared_data_decodes_to_none(data: str) -> None:
    assert decode(data) is None


def test_a_taken_prefix_is_refused() -> None:
    with pytest.raises(TypeError, match=r"taken by bot\.features\.coaching\.callbacks\.CardPress"):

        @dataclass(frozen=True, slots=True)
        class Again(CallbackData, prefix="c"):
            session_id: Annotated[int, ID]

    assert registered()["c"] is CardPress


@pytest.mark.parametrize("prefix", ["", "C", "a:b", "1a", "toolongprefix", "é"])
def test_a_malformed_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(TypeError, match="prefix"):

        class Bad(CallbackData, prefix=prefix):
            pass


def test_a_prefix_must_be_declared() -> None:
    with pytest.raises(TypeError, match="must declare its prefix"):

        class Anonymous(CallbackData):
            pass

    with pytest.raises(TypeError, match="must declare its prefix"):

        @dataclass(frozen=True, slots=True)
        class Derived(PickRoutine):
            pass


def test_a_field_without_a_spec_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(callback_data, "_registry", dict(callback_data._registry))

    @dataclass(frozen=True, slots=True)
    class Loose(CallbackData, prefix="tloose"):
        count: int

    with pytest.raises(TypeError, match=r"Loose\.count needs one field spec"):
        callback_data.check_declarations()


@pytest.mark.parametrize(
    "pattern", ["[0-9]+", "[0-9]*", "[0-9]{1,}", "(?:ab)*", "[^]*]+", "a?", "a|", ".{0,3}"]
)
def test_unbounded_or_empty_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(TypeError, match="pattern"):
        text(pattern)


@pytest.mark.parametrize(
    "callback",
    [
        CardPress(0, 0, CardAction.DONE),
        CardPress(1, -1, CardAction.DONE),
        CardPress(1, 10000, CardAction.DONE),
        CardPress(True, 0, CardAction.DONE),
        PickRoutine("Neck"),
        PickRoutine("a:b"),
        PickLanguage("рус"),
        Rate(1, True, 11),
        Confirm(ConfirmSubject.BROADCAST, True, -3),
        Setting(SettingAction.TIME_SET),
        Setting(SettingAction.TIME_SET, "2400"),
        Setting(SettingAction.TIME_SET, "daily"),
        Setting(SettingAction.DAYS_SET, "1830"),
        Setting(SettingAction.ZONE, "1830"),
        ReminderReply(ReminderAction.SNOOZE_30, "20261301"),
        MoodPick(1, Mood.CALM, True, None, "Not an id"),
    ],
    ids=repr,
)
def test_encode_refuses_what_would_not_decode_back(callback: CallbackData) -> None:
    with pytest.raises(ValueError, match="not"):
        encode(callback)


HOSTILE = [
    "c:" + "9" * 5000 + ":0:d",
    "9" * 1_000_000,
    "c:" + "9" * 58 + ":0:d",  # 64 bytes, far too many digits
    "c:" + "9" * 19 + ":0:d",
    "c:²:0:d",  # superscript two
    "c:①:0:d",  # circled one
    "c:١:0:d",  # Arabic-Indic one
    "c:۱:0:d",  # extended Arabic-Indic one
    "c:१:0:d",  # Devanagari one
    "c:１:0:d",  # fullwidth one
    "c:1:٠:d",
    "c:\ud800:0:d",  # lone surrogate
    "\udcff",
    "r:néck",
    "r:neck\u200b",
    "r:nеck",  # Cyrillic е
    "c:1_0:0:d",  # int() would take these
    "c:+1:0:d",
    "c: 1:0:d",
    "c:1 :0:d",
    "c:1:0:d\n",
    "c:1:0:d\r\n",
    "c:1:0:D",
    "c:1:0:d\x00",
    "\x00",
    ":",
    "::",
    "c::0:d",
    "c:1:0:dd",
    "o:7:full:x",
    "o:7:Full",
    "dr:5:b:11",
    "dr:5:c:1",
    "dr:5:b:X",
    "dr:5:b",
    "y:bc:n:0",
    "y:bc:n:",
    "y:bc:maybe",
    "y:del:y:01",
    "s:ts",
    "s:ts:2400",
    "s:ts:930",
    "s:ts:weekdays",
    "s:d:1830",
    "s:d:",
    "s:z:1830",
    "s:z:",
    "s:off:daily",
    "rm:s30",
    "rm:s30:20261301",
    "rm:s30:20261100",
    "rm:s30:19991231",
    "rm:s45:20261123",
    "rm:s30:20261123:x",
    "l:ru:en",
    "m:x",
    "M",
    "tmood",
]


def _short(data: str) -> str:
    return ascii(data)[:40]


@pytest.mark.parametrize("data", HOSTILE, ids=_short)
def test_hostile_data_decodes_to_none(data: str) -> None:
    assert decode(data) is None


def _mutations(rng: random.Random, data: str) -> str:
    alphabet = "acdmorsxy09:_-\n ²①١\ud800\u0000é"
    chars = list(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(chars))
        roll = rng.random()
        if roll < 0.4 or not chars:
            chars.insert(at, rng.choice(alphabet))
        elif roll < 0.7:
            del chars[min(at, len(chars) - 1)]
        else:
            chars[min(at, len(chars) - 1)] = rng.choice(alphabet)
    return "".join(chars)


@pytest.mark.parametrize("seed", range(20))
def test_arbitrary_text_decodes_to_a_value_or_none(seed: int) -> None:
    """A property test without hypothesis: mutated and random data never raises."""
    rng = random.Random(seed)
    wires = [encode(callback) for callback in ALL_SAMPLES]
    for _ in range(2000):
        data = _mutations(rng, rng.choice(wires))
        decoded = decode(data)
        if decoded is not None:
            assert encode(decoded) == data  # only the canonical spelling decodes
    for _ in range(500):
        noise = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(0, 70)))
        decoded = decode(noise)
        assert decoded is None or encode(decoded) == noise


@pytest.mark.parametrize("seed", range(10))
def test_random_values_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    identifier = "abcxyz019_"

    def ident() -> str:
        return rng.choice("abz") + "".join(rng.choices(identifier, k=rng.randint(0, 31)))

    def some_id() -> int:
        return rng.randint(1, 10 ** rng.randint(1, 18) - 1)

    for _ in range(200):
        values: list[CallbackData] = [
            CardPress(some_id(), rng.randint(0, 9999), rng.choice(list(CardAction))),
            PickRoutine(ident()),
            ResolveOpen(some_id(), rng.choice([None, ident()])),
            Rate(some_id(), rng.random() < 0.5, rng.choice([None, *range(11)])),
            Confirm(
                rng.choice(list(ConfirmSubject)), rng.random() < 0.5, rng.choice([0, some_id()])
            ),
            Setting(SettingAction.TIME_SET, f"{rng.randint(0, 23):02}{rng.randint(0, 59):02}"),
            ReminderReply(
                rng.choice(list(ReminderAction)),
                f"20{rng.randint(0, 99):02}{rng.randint(1, 12):02}{rng.randint(1, 31):02}",
            ),
            MoodPick(some_id(), rng.choice(list(Mood)), rng.random() < 0.5, rng.randint(1, 5)),
        ]
        for callback in values:
            assert decode(encode(callback)) == callback


@pytest.mark.parametrize("token", ["1", "007", "123456789012345678"])
def test_integer_tokens_are_short_ascii_digit_runs_whatever_the_pattern(token: str) -> None:
    loose = integer(r"[0-9a-z_+ ]{1,30}")
    assert loose.matches(token)
    assert loose.parse(token) == int(token)
    for bad in ["1_0", "+1", " 1", "a", "1234567890123456789", "²", "١"]:
        assert not loose.matches(bad)
