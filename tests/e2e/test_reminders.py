"""Evening reminders end to end: set-up, delivery at injected times, limits and failures."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from bot.content.keys import K
from bot.domain.people import Person
from bot.domain.schedule import Days
from bot.scheduling import ReminderDispatcher
from bot.sending.outbox import BULK_LANE
from bot.storage.leases import LeaseRepository
from bot.storage.models import Reminder, User
from bot.storage.reminders import ReminderRepository

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import FakeClock, RunningBot
from ..texts import EN, matches, said
from .steps import is_card

MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 13:00 in Berlin


def reminders_in(user: FakeUser) -> list[BotMessage]:
    return [m for m in user.messages if EN.get(K.REMINDER_SNOOZE_30) in m.button_texts]


def when(weekday: str, date: str, time: str) -> str:
    """A reminder's day and time as the bot fills it into other texts."""
    return EN.get(K.SETTINGS_WHEN, weekday=weekday, date=date, time=time)


def reminder_on(time: str, days: K) -> str:
    """The settings line of a reminder at `time` on `days` (SETTINGS_WEEKDAYS or _DAILY)."""
    return said(K.SETTINGS_REMINDER_ON, time=time, days=EN.get(days))


async def configure(
    bot: RunningBot, user: FakeUser, zone: str, at: str, days: Days = Days.WEEKDAYS
) -> datetime | None:
    """Sets a user's reminder through the same service the buttons use."""
    person = Person(user.user_id, user.first_name, user.language_code)
    async with bot.deps.users() as users:
        await users.meet(person)
    async with bot.deps.reminders() as reminders:
        await reminders.set_timezone(user.user_id, zone)
        hour, minute = (int(x) for x in at.split(":"))
        await reminders.set_time(user.user_id, time(hour, minute))
        settings = await reminders.set_days(user.user_id, days)
    return settings.next_at


DUE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 18:30 in Berlin


async def due_now(bot: RunningBot, server: FakeTelegramServer, clock: FakeClock) -> FakeUser:
    """Ann, with an 18:30 Berlin reminder on workdays, at the moment it falls due."""
    clock.current = MONDAY
    ann = server.user(111, "Ann")
    await configure(bot, ann, "Europe/Berlin", "18:30")
    clock.current = DUE
    return ann


async def test_setup_after_start_then_exactly_one_reminder(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    ann = server.user(111, "Ann")
    await ann.send("/start")
    await ann.wait_for_message()  # welcome
    zone_prompt = await ann.wait_for_message()
    assert said(K.SETUP_ASK_ZONE) in zone_prompt.content
    keyboard = zone_prompt.reply_markup or {}
    assert keyboard["keyboard"][0][0]["request_location"] is True
    assert any("Europe/Berlin" in str(row) for row in keyboard["keyboard"])
    await ann.send("Europe/Berlin")  # a reply-keyboard button sends its text
    zone_set = await ann.wait_for_message()
    assert said(K.SETUP_ZONE_SET, zone="Europe/Berlin", local_time="13:00") in zone_set.content
    assert (zone_set.reply_markup or {}).get("remove_keyboard") is True
    time_prompt = await ann.wait_for_message()
    assert said(K.SETUP_ASK_TIME) in time_prompt.content
    assert time_prompt.button_texts[:7] == [
        "17:00",
        "17:30",
        "18:00",
        "18:30",
        "19:00",
        "19:30",
        "20:00",
    ]
    await ann.press(time_prompt, "18:30")
    days_prompt = await ann.wait_for_message()
    assert said(K.SETUP_ASK_DAYS) in days_prompt.content
    await ann.press(days_prompt, EN.get(K.SETUP_WEEKDAYS_BUTTON))
    saved = await ann.wait_for_message()
    assert reminder_on("18:30", K.SETTINGS_WEEKDAYS) in saved.content
    next_one = when("Monday", "23 November", "18:30")
    assert said(K.SETTINGS_NEXT, when=next_one) in saved.content

    clock.current = datetime(2026, 11, 23, 17, 29, tzinfo=UTC)
    assert (await bot.run_reminders()).sent == 0
    clock.current = DUE
    report = await bot.run_reminders()
    assert report.sent == 1
    [reminder] = reminders_in(ann)
    assert reminder.button_texts == [
        EN.get(K.REMINDER_START),
        EN.get(K.REMINDER_SHORT),
        EN.get(K.REMINDER_SNOOZE_30),
        EN.get(K.REMINDER_SNOOZE_60),
        EN.get(K.REMINDER_NOT_TODAY),
    ]
    clock.advance(minutes=20)
    assert (await bot.run_reminders()).sent == 0
    assert len(reminders_in(ann)) == 1
    await ann.press(reminder, EN.get(K.REMINDER_START))
    await ann.wait_for_shown(is_card("1/33"))


async def test_typed_zone_offset_and_time(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    ann = server.user(111, "Ann")
    await ann.send("/timezone Mars/Olympus")
    assert said(K.SETUP_ZONE_UNKNOWN) in (await ann.wait_for_message()).content
    await ann.send("/timezone +99:00")
    assert said(K.SETTINGS_TIMEZONE_USAGE) in (await ann.wait_for_message()).content
    await ann.send("/timezone +03:00")
    zone_set = await ann.wait_for_message()
    assert matches(K.SETUP_ZONE_SET, zone_set.content, zone="Etc/GMT-3")
    assert said(K.SETUP_ZONE_FIXED) in zone_set.content
    await ann.wait_for_message()  # the time prompt
    await ann.send("25:99")
    assert said(K.SETUP_TIME_UNKNOWN) in (await ann.wait_for_message()).content
    await ann.send("19:05")
    days = await ann.wait_for_message()
    await ann.press(days, EN.get(K.SETUP_DAILY_BUTTON))
    saved = await ann.wait_for_message()
    assert reminder_on("19:05", K.SETTINGS_DAILY) in saved.content
    await ann.send("/remind soon")
    assert said(K.SETTINGS_REMIND_USAGE) in (await ann.wait_for_message()).content
    await ann.send("/remind 25:99")
    assert said(K.SETUP_TIME_UNKNOWN) in (await ann.wait_for_message()).content


async def test_location_sets_the_zone(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/timezone")
    await ann.wait_for_message()
    await ann.send_location(27.7172, 85.3240)  # Kathmandu
    assert matches(K.SETUP_ZONE_SET, (await ann.wait_for_message()).content, zone="Asia/Kathmandu")


async def test_remind_commands(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    ann = server.user(111, "Ann")
    await ann.send("/remind 18:00")
    assert said(K.SETUP_NEED_ZONE) in (await ann.wait_for_message()).content
    await ann.wait_for_message()  # the zone prompt
    await ann.send("europe/moscow")
    await ann.wait_for_message()  # zone set
    saved = await ann.wait_for_message()
    assert reminder_on("18:00", K.SETTINGS_WEEKDAYS) in saved.content
    await ann.send("/remind daily")
    assert reminder_on("18:00", K.SETTINGS_DAILY) in (await ann.wait_for_message()).content
    await ann.send("/remind off")
    assert said(K.SETTINGS_REMINDER_OFF) in (await ann.wait_for_message()).content
    await ann.send("/remind")
    view = await ann.wait_for_message()
    assert said(K.SETTINGS_ZONE, zone="Europe/Moscow") in view.content
    await ann.send("/settings")
    assert said(K.SETTINGS_REMINDER_OFF) in (await ann.wait_for_message()).content


async def test_skip_the_setup(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start")
    await ann.wait_for_message()
    await ann.wait_for_message()
    await ann.send(EN.get(K.SETUP_SKIP_BUTTON))  # a reply-keyboard button sends its text
    skipped = await ann.wait_for_message()
    assert said(K.SETUP_SKIPPED) in skipped.content
    assert (skipped.reply_markup or {}).get("remove_keyboard") is True
    await ann.send("hello")
    assert said(K.HINT_TEXT) in (await ann.wait_for_message()).content
    await ann.send("/start")
    await ann.wait_for_message()
    await server.wait_idle()
    assert said(K.SETUP_ASK_ZONE) not in ann.last_message.content  # the set-up is offered once


async def test_no_reminder_on_a_day_with_a_finished_routine(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    ann = server.user(111, "Ann")
    await configure(bot, ann, "Europe/Berlin", "18:30")
    await ann.send("/ribs")
    card = await ann.wait_for_shown(is_card("1/1"))
    await ann.press(card, EN.get(K.BUTTON_DONE))
    await ann.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    clock.current = datetime(2026, 11, 23, 17, 31, tzinfo=UTC)
    report = await bot.run_reminders()
    assert (report.sent, report.skipped) == (0, 1)
    clock.current = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    assert (await bot.run_reminders()).sent == 1
    assert len(reminders_in(ann)) == 1


async def test_weekdays_skip_the_weekend(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # Friday
    ann = server.user(111, "Ann")
    await configure(bot, ann, "Europe/Berlin", "18:30")
    sent = []
    for _ in range(4 * 24):  # Friday noon to Tuesday noon, hour by hour
        clock.advance(hours=1)
        if (await bot.run_reminders()).sent:
            sent.append(clock.current)
    assert [d.strftime("%a %H:%M") for d in sent] == ["Fri 18:00", "Mon 18:00"]


async def test_dst_keeps_local_time(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = datetime(2027, 3, 12, 12, 0, tzinfo=UTC)
    berlin, new_york = server.user(1, "B"), server.user(2, "N")
    await configure(bot, berlin, "Europe/Berlin", "18:30", Days.DAILY)
    await configure(bot, new_york, "America/New_York", "18:30", Days.DAILY)
    times: dict[int, list[str]] = {1: [], 2: []}
    for _ in range(20 * 24 * 4):  # 20 days in quarter hours, over both DST changes
        clock.advance(minutes=15)
        before = {1: len(reminders_in(berlin)), 2: len(reminders_in(new_york))}
        await bot.run_reminders()
        for user_id, user in ((1, berlin), (2, new_york)):
            if len(reminders_in(user)) > before[user_id]:
                times[user_id].append(clock.current.strftime("%m-%d %H:%M"))
    assert len(times[1]) == len(times[2]) == 20
    # New York moves to summer time on 14 March, Berlin on 28 March.
    assert times[2][0] == "03-12 23:30"
    assert "03-14 22:30" in times[2]
    assert times[1][0] == "03-12 17:30"
    assert "03-28 16:30" in times[1]
    assert "03-27 17:30" in times[1]


async def test_odd_offset_zone(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY.replace(hour=5)
    ann = server.user(111, "Ann")
    next_at = await configure(bot, ann, "Asia/Kathmandu", "18:30")
    assert next_at == datetime(2026, 11, 23, 12, 45, tzinfo=UTC)


async def test_restart_sends_recent_missed_reminders_and_skips_old_ones(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    recent, old = server.user(1, "Recent"), server.user(2, "Old")
    await configure(bot, recent, "Europe/Berlin", "18:30")  # due 17:30Z
    await configure(bot, old, "Europe/Berlin", "16:00")  # due 15:00Z
    await bot.stop()
    clock.current = datetime(2026, 11, 23, 19, 15, tzinfo=UTC)  # down for hours
    await bot.start()
    report = await bot.run_reminders()
    assert (report.sent, report.skipped) == (1, 1)
    assert len(reminders_in(recent)) == 1
    assert reminders_in(old) == []
    async with bot.deps.database.transaction() as session:
        next_old = await session.scalar(select(Reminder.next_at).where(Reminder.user_id == 2))
    assert next_old == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


async def test_snooze_and_not_today(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = await due_now(bot, server, clock)
    await bot.run_reminders()
    [first] = reminders_in(ann)
    await ann.press(first, EN.get(K.REMINDER_SNOOZE_30))
    assert await ann.wait_for_toast() == EN.get(K.REMINDER_SNOOZED, time="19:00")
    clock.advance(minutes=29)
    assert (await bot.run_reminders()).sent == 0
    clock.advance(minutes=1)
    assert (await bot.run_reminders()).sent == 1
    second = reminders_in(ann)[-1]
    await ann.press(second, EN.get(K.REMINDER_NOT_TODAY))
    assert await ann.wait_for_toast() == (
        EN.get(K.REMINDER_SKIPPED_TODAY, when=when("Tuesday", "24 November", "18:30"))
    )
    clock.advance(hours=2)
    assert (await bot.run_reminders()).sent == 0
    # Yesterday's snooze button no longer snoozes anything.
    clock.current = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    await ann.press_data(first, "rm:s30:20261123")
    assert await ann.wait_for_toast() == EN.get(K.REMINDER_STALE)


async def test_blocked_user_gets_no_more_reminders_until_start(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    ann = server.user(111, "Ann")
    await configure(bot, ann, "Europe/Berlin", "18:30")
    server.block(111)
    clock.current = DUE
    assert (await bot.run_reminders()).blocked == 1
    async with bot.deps.database.transaction() as session:
        user = await session.get(User, 111)
        reminder = await session.get(Reminder, 111)
    assert user is not None
    assert user.is_active is False
    assert reminder is not None
    assert reminder.next_at is None
    clock.advance(hours=20)  # Tuesday 13:30Z: nothing is claimed while the user is blocked
    assert (await bot.run_reminders()).claimed == 0
    server.unblock(111)
    await ann.send("/start")
    await ann.wait_for_message()
    async with bot.deps.database.transaction() as session:
        reminder = await session.get(Reminder, 111)
    assert reminder is not None
    assert reminder.next_at == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)


async def test_too_many_requests_is_retried_later_not_lost(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> None:
    bot = RunningBot(server, database_url, clock)
    bot.overrides["flood_retries"] = 0
    await bot.start()
    try:
        ann = await due_now(bot, server, clock)
        # The bulk lane also waits these seconds for real before its next send, so they are few.
        server.fail_next("sendMessage", chat_id=111, error_code=429, retry_after=2)
        report = await bot.run_reminders()
        assert (report.sent, report.retried) == (0, 1)
        clock.advance(seconds=1)
        assert (await bot.run_reminders()).sent == 0
        clock.advance(seconds=1)
        assert (await bot.run_reminders()).sent == 1
        assert len(reminders_in(ann)) == 1
    finally:
        await bot.stop()


async def test_other_errors_are_retried_a_bounded_number_of_times(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    await due_now(bot, server, clock)
    server.fail_next(
        "sendMessage", chat_id=111, error_code=400, description="Bad Request: odd", times=10
    )
    reports = []
    for _ in range(8):
        reports.append(await bot.run_reminders())
        clock.advance(minutes=10)
    assert sum(r.retried for r in reports) == 4
    assert sum(r.failed for r in reports) == 1
    async with bot.deps.database.transaction() as session:
        reminder = await session.get(Reminder, 111)
    assert reminder is not None
    assert reminder.next_at == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    assert reminder.failed_count == 1


async def test_two_claimers_never_send_one_reminder_twice(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    users = [server.user(5000 + n, f"U{n}") for n in range(60)]
    for user in users:
        await configure(bot, user, "Europe/Berlin", "18:30")
    async with bot.sibling() as second:
        clock.current = DUE
        for dispatcher in (bot.dispatcher, second.dispatcher):
            dispatcher.policy = type(dispatcher.policy)(batch_size=7, concurrency=5)
        first_report, second_report = await asyncio.gather(
            bot.dispatcher.run_due(), second.dispatcher.run_due()
        )
    assert first_report.sent + second_report.sent == 60
    assert all(len(reminders_in(u)) == 1 for u in users)


async def test_a_dead_lane_holders_claims_are_freed_by_the_next_holder(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = await due_now(bot, server, clock)
    now = clock.current
    async with bot.deps.database.transaction() as session:  # a sender takes the lane, claims, dies
        await LeaseRepository(session).acquire(BULK_LANE, "dead", now, now + timedelta(seconds=60))
        claimed = await ReminderRepository(session).claim_due(
            now, now + timedelta(minutes=5), "dead-rm-1", 10
        )
    assert len(claimed) == 1
    assert (await bot.run_reminders()).claimed == 0  # the lane is still the dead sender's
    clock.advance(seconds=61)  # its lease ran out: this instance takes the lane and its claims
    assert (await bot.run_reminders()).sent == 1
    assert len(reminders_in(ann)) == 1


async def test_shutdown_releases_claims(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    dispatcher: ReminderDispatcher = bot.dispatcher
    await due_now(bot, server, clock)
    gate = asyncio.Event()
    original = dispatcher._send

    async def slow_send(*args: object) -> object:
        gate.set()
        await asyncio.Event().wait()  # never finishes: the process is being stopped
        return await original(*args)  # type: ignore[arg-type]

    dispatcher._send = slow_send  # type: ignore[assignment]
    task = asyncio.create_task(dispatcher.run_due())
    await gate.wait()
    task.cancel()
    await dispatcher.release_claims()
    async with bot.deps.database.transaction() as session:
        reminder = await session.get(Reminder, 111)
    assert reminder is not None
    assert reminder.claim_token is None
