"""Russian alongside English: chosen from Telegram's language on first contact, kept, switched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from bot.content.keys import K, P
from bot.storage.models import User

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import FakeClock, RunningBot
from ..texts import EN, RU, lead, matches, routine, said
from .steps import is_card

MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 13:00 in Moscow is 15:00
DUE = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # 18:30 in Moscow


def ru_card(position: str) -> Callable[[BotMessage], bool]:
    """A live Russian card at `k/N`."""
    return is_card(position, "ru")


def mentions(key: K, **values: object) -> Callable[[BotMessage], bool]:
    """A message that contains the Russian text of `key`; placeholders not given match anything."""
    return lambda m: matches(key, m.content, "ru", **values)


async def stored_language(bot: RunningBot, user_id: int) -> str | None:
    async with bot.deps.database.transaction() as session:
        return await session.scalar(select(User.language_code).where(User.id == user_id))


async def set_up_moscow_reminder(olga: FakeUser) -> None:
    """/start in Russian, then the three set-up questions."""
    await olga.send("/start")
    welcome = await olga.wait_for_message()
    assert said(K.START_WELCOME, "ru", name="Ольга") in welcome.content
    assert lead(K.CARD_START, "ru") not in welcome.content
    zone_prompt = await olga.wait_for_message()
    assert said(K.SETUP_ASK_ZONE, "ru") in zone_prompt.content
    await olga.send("Москва")  # a city, typed in Russian
    zone_set = await olga.wait_for_message()
    assert (
        said(K.SETUP_ZONE_SET, "ru", zone="Europe/Moscow", local_time="15:00") in zone_set.content
    )
    time_prompt = await olga.wait_for_message()
    await olga.press(time_prompt, "18:30")
    days_prompt = await olga.wait_for_message()
    await olga.press(days_prompt, RU.get(K.SETUP_WEEKDAYS_BUTTON))
    saved = await olga.wait_for_message()
    weekdays = RU.get(K.SETTINGS_WEEKDAYS)
    assert said(K.SETTINGS_REMINDER_ON, "ru", time="18:30", days=weekdays) in saved.content
    when = RU.get(K.SETTINGS_WHEN, weekday="понедельник", date="23 ноября", time="18:30")
    assert said(K.SETTINGS_NEXT, "ru", when=when) in saved.content


async def test_a_russian_user_gets_everything_in_russian(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    olga = server.user(222, "Ольга", language_code="ru")
    await set_up_moscow_reminder(olga)
    assert await stored_language(bot, 222) == "ru"

    clock.current = DUE
    assert (await bot.run_reminders()).sent == 1
    snooze = RU.get(K.REMINDER_SNOOZE_30)
    reminder = await olga.wait_for_message(lambda m: snooze in m.button_texts)
    assert reminder.button_texts == [
        RU.get(K.REMINDER_START),
        RU.get(K.REMINDER_SHORT),
        snooze,
        RU.get(K.REMINDER_SNOOZE_60),
        RU.get(K.REMINDER_NOT_TODAY),
    ]
    await olga.press(reminder, snooze)
    # 19:00 is the local time in Moscow
    assert RU.get(K.REMINDER_SNOOZED, time="19:00") in (await olga.wait_for_toast() or "")

    await olga.send("/neck")
    rating = await olga.wait_for_message()
    assert {"0", "10"} <= set(rating.button_texts)
    card = await olga.wait_for_message(ru_card("1/14"))
    assert lead(K.CARD_START, "ru") in card.content
    done = RU.get(K.BUTTON_DONE)
    assert card.button_texts[0] == done
    for step in range(2, 15):
        await olga.press(card, done)
        if step <= 14:
            card = await olga.wait_for_shown(ru_card(f"{step}/14"))
    await olga.press(card, done)
    summary = await olga.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content, "ru"))
    neck = routine("neck", "ru").title
    assert lead(K.SUMMARY_FINISHED, "ru", routine=neck) in summary.content
    one_day = RU.count(P.DAYS, 1)
    assert said(K.SUMMARY_STREAK, "ru", current=one_day) in summary.content
    after = await olga.wait_for_message(lambda m: said(K.RATING_ASK_AFTER, "ru") in m.content)
    await olga.press(after, "2")
    assert said(K.RATING_SAVED_AFTER, "ru", value=2) in (await olga.wait_for_edit(after)).content

    await olga.send("/progress")
    picture = await olga.wait_for_message(lambda m: m.method == "sendPhoto")
    caption = said(K.PROGRESS_CAPTION, "ru", current=one_day, best=one_day)
    assert caption in (picture.caption or "")
    numbers = await olga.wait_for_message()
    assert said(K.PROGRESS_TITLE, "ru") in numbers.content
    assert matches(K.PROGRESS_TOTAL, numbers.content, "ru", sessions=RU.count(P.ROUTINES, 1))


async def test_language_follows_telegram_at_first_contact_only(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    german = server.user(333, "Jonas", language_code="de")
    await german.send("/help")
    assert said(K.HELP_INTRO) in (await german.wait_for_message()).content

    ivan = server.user(444, "Иван", language_code="ru-RU")
    await ivan.send("/routines")
    assert said(K.MENU_TITLE, "ru") in (await ivan.wait_for_message()).content
    assert await stored_language(bot, 444) == "ru-RU"
    ivan.language_code = "en"  # he switched his Telegram app to English later
    await ivan.send("/help")
    assert said(K.HELP_INTRO, "ru") in (await ivan.wait_for_message()).content


async def test_switching_with_language_changes_the_next_message_and_the_menu(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/language")
    picker = await ann.wait_for_message()
    assert picker.button_texts == [EN.get(K.LANGUAGE_NAME), RU.get(K.LANGUAGE_NAME)]
    await ann.press(picker, RU.get(K.LANGUAGE_NAME))
    confirmed = await ann.wait_for_edit(picker)
    assert said(K.LANGUAGE_SET, "ru") in confirmed.content
    assert confirmed.button_texts == []
    assert await stored_language(bot, 111) == "ru"
    await server.wait_idle()  # the menu is switched just after the answer
    menu = server.commands({"type": "chat", "chat_id": 111})
    assert {"command": "language", "description": RU.get(K.COMMAND_LANGUAGE)} in menu

    await ann.send("/routines")
    assert said(K.MENU_TITLE, "ru") in (await ann.wait_for_message()).content

    await bot.restart()  # the choice lives in the database
    await ann.send("/help")
    assert said(K.HELP_INTRO, "ru") in (await ann.wait_for_message()).content

    await ann.send("/language")
    picker = await ann.wait_for_message()
    assert said(K.LANGUAGE_CHOOSE, "ru") in picker.content
    await ann.press(picker, EN.get(K.LANGUAGE_NAME))
    await ann.wait_for_edit(picker)
    await ann.send("/help")
    assert said(K.HELP_INTRO) in (await ann.wait_for_message()).content


async def test_a_forged_language_button_changes_nothing(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/routines")
    await ann.wait_for_message()
    await ann.send("/language")
    picker = await ann.wait_for_message()
    await ann.press_data(picker, "l:de")
    assert await ann.wait_for_toast() == EN.get(K.TOAST_INVALID)
    await ann.press_data(picker, "l:RU")
    assert await ann.wait_for_toast() is not None
    await server.wait_idle()
    assert await stored_language(bot, 111) == "en"


async def test_commands_are_registered_in_both_languages(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    english = server.commands(language_code="en")
    russian = server.commands(language_code="ru")
    assert [c["command"] for c in english] == [c["command"] for c in russian]
    assert {"command": "neck", "description": routine("neck").command} in english
    assert {"command": "neck", "description": routine("neck", "ru").command} in russian


async def test_deleteme_forgets_the_chosen_language_and_its_menu(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/language")
    picker = await ann.wait_for_message()
    await ann.press(picker, RU.get(K.LANGUAGE_NAME))
    await ann.wait_for_edit(picker)
    await server.wait_idle()  # the menu is switched just after the answer
    assert server.commands({"type": "chat", "chat_id": 111}) != []

    await ann.send("/deleteme")
    question = await ann.wait_for_message()
    await ann.press(question, RU.get(K.DELETEME_YES))
    await ann.wait_for_edit(question)
    await server.wait_idle()
    assert await stored_language(bot, 111) is None
    assert server.commands({"type": "chat", "chat_id": 111}) == []
    await ann.send("/help")
    assert said(K.HELP_INTRO) in (await ann.wait_for_message()).content


async def test_time_zones_typed_as_cities(bot: RunningBot, server: FakeTelegramServer) -> None:
    olga = server.user(222, "Ольга", language_code="ru")
    for typed, zone in [("Новосибирск", "Asia/Novosibirsk"), ("Санкт-Петербург", "Europe/Moscow")]:
        await olga.send(f"/timezone {typed}")  # Petersburg has no zone: schedule.yaml's cities
        await olga.wait_for_message(mentions(K.SETUP_ZONE_SET, zone=zone))
    await olga.send("/timezone Атлантида")
    unknown = await olga.wait_for_message(mentions(K.SETUP_ZONE_UNKNOWN))
    assert said(K.SETTINGS_TIMEZONE_USAGE, "ru") in unknown.content

    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/timezone new york")
    await ann.wait_for_message(
        lambda m: matches(K.SETUP_ZONE_SET, m.content, zone="America/New_York")
    )


async def test_remind_and_pause_take_russian_words(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(222, "Ольга", language_code="ru")
    await olga.send("/timezone Москва")
    await olga.wait_for_message(mentions(K.SETUP_ZONE_SET, zone="Europe/Moscow"))
    await olga.send("/remind 18:30")
    await olga.wait_for_message(mentions(K.SETTINGS_REMINDER_ON, time="18:30"))
    daily = RU.get(K.SETTINGS_DAILY)
    await olga.send("/remind ежедневно")
    await olga.wait_for_message(mentions(K.SETTINGS_REMINDER_ON, time="18:30", days=daily))
    await olga.send("/remind будни")
    weekdays = RU.get(K.SETTINGS_WEEKDAYS)
    await olga.wait_for_message(mentions(K.SETTINGS_REMINDER_ON, time="18:30", days=weekdays))
    await olga.send("/remind daily")  # English words work for everyone
    await olga.wait_for_message(mentions(K.SETTINGS_REMINDER_ON, time="18:30", days=daily))
    await olga.send("/remind выкл")
    await olga.wait_for_message(mentions(K.SETTINGS_REMINDER_OFF))
    await olga.send("/pause 3")
    await olga.wait_for_message(mentions(K.PAUSE_STARTED))
    await olga.send("/pause Выкл")
    await olga.wait_for_message(mentions(K.PAUSE_ENDED))
