"""Russian alongside English: chosen from Telegram's language on first contact, kept, switched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from bot.storage.models import User

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import FakeClock, RunningBot

MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 13:00 in Moscow is 15:00
DUE = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # 18:30 in Moscow


def ru_card(position: str) -> Callable[[BotMessage], bool]:
    """A live Russian card at `k/N`."""
    return lambda m: f" · {position}\n" in m.content and "✅ Готово" in m.button_texts


def mentions(text: str) -> Callable[[BotMessage], bool]:
    """A message whose text contains `text`."""
    return lambda m: text in m.content


async def stored_language(bot: RunningBot, user_id: int) -> str | None:
    async with bot.deps.database.transaction() as session:
        return await session.scalar(select(User.language_code).where(User.id == user_id))


async def set_up_moscow_reminder(olga: FakeUser) -> None:
    """/start in Russian, then the three set-up questions."""
    await olga.send("/start")
    welcome = await olga.wait_for_message()
    assert "Здравствуйте, Ольга!" in welcome.content
    assert "Исходное" not in welcome.content
    zone_prompt = await olga.wait_for_message()
    assert "1/3" in zone_prompt.content
    await olga.send("Москва")  # a city, typed in Russian
    zone_set = await olga.wait_for_message()
    assert "Europe/Moscow" in zone_set.content
    assert "15:00" in zone_set.content
    time_prompt = await olga.wait_for_message()
    await olga.press(time_prompt, "18:30")
    days_prompt = await olga.wait_for_message()
    await olga.press(days_prompt, "Пн–Пт")
    saved = await olga.wait_for_message()
    assert "Напоминание: 18:30" in saved.content
    assert "понедельник, 23 ноября" in saved.content


async def test_a_russian_user_gets_everything_in_russian(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    clock.current = MONDAY
    olga = server.user(222, "Ольга", language_code="ru")
    await set_up_moscow_reminder(olga)
    assert await stored_language(bot, 222) == "ru"

    clock.current = DUE
    assert (await bot.run_reminders()).sent == 1
    reminder = await olga.wait_for_message(lambda m: "⏰ 30 мин" in m.button_texts)
    assert reminder.button_texts == [
        "▶️ Начать",
        "⚡ Экспресс-набор",
        "⏰ 30 мин",
        "⏰ 1 ч",
        "🚫 Не сегодня",
    ]
    await olga.press(reminder, "⏰ 30 мин")
    assert "19:00" in (await olga.wait_for_toast() or "")  # local time in Moscow

    await olga.send("/neck")
    rating = await olga.wait_for_message()
    assert {"0", "10"} <= set(rating.button_texts)
    card = await olga.wait_for_message(ru_card("1/14"))
    assert "Исходное положение:" in card.content
    assert card.button_texts[0] == "✅ Готово"
    for step in range(2, 15):
        await olga.press(card, "✅ Готово")
        if step <= 14:
            card = await olga.wait_for_message(ru_card(f"{step}/14"))
    await olga.press(card, "✅ Готово")
    summary = await olga.wait_for_message(lambda m: "🎉" in m.content)
    assert "🎉 Шея при головной боли: готово!" in summary.content
    assert "1 день" in summary.content
    after = await olga.wait_for_message(lambda m: "после занятия" in m.content)
    await olga.press(after, "2")
    assert "2/10" in (await olga.wait_for_edit(after)).content

    await olga.send("/progress")
    picture = await olga.wait_for_message(lambda m: m.method == "sendPhoto")
    assert "1 день" in (picture.caption or "")
    numbers = await olga.wait_for_message()
    assert "Ваш прогресс" in numbers.content
    assert "1 занятие" in numbers.content


async def test_language_follows_telegram_at_first_contact_only(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    german = server.user(333, "Jonas", language_code="de")
    await german.send("/help")
    assert "How it works" in (await german.wait_for_message()).content

    ivan = server.user(444, "Иван", language_code="ru-RU")
    await ivan.send("/routines")
    assert "Комплексы" in (await ivan.wait_for_message()).content
    assert await stored_language(bot, 444) == "ru-RU"
    ivan.language_code = "en"  # he switched his Telegram app to English later
    await ivan.send("/help")
    assert "Как это работает" in (await ivan.wait_for_message()).content


async def test_switching_with_language_changes_the_next_message_and_the_menu(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/language")
    picker = await ann.wait_for_message()
    assert picker.button_texts == ["English", "Русский"]
    await ann.press(picker, "Русский")
    confirmed = await ann.wait_for_edit(picker)
    assert "по-русски" in confirmed.content
    assert confirmed.button_texts == []
    assert await stored_language(bot, 111) == "ru"
    await server.wait_idle()  # the menu is switched just after the answer
    menu = server.commands({"type": "chat", "chat_id": 111})
    assert {"command": "language", "description": "Сменить язык"} in menu

    await ann.send("/routines")
    assert "Комплексы" in (await ann.wait_for_message()).content

    await bot.restart()  # the choice lives in the database
    await ann.send("/help")
    assert "Как это работает" in (await ann.wait_for_message()).content

    await ann.send("/language")
    picker = await ann.wait_for_message()
    assert "Выберите язык" in picker.content
    await ann.press(picker, "English")
    await ann.wait_for_edit(picker)
    await ann.send("/help")
    assert "How it works" in (await ann.wait_for_message()).content


async def test_a_forged_language_button_changes_nothing(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/routines")
    await ann.wait_for_message()
    await ann.send("/language")
    picker = await ann.wait_for_message()
    await ann.press_data(picker, "l:de")
    assert (
        await ann.wait_for_toast() == "This button no longer works. Send /routines to start again."
    )
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
    assert {"command": "neck", "description": "Neck exercises for headaches"} in english
    assert any(c["command"] == "neck" and "шеи" in c["description"] for c in russian)


async def test_deleteme_forgets_the_chosen_language_and_its_menu(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/language")
    picker = await ann.wait_for_message()
    await ann.press(picker, "Русский")
    await ann.wait_for_edit(picker)
    await server.wait_idle()  # the menu is switched just after the answer
    assert server.commands({"type": "chat", "chat_id": 111}) != []

    await ann.send("/deleteme")
    question = await ann.wait_for_message()
    await ann.press(question, "🗑")
    await ann.wait_for_edit(question)
    await server.wait_idle()
    assert await stored_language(bot, 111) is None
    assert server.commands({"type": "chat", "chat_id": 111}) == []
    await ann.send("/help")
    assert "How it works" in (await ann.wait_for_message()).content


async def test_time_zones_typed_as_cities(bot: RunningBot, server: FakeTelegramServer) -> None:
    olga = server.user(222, "Ольга", language_code="ru")
    for typed, zone in [("Новосибирск", "Asia/Novosibirsk"), ("Санкт-Петербург", "Europe/Moscow")]:
        await olga.send(f"/timezone {typed}")  # Petersburg has no zone: schedule.yaml's cities
        await olga.wait_for_message(mentions(f"Часовой пояс: {zone}"))
    await olga.send("/timezone Атлантида")
    unknown = await olga.wait_for_message(lambda m: "не знаю" in m.content)
    assert "/timezone Москва" in unknown.content

    ann = server.user(111, "Ann", language_code="en")
    await ann.send("/timezone new york")
    await ann.wait_for_message(lambda m: "America/New_York" in m.content)


async def test_remind_and_pause_take_russian_words(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(222, "Ольга", language_code="ru")
    await olga.send("/timezone Москва")
    await olga.wait_for_message(mentions("Europe/Moscow"))
    await olga.send("/remind 18:30")
    await olga.wait_for_message(mentions("Напоминание: 18:30"))
    await olga.send("/remind ежедневно")
    await olga.wait_for_message(mentions("Напоминание: 18:30, каждый день"))
    await olga.send("/remind будни")
    await olga.wait_for_message(mentions("с понедельника по пятницу"))
    await olga.send("/remind daily")  # English words work for everyone
    await olga.wait_for_message(mentions("Напоминание: 18:30, каждый день"))
    await olga.send("/remind выкл")
    await olga.wait_for_message(mentions("Напоминание: выключено"))
    await olga.send("/pause 3")
    await olga.wait_for_message(mentions("Пауза началась"))
    await olga.send("/pause Выкл")
    await olga.wait_for_message(mentions("С возвращением"))
