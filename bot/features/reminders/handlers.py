"""Reminder set-up and settings: /timezone, /remind, /settings, a shared location, typed
answers, the settings buttons, and the buttons under a reminder."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import ReplyKeyboardRemove

from bot.content.keys import K
from bot.content.loader import Locale
from bot.content.zones import zone_from_text
from bot.deps import Deps
from bot.domain.geo import zone_at
from bot.domain.schedule import Days, format_time, parse_time, parse_zone
from bot.features.guide.hints import free_text
from bot.features.kit import Asker, BotContext, Incoming, Press
from bot.features.reminders import views as rv
from bot.features.reminders.callbacks import ReminderReply, Setting, SettingAction
from bot.features.reminders.setup import ask_zone
from bot.features.replies import answer, drop_buttons_quietly, edit_quietly, send
from bot.services.reminders import Awaiting, NotToday, ReminderSettings, Snoozed, StaleReminder

# Prompts whose buttons are answered once; settings menus stay usable.
_ONE_SHOT = {SettingAction.TIME_SET, SettingAction.DAYS_SET, SettingAction.SKIP}


async def show_settings(msg: Incoming, context: BotContext) -> None:
    """/settings."""
    async with context.deps.reminders() as reminders:
        current = await reminders.settings(msg.user.id)
    await send(context.bot, msg.chat_id, rv.settings_view(msg.user.locale, current))


async def timezone(msg: Incoming, context: BotContext) -> None:
    """/timezone <name or offset>; without an argument, the zone prompt."""
    deps, locale = context.deps, msg.user.locale
    if not msg.args:
        await ask_zone(deps, context.bot, msg.chat_id, msg.user, intro=False)
        return
    zone = _zone_from(deps, " ".join(msg.args), locale)
    if zone is None:
        await msg.message.reply_text(_two(locale, K.SETUP_ZONE_UNKNOWN, K.SETTINGS_TIMEZONE_USAGE))
        return
    await _zone_chosen(context, msg.chat_id, msg.user, zone)


async def remind(msg: Incoming, context: BotContext) -> None:
    """/remind, /remind HH:MM, /remind off, /remind daily, /remind weekdays."""
    deps, locale, user_id = context.deps, msg.user.locale, msg.user.id
    argument = " ".join(msg.args).strip().lower()
    if not argument:
        async with deps.reminders() as reminders:
            current = await reminders.settings(user_id)
        await send(context.bot, msg.chat_id, rv.settings_view(locale, current))
        return
    content = deps.content
    if argument in content.words(K.WORDS_OFF):
        async with deps.reminders() as reminders:
            current = await reminders.turn_off(user_id)
        await send(context.bot, msg.chat_id, rv.settings_view(locale, current, saved=True))
        return
    days = (
        Days.DAILY
        if argument in content.words(K.WORDS_DAILY)
        else Days.WEEKDAYS
        if argument in content.words(K.WORDS_WEEKDAYS)
        else None
    )
    if days is not None:
        async with deps.reminders() as reminders:
            current = await reminders.settings(user_id)
            if current.time is not None:
                current = await reminders.set_days(user_id, days)
        if current.time is None:
            await msg.message.reply_text(locale.texts.get(K.SETTINGS_REMIND_USAGE))
            return
        await _show_saved(context, msg.chat_id, locale, current)
        return
    at = parse_time(argument)
    if at is None:
        await msg.message.reply_text(_two(locale, K.SETUP_TIME_UNKNOWN, K.SETTINGS_REMIND_USAGE))
        return
    async with deps.reminders() as reminders:
        current = await reminders.set_time(user_id, at)
    await _after_time(context, msg.chat_id, msg.user, current, ask_days=False)


async def on_location(msg: Incoming, context: BotContext) -> None:
    """A shared location: its time zone, looked up offline."""
    location = msg.message.location
    if location is None:
        return
    zone = zone_at(location.latitude, location.longitude)
    if zone is None:
        await msg.message.reply_text(msg.user.locale.texts.get(K.SETUP_LOCATION_UNKNOWN))
        return
    await _zone_chosen(context, msg.chat_id, msg.user, zone)


async def on_text(msg: Incoming, context: BotContext) -> None:
    """Typed text: a time zone or a time while the set-up waits for one, else a hint."""
    deps, locale, user_id = context.deps, msg.user.locale, msg.user.id
    if not msg.message.text:
        return
    async with deps.reminders() as reminders:
        awaiting = await reminders.awaiting(user_id)
    text = msg.message.text.strip()
    if awaiting == Awaiting.TIMEZONE:
        if text == locale.texts.get(K.SETUP_SKIP_BUTTON):
            await _skip(context, msg.chat_id, msg.user)
            return
        zone = _zone_from(deps, text, locale)
        if zone is None:
            await msg.message.reply_text(locale.texts.get(K.SETUP_ZONE_UNKNOWN))
            return
        await _zone_chosen(context, msg.chat_id, msg.user, zone)
        return
    if awaiting == Awaiting.TIME:
        at = parse_time(text)
        if at is None:
            await msg.message.reply_text(locale.texts.get(K.SETUP_TIME_UNKNOWN))
            return
        async with deps.reminders() as reminders:
            current = await reminders.set_time(user_id, at)
        await _after_time(context, msg.chat_id, msg.user, current, ask_days=True)
        return
    zone = parse_zone(text) if "/" in text else None
    if zone is not None:  # a zone name is unmistakable, asked for or not
        await _zone_chosen(context, msg.chat_id, msg.user, zone)
        return
    await free_text(msg, context)


async def on_setting(press: Press[Setting], context: BotContext) -> None:
    """A settings button."""
    deps, user, chat_id, pressed = context.deps, press.user, press.chat_id, press.data
    locale = user.locale
    await answer(press.query)
    if pressed.action in _ONE_SHOT:
        await drop_buttons_quietly(context.bot, chat_id, press.message.message_id)
    match pressed.action:
        case SettingAction.ZONE:
            await ask_zone(deps, context.bot, chat_id, user, intro=False)
        case SettingAction.TIME:
            async with deps.reminders() as reminders:
                await reminders.expect(user.id, Awaiting.TIME)
            await send(context.bot, chat_id, rv.time_prompt(locale, deps.content))
        case SettingAction.TIME_SET:
            at = parse_time(f"{(pressed.value or '')[:2]}:{(pressed.value or '')[2:]}")
            if at is None:
                return
            async with deps.reminders() as reminders:
                current = await reminders.set_time(user.id, at)
            await _after_time(context, chat_id, user, current, ask_days=True)
        case SettingAction.DAYS:
            await send(context.bot, chat_id, rv.days_prompt(locale))
        case SettingAction.DAYS_SET:
            async with deps.reminders() as reminders:
                current = await reminders.settings(user.id)
                if current.time is not None:
                    current = await reminders.set_days(user.id, Days(pressed.value or ""))
            if current.time is None:
                await send(context.bot, chat_id, rv.time_prompt(locale, deps.content))
                return
            await _show_saved(context, chat_id, locale, current)
        case SettingAction.OFF:
            async with deps.reminders() as reminders:
                current = await reminders.turn_off(user.id)
            await _show_saved(context, chat_id, locale, current)
        case SettingAction.SKIP:
            await _skip(context, chat_id, user)


async def on_reminder_reply(press: Press[ReminderReply], context: BotContext) -> None:
    """⏰ Snooze or "Not today" under a reminder: the toast, and the same words under it."""
    toast = await _reminder_toast(context.deps, press.user, press.data)
    await answer(press.query, toast)
    message = press.message
    await edit_quietly(
        context.bot, press.chat_id, message.message_id, f"{message.text_html}\n\n{toast}"
    )


async def _reminder_toast(deps: Deps, user: Asker, pressed: ReminderReply) -> str:
    locale = user.locale
    texts = locale.texts
    async with deps.reminders() as reminders:
        minutes = pressed.action.snooze_minutes
        if minutes is not None:
            result: Snoozed | NotToday | StaleReminder = await reminders.snooze(
                user.id, minutes, pressed.on
            )
        else:
            result = await reminders.not_today(user.id, pressed.on)
    match result:
        case Snoozed(until=until, timezone=zone):
            local = until.astimezone(ZoneInfo(zone)).time()
            return texts.get(K.REMINDER_SNOOZED, time=format_time(local))
        case NotToday(next_at=next_at, timezone=zone) if next_at and zone:
            return texts.get(K.REMINDER_SKIPPED_TODAY, when=rv.when(locale, next_at, zone))
        case NotToday():
            return texts.get(K.REMINDER_SKIPPED_TODAY_NONE)
    return texts.get(K.REMINDER_STALE)


def _zone_from(deps: Deps, text: str, locale: Locale) -> str | None:
    """A zone typed as a name, an offset, or a city in the user's language or English."""
    content = deps.content
    languages = [locale.language, *content.locales]
    return zone_from_text(text, languages, content.schedule.cities)


async def _zone_chosen(context: BotContext, chat_id: int, user: Asker, zone: str) -> None:
    deps, locale = context.deps, user.locale
    async with deps.reminders() as reminders:
        current = await reminders.set_timezone(user.id, zone)
        if not current.enabled:
            await reminders.expect(user.id, Awaiting.TIME)
    text, remove_keyboard = rv.zone_saved(locale, zone, deps.clock.now())
    await context.bot.send_message(chat_id, text, reply_markup=remove_keyboard)
    if current.enabled and current.time:
        await _show_saved(context, chat_id, locale, current)
    else:
        await send(context.bot, chat_id, rv.time_prompt(locale, deps.content))


async def _after_time(
    context: BotContext, chat_id: int, user: Asker, current: ReminderSettings, *, ask_days: bool
) -> None:
    locale = user.locale
    if current.timezone is None:
        await context.bot.send_message(chat_id, locale.texts.get(K.SETUP_NEED_ZONE))
        await ask_zone(context.deps, context.bot, chat_id, user, intro=False)
    elif ask_days:
        await send(context.bot, chat_id, rv.days_prompt(locale))
    else:
        await _show_saved(context, chat_id, locale, current)


async def _show_saved(
    context: BotContext, chat_id: int, locale: Locale, current: ReminderSettings
) -> None:
    await send(context.bot, chat_id, rv.settings_view(locale, current, saved=True))


async def _skip(context: BotContext, chat_id: int, user: Asker) -> None:
    async with context.deps.reminders() as reminders:
        await reminders.expect(user.id, None)
    await context.bot.send_message(
        chat_id, user.locale.texts.get(K.SETUP_SKIPPED), reply_markup=ReplyKeyboardRemove()
    )


def _two(locale: Locale, first: K, second: K) -> str:
    return f"{locale.texts.get(first)}\n{locale.texts.get(second)}"
