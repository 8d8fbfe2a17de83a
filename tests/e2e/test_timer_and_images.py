"""The ⏱ hold timer and exercise images."""

from __future__ import annotations

import shutil
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import func, select

from bot.content.keys import K
from bot.settings import PROJECT_ROOT
from bot.storage.models import HoldTimer

from ..fake_telegram import FakeTelegramServer
from ..harness import FakeClock, RunningBot
from ..texts import EN, lead, locale, matches, pattern, said
from .steps import card_at, is_card

TIMER_20 = EN.get(K.BUTTON_TIMER, seconds=20)  # the button of a 20-second hold on one side


async def test_two_sided_hold_cues_switch_then_time_up(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await card_at(ann, "/start hips", "3/3")
    # The button tells the dose (20 s a side), not the timer's whole length.
    timer = EN.get(K.BUTTON_TIMER_TWO_SIDES, seconds=20)
    assert timer in card.button_texts
    await ann.press(card, timer)
    assert await ann.wait_for_toast() == EN.get(K.TOAST_TIMER)
    started = await ann.wait_for_message()
    assert matches(K.TIMER_STARTED_TWO_SIDES, started.content, seconds=20, change=10)
    jobs = sorted(bot.jobs("hold-timer"), key=lambda j: j.next_t.timestamp() if j.next_t else 0)
    assert len(jobs) == 2
    assert jobs[0].next_t is not None
    assert jobs[1].next_t is not None
    # 20 s on the first side; then 10 s to change legs and 20 s on the second.
    assert jobs[1].next_t - jobs[0].next_t == timedelta(seconds=30)
    await bot.run_job(jobs[0])
    change = (await ann.wait_for_message()).content
    assert matches(K.TIMER_SWITCH_SIDES, change, change=10, seconds=20)
    await bot.run_job(jobs[1])
    assert matches(K.TIMER_DONE, (await ann.wait_for_message()).content)


async def test_one_sided_hold_and_moving_on_cancels_the_timer(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await card_at(ann, "/neck", "12/14")
    assert TIMER_20 in card.button_texts
    await ann.press(card, TIMER_20)
    assert matches(K.TIMER_STARTED, (await ann.wait_for_message()).content, seconds=20)
    await ann.press(card, TIMER_20)  # pressing again restarts, never doubles
    await ann.wait_for_message()
    assert len(bot.jobs("hold-timer")) == 1
    await ann.press(card, EN.get(K.BUTTON_DONE))
    await ann.wait_for_shown(is_card("13/14"))
    assert bot.jobs("hold-timer") == []


async def test_cards_without_a_hold_have_no_timer(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/neck")
    card = await ann.wait_for_shown(is_card("1/14"))
    timers = (lead(K.BUTTON_TIMER), lead(K.BUTTON_TIMER_TWO_SIDES))
    assert not any(b.startswith(timers) for b in card.button_texts)
    done = [row for row in card.buttons for _, data in row if data and data.endswith(":d")]
    forged = done[0][0][1].replace(":d", ":t")  # type: ignore[union-attr]
    await ann.press_data(card, forged)
    assert await ann.wait_for_toast() == EN.get(K.TOAST_STALE)
    assert bot.jobs("hold-timer") == []


def tiny_png() -> bytes:
    """A valid 2×2 PNG, made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


async def test_an_authors_image_is_shown_above_the_card_and_uploaded_once(
    server: FakeTelegramServer, database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    (content / "images").mkdir()
    (content / "images" / "ribs.png").write_bytes(tiny_png())
    program = yaml.safe_load((content / "program.yaml").read_text(encoding="utf-8"))
    ribs = next(s for s in program["sections"] if s["id"] == "ribs")
    ribs["exercises"][0]["image"] = "images/ribs.png"
    (content / "program.yaml").write_text(yaml.safe_dump(program), encoding="utf-8")

    bot = RunningBot(server, database_url, clock)
    bot.overrides["content_dir"] = content
    await bot.start()
    try:
        ann = server.user(111, "Ann")
        for _ in range(2):
            await ann.send("/ribs")
            photo = await ann.wait_for_message(lambda m: m.photo is not None)
            title = locale().exercises["side_bend_supported"].title
            assert photo.caption == EN.get(K.CARD_MEDIA_CAPTION, position="1/1", title=title)
            card = await ann.wait_for_shown(is_card("1/1"))
            await ann.press(card, EN.get(K.BUTTON_DONE))
            await ann.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
            await server.wait_idle()
            assert photo.message_id not in [m.message_id for m in ann.messages]  # no trail
        # The author's image replaces the drawing of the exercise.
        assert server.calls_to("sendAnimation") == []
        uploads = list(server.calls_to("sendPhoto"))
        assert len(uploads) == 2
        assert isinstance(uploads[0].params.get("photo"), object)
        assert isinstance(uploads[1].params.get("photo"), str)  # the cached file_id
    finally:
        await bot.stop()


def time_up_messages(ann_messages: list[str]) -> int:
    """How many "time is up" cues a user got."""
    time_up = pattern(K.TIMER_DONE)
    return sum(time_up.fullmatch(text) is not None for text in ann_messages)


async def test_a_timer_survives_a_restart_and_cues_once_across_instances(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    card = await card_at(ann, "/neck", "12/14")
    await ann.press(card, TIMER_20)
    await ann.wait_for_message()
    await bot.restart()  # the in-memory job is gone; the timer is in the database
    async with bot.sibling() as second:  # another instance on the database schedules it too
        [first_job] = bot.jobs("hold-timer")
        [second_job] = second.jobs("hold-timer")
        await bot.run_job(first_job)
        await second.run_job(second_job)
        await server.wait_idle()
    assert time_up_messages([m.content for m in ann.messages]) == 1


async def test_moving_on_silences_the_timer_on_every_instance(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    card = await card_at(ann, "/neck", "12/14")
    await ann.press(card, TIMER_20)
    await ann.wait_for_message()
    async with bot.sibling() as second:
        [elsewhere] = second.jobs("hold-timer")
        await ann.press(card, EN.get(K.BUTTON_DONE))  # handled by the first instance
        await ann.wait_for_shown(is_card("13/14"))
        await second.run_job(elsewhere)
        await server.wait_idle()
    assert time_up_messages([m.content for m in ann.messages]) == 0


async def test_a_double_tap_on_the_timer_leaves_one_timer(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await card_at(ann, "/neck", "12/14")
    await ann.press(card, TIMER_20)
    await ann.press(card, TIMER_20)  # both taps are handled at the same time
    for _ in range(2):
        assert matches(K.TIMER_STARTED, (await ann.wait_for_message()).content, seconds=20)
    for job in bot.jobs("hold-timer"):
        await bot.run_job(job)
    await server.wait_idle()
    assert time_up_messages([m.content for m in ann.messages]) == 1
    assert not any(said(K.ERROR_GENERIC) in m.content for m in ann.messages)


async def test_a_timer_racing_done_on_its_card_never_outlives_the_card(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    timer = EN.get(K.BUTTON_TIMER_TWO_SIDES, seconds=20)
    for _ in range(8):
        card = await card_at(ann, "/start hips", "3/3")
        await ann.press(card, timer)
        await ann.press(card, EN.get(K.BUTTON_DONE))  # handled at the same time as the ⏱
        await ann.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
        await server.wait_idle()
        async with bot.deps.database.transaction() as session:
            assert await session.scalar(select(func.count()).select_from(HoldTimer)) == 0
        for job in bot.jobs("hold-timer"):
            await bot.run_job(job)
        await server.wait_idle()
    assert time_up_messages([m.content for m in ann.messages]) == 0
