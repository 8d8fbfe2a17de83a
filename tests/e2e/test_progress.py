"""Progress, discomfort ratings, pauses, and the user's data in their hands."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import Column, select

from bot.content.keys import K, P
from bot.storage.models import Base

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import FakeClock, RunningBot
from ..texts import EN, lead, matches, routine, said
from .steps import is_card


def asks_before(message: BotMessage) -> bool:
    """The question how the joints feel before a routine."""
    return said(K.RATING_ASK_BEFORE) in message.content


async def finish_ribs(
    user: FakeUser, *, before: str | None = None, after: str | None = None
) -> None:
    """Runs the one-card ribs routine to its end, rating it when asked to."""
    await user.send("/ribs")
    prompt = await user.wait_for_message(asks_before)
    card = await user.wait_for_shown(is_card("1/1"))
    if before is not None:
        await user.press(prompt, before)
        await user.wait_for_toast()
    await user.press(card, EN.get(K.BUTTON_DONE))
    await user.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    after_prompt = await user.wait_for_message(lambda m: said(K.RATING_ASK_AFTER) in m.content)
    if after is not None:
        await user.press(after_prompt, after)
        await user.wait_for_edit(after_prompt)


async def progress_of(user: FakeUser) -> tuple[BotMessage | None, BotMessage]:
    """Sends /progress; returns the picture (if any) and the text."""
    await user.send("/progress")
    first = await user.wait_for_message()
    if first.photo is None:
        return None, first
    return first, await user.wait_for_message()


async def test_progress_on_an_empty_history(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    picture, text = await progress_of(ann)
    assert picture is None
    assert said(K.PROGRESS_EMPTY) in text.content


async def test_progress_over_a_weekend_a_pause_and_a_dst_change(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    clock.current = datetime(2027, 3, 22, 9, 0, tzinfo=UTC)  # Monday; DST starts on the 28th
    await ann.send("/timezone Europe/Berlin")
    await ann.wait_for_message()
    await ann.wait_for_message()
    await ann.send("/remind 18:30")  # workday reminders: weekends never break the streak
    await ann.wait_for_message()
    for day in (0, 1, 2, 3, 4, 7, 8):  # Mon–Fri, then Mon and Tue after the weekend
        clock.current = datetime(2027, 3, 22, 17, 0, tzinfo=UTC) + timedelta(days=day)
        await finish_ribs(ann)
    clock.current = datetime(2027, 3, 31, 8, 0, tzinfo=UTC)  # Wednesday
    await ann.send("/pause 2")
    paused = (await ann.wait_for_message()).content
    assert said(K.PAUSE_STARTED, date="Thursday, 1 April") in paused
    clock.current = datetime(2027, 4, 2, 16, 0, tzinfo=UTC)  # Friday, after the pause
    await finish_ribs(ann)
    summary = next(m for m in reversed(ann.messages) if matches(K.SUMMARY_FINISHED, m.content))
    eight_days = EN.count(P.DAYS, 8)
    assert said(K.SUMMARY_STREAK, current=eight_days) in summary.content

    picture, text = await progress_of(ann)
    assert picture is not None
    assert picture.caption == said(K.PROGRESS_CAPTION, current=eight_days, best=eight_days)
    assert picture.photo is not None
    image = Image.open(io.BytesIO(picture.photo.content or b""))
    assert image.format == "PNG"
    assert 600 <= image.width <= 800
    assert image.height <= 800
    assert said(K.PROGRESS_STREAK, current=eight_days, best=eight_days) in text.content
    # This week: Mon 29 Mar, Tue 30 Mar, Fri 2 Apr
    assert said(K.PROGRESS_WEEK, sessions=EN.count(P.ROUTINES, 3), minutes=3) in text.content
    assert said(K.PROGRESS_MONTH, sessions=EN.count(P.ROUTINES, 1), minutes=1) in text.content
    assert said(K.PROGRESS_TOTAL, sessions=EN.count(P.ROUTINES, 8), minutes=8) in text.content
    ribs = EN.get(K.PROGRESS_TOP_ITEM, routine=routine("ribs").title, count=8)
    assert said(K.PROGRESS_TOP, routines=ribs) in text.content
    assert said(K.PROGRESS_LAST, date="Friday, 2 April") in text.content

    clock.current = datetime(2027, 4, 6, 8, 0, tzinfo=UTC)  # Tuesday: Monday was missed
    _, text = await progress_of(ann)
    no_days = EN.count(P.DAYS, 0)
    assert said(K.PROGRESS_STREAK, current=no_days, best=eight_days) in text.content


async def test_ratings_before_and_after(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    await finish_ribs(ann, before="4", after="2")
    await finish_ribs(ann, before="6", after="3")
    noted = "\n\n" + said(K.RATING_SAVED_BEFORE, value=4)
    assert any(m.content.endswith(noted) for m in ann.messages)
    _, text = await progress_of(ann)
    assert said(K.PROGRESS_RATINGS, before="5.0", after="2.5") in text.content


async def test_high_discomfort_gets_the_safety_note_and_a_gentler_set(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/workout")
    prompt = await ann.wait_for_message(asks_before)
    await ann.wait_for_shown(is_card("1/33"))
    await ann.press(prompt, "8")
    emergency, doctor = said(K.SAFETY_EMERGENCY), said(K.SAFETY_DOCTOR)
    note = await ann.wait_for_message(lambda m: emergency in m.content)
    assert doctor in note.content
    assert note.content.index(emergency) < note.content.index(doctor)
    assert EN.get(K.SAFETY_EMERGENCY) in (note.raw or "")  # its HTML formatting is sent
    await ann.press(note, EN.get(K.RATING_GENTLE_BUTTON))
    neck = await ann.wait_for_shown(is_card("1/14"))
    assert neck.content.startswith(lead(K.CARD_HEADER_SHORT, routine=routine("neck").title))


async def test_a_moderate_score_before_brings_no_warning(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await finish_ribs(ann, before="6", after="2")
    notes = [said(K.SAFETY_EMERGENCY), said(K.RATING_AFTER_HIGH), said(K.RATING_AFTER_WORSE)]
    assert not any(note in m.content for m in ann.messages for note in notes)


async def test_a_high_score_after_the_routine_gets_a_calm_note(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await finish_ribs(ann, after="7")
    note = await ann.wait_for_message(lambda m: said(K.RATING_AFTER_HIGH) in m.content)
    assert note.content == said(K.RATING_AFTER_HIGH)
    assert not any(said(K.SAFETY_EMERGENCY) in m.content for m in ann.messages)


async def test_a_score_higher_than_before_gets_a_calm_note(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await finish_ribs(ann, before="2", after="4")
    worse = said(K.RATING_AFTER_WORSE)
    note = await ann.wait_for_message(lambda m: worse in m.content)
    assert note.content == worse
    await finish_ribs(ann, before="4", after="4")  # the same as before: nothing more to say
    assert sum(worse in m.content for m in ann.messages) == 1


async def test_rating_buttons_of_someone_else_do_nothing(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann, bob = server.user(111, "Ann"), server.user(222, "Bob")
    await ann.send("/ribs")
    prompt = await ann.wait_for_message(asks_before)
    data = prompt.buttons[0][3][1]
    assert data is not None
    await bob.send("/ribs")
    bob_prompt = await bob.wait_for_message(asks_before)
    await bob.press_data(bob_prompt, data)
    assert await bob.wait_for_toast() == EN.get(K.TOAST_INVALID)


async def test_pause_usage_and_end(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    for wrong in ("/pause", "/pause 0", "/pause 31", "/pause soon"):
        await ann.send(wrong)
        assert said(K.PAUSE_USAGE) in (await ann.wait_for_message()).content
    await ann.send("/pause off")
    assert said(K.PAUSE_NONE) in (await ann.wait_for_message()).content
    await ann.send("/pause 3")
    assert lead(K.PAUSE_STARTED) in (await ann.wait_for_message()).content
    await ann.send("/pause off")
    assert said(K.PAUSE_ENDED) in (await ann.wait_for_message()).content


async def test_my_data_contains_what_was_done(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await finish_ribs(ann, before="3", after="1")
    await ann.send("/mydata")
    document = await ann.wait_for_message()
    assert document.document is not None
    assert document.document.filename == "my-data.json"
    data = json.loads(document.document.content or b"{}")
    assert data["profile"]["id"] == 111
    assert data["profile"]["first_name"] == "Ann"
    [session] = data["sessions"]
    assert session["routine_id"] == "ribs"
    assert session["status"] == "finished"
    assert (session["discomfort_before"], session["discomfort_after"]) == (3, 1)
    assert [c["exercise_id"] for c in session["cards"]] == ["side_bend_supported"]
    assert session["cards"][0]["outcome"] == "done"


def _user_columns(table_name: str) -> list[Column[int]]:
    table = Base.metadata.tables[table_name]
    names = {"users": ["id"], "broadcasts": ["author_id"]}.get(table_name, ["user_id"])
    return [table.c[name] for name in names if name in table.c]


async def test_delete_me_leaves_no_row_in_any_table(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann, bob = server.user(111, "Ann"), server.user(222, "Bob")
    await ann.send("/remind 18:30")
    await ann.wait_for_message()
    await ann.send("Europe/Berlin")
    await ann.wait_for_message()
    await ann.send("/pause 2")
    await ann.wait_for_message()
    await finish_ribs(ann, before="2", after="1")
    await finish_ribs(bob)
    await ann.send("/deleteme")
    question = await ann.wait_for_message()
    await ann.press(question, EN.get(K.DELETEME_NO))
    assert (await ann.wait_for_edit(question)).content == said(K.DELETEME_KEPT)
    await ann.send("/deleteme")
    question = await ann.wait_for_message()
    await ann.press(question, EN.get(K.DELETEME_YES))
    assert said(K.DELETEME_DONE) in (await ann.wait_for_edit(question)).content

    async with bot.deps.database.transaction() as session:
        for table_name in Base.metadata.tables:
            for column in _user_columns(table_name):
                rows = (await session.execute(select(column).where(column == 111))).all()
                assert rows == [], f"{table_name}.{column.name} still has user 111"
        bob_rows = (
            await session.execute(
                select(Base.metadata.tables["sessions"].c.id).where(
                    Base.metadata.tables["sessions"].c.user_id == 222
                )
            )
        ).all()
    assert len(bob_rows) == 1  # nobody else lost anything
    await ann.send("/start")
    welcome = await ann.wait_for_message()
    assert said(K.START_WELCOME, name="Ann") in welcome.content
    assert lead(K.START_OPEN_SESSION) not in welcome.content


async def test_after_delete_me_an_old_button_stores_nobody_and_no_trace_stays_on_disk(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    name = "Quillfeather"  # a word found nowhere else in the database
    ann = server.user(111, name)
    await ann.send("/routines")
    menu = await ann.wait_for_message()
    await finish_ribs(ann)
    await ann.send("/deleteme")
    question = await ann.wait_for_message()
    await ann.press(question, EN.get(K.DELETEME_YES))
    assert said(K.DELETEME_DONE) in (await ann.wait_for_edit(question)).content
    await ann.press(menu, routine("neck").button)  # a routine from the old menu
    assert await ann.wait_for_toast() == EN.get(K.TOAST_INVALID)
    async with bot.deps.database.transaction() as session:
        users = Base.metadata.tables["users"]
        assert (await session.execute(select(users.c.id))).all() == []
    if bot.deps.database.is_sqlite:  # neither the file nor its write-ahead log keeps the name
        path = Path(bot.deps.database.engine.url.database or "")
        for part in (path, path.with_name(path.name + "-wal")):
            if part.exists():
                assert name.encode() not in part.read_bytes(), part.name
