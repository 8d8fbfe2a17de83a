"""Reminder set-up and settings: /timezone, /remind, /settings, location, typed answers."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Message, ReplyKeyboardRemove, Update, User

from bot import reminder_views as rv
from bot.callbacks import ReminderReply, Setting, SettingAction
from bot.content.keys import K
from bot.content.loader import Locale
from bot.content.zones import zone_from_text
from bot.deps import Deps
from bot.domain.geo import zone_at
from bot.domain.schedule import Days, format_time, parse_time, parse_zone
from bot.handlers.common import Context, locale_of, person_of, send
from bot.handlers.fallback import FallbackHandlers
from bot.services.reminders import (
    Awaiting,
    NotToday,
    ReminderSettings,
    Snoozed,
    StaleReminder,
)
from bot.views import Reply


class SettingsHandlers:
    """Everything about when the evening reminder comes."""

    def __init__(self, deps: Deps, fallback: FallbackHandlers) -> None:
        self._deps = deps
        self._fallback = fallback

    # --- commands ----------------------------------------------------------------------------

    async def settings(self, update: Update, context: Context) -> None:
        """/settings."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return
        async with self._deps.reminders(person_of(user)) as reminders:
            current = await reminders.settings(user.id)
        await send(
            context.bot, message.chat_id, rv.settings_view(locale_of(self._deps, user), current)
        )

    async def timezone(self, update: Update, context: Context) -> None:
        """/timezone <name or offset>; without an argument, the zone prompt."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return
        locale = locale_of(self._deps, user)
        if not context.args:
            await self.ask_zone(message, user, intro=False)
            return
        zone = self._zone_from(" ".join(context.args), locale)
        if zone is None:
            await message.reply_text(_two(locale, K.SETUP_ZONE_UNKNOWN, K.SETTINGS_TIMEZONE_USAGE))
            return
        await self._zone_chosen(message, user, zone)

    async def remind(self, update: Update, context: Context) -> None:
        """/remind, /remind HH:MM, /remind off, /remind daily, /remind weekdays."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None:
            return
        locale = locale_of(self._deps, user)
        argument = " ".join(context.args or []).strip().lower()
        if not argument:
            async with self._deps.reminders(person_of(user)) as reminders:
                current = await reminders.settings(user.id)
            await _send(message, rv.settings_view(locale, current))
            return
        content = self._deps.content
        if argument in content.words(K.WORDS_OFF):
            async with self._deps.reminders(person_of(user)) as reminders:
                current = await reminders.turn_off(user.id)
            await _send(message, rv.settings_view(locale, current, saved=True))
            return
        days = (
            Days.DAILY
            if argument in content.words(K.WORDS_DAILY)
            else Days.WEEKDAYS
            if argument in content.words(K.WORDS_WEEKDAYS)
            else None
        )
        if days is not None:
            async with self._deps.reminders(person_of(user)) as reminders:
                current = await reminders.settings(user.id)
                if current.time is not None:
                    current = await reminders.set_days(user.id, days)
            if current.time is None:
                await message.reply_text(locale.texts.get(K.SETTINGS_REMIND_USAGE))
                return
            await self._show_saved(message, locale, current)
            return
        at = parse_time(argument)
        if at is None:
            await message.reply_text(_two(locale, K.SETUP_TIME_UNKNOWN, K.SETTINGS_REMIND_USAGE))
            return
        async with self._deps.reminders(person_of(user)) as reminders:
            current = await reminders.set_time(user.id, at)
        await self._after_time(message, user, locale, current, ask_days=False)

    # --- the set-up steps ----------------------------------------------------------------------

    async def ask_zone(self, message: Message, user: User, *, intro: bool) -> None:
        """Step 1, and what typed text means from now on."""
        locale = locale_of(self._deps, user)
        text, keyboard = rv.zone_prompt(locale, self._deps.content, intro=intro)
        async with self._deps.reminders(person_of(user)) as reminders:
            await reminders.expect(user.id, Awaiting.TIMEZONE)
        await message.get_bot().send_message(message.chat_id, text, reply_markup=keyboard)

    async def on_location(self, update: Update, context: Context) -> None:
        """A shared location: its time zone, looked up offline."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None or message.location is None:
            return
        zone = zone_at(message.location.latitude, message.location.longitude)
        if zone is None:
            await message.reply_text(
                locale_of(self._deps, user).texts.get(K.SETUP_LOCATION_UNKNOWN)
            )
            return
        await self._zone_chosen(message, user, zone)

    async def on_text(self, update: Update, context: Context) -> None:
        """Typed text: a time zone or a time while the set-up waits for one, else a hint."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None or not message.text:
            return
        async with self._deps.reminders(person_of(user)) as reminders:
            awaiting = await reminders.awaiting(user.id)
        locale = locale_of(self._deps, user)
        text = message.text.strip()
        if awaiting == Awaiting.TIMEZONE:
            if text == locale.texts.get(K.SETUP_SKIP_BUTTON):
                await self._skip(message, user, locale)
                return
            zone = self._zone_from(text, locale)
            if zone is None:
                await message.reply_text(locale.texts.get(K.SETUP_ZONE_UNKNOWN))
                return
            await self._zone_chosen(message, user, zone)
            return
        if awaiting == Awaiting.TIME:
            at = parse_time(text)
            if at is None:
                await message.reply_text(locale.texts.get(K.SETUP_TIME_UNKNOWN))
                return
            async with self._deps.reminders(person_of(user)) as reminders:
                current = await reminders.set_time(user.id, at)
            await self._after_time(message, user, locale, current, ask_days=True)
            return
        zone = parse_zone(text) if "/" in text else None
        if zone is not None:  # a zone name is unmistakable, asked for or not
            await self._zone_chosen(message, user, zone)
            return
        await self._fallback.free_text(update, context)

    def _zone_from(self, text: str, locale: Locale) -> str | None:
        """A zone typed as a name, an offset, or a city in the user's language or English."""
        content = self._deps.content
        languages = [locale.language, *content.locales]
        return zone_from_text(text, languages, content.schedule.cities)

    async def on_setting(self, message: Message, user: User, pressed: Setting) -> None:
        """A settings button (the query is already answered)."""
        locale = locale_of(self._deps, user)
        match pressed.action:
            case SettingAction.ZONE:
                await self.ask_zone(message, user, intro=False)
            case SettingAction.TIME:
                async with self._deps.reminders(person_of(user)) as reminders:
                    await reminders.expect(user.id, Awaiting.TIME)
                await send(
                    message.get_bot(), message.chat_id, rv.time_prompt(locale, self._deps.content)
                )
            case SettingAction.TIME_SET:
                at = parse_time(f"{(pressed.value or '')[:2]}:{(pressed.value or '')[2:]}")
                if at is None:
                    return
                async with self._deps.reminders(person_of(user)) as reminders:
                    current = await reminders.set_time(user.id, at)
                await self._after_time(message, user, locale, current, ask_days=True)
            case SettingAction.DAYS:
                await _send(message, rv.days_prompt(locale))
            case SettingAction.DAYS_SET:
                async with self._deps.reminders(person_of(user)) as reminders:
                    current = await reminders.settings(user.id)
                    if current.time is not None:
                        current = await reminders.set_days(user.id, Days(pressed.value or ""))
                if current.time is None:
                    await send(
                        message.get_bot(),
                        message.chat_id,
                        rv.time_prompt(locale, self._deps.content),
                    )
                    return
                await self._show_saved(message, locale, current)
            case SettingAction.OFF:
                async with self._deps.reminders(person_of(user)) as reminders:
                    current = await reminders.turn_off(user.id)
                await self._show_saved(message, locale, current)
            case SettingAction.SKIP:
                await self._skip(message, user, locale)

    async def on_reminder_reply(self, user: User, pressed: ReminderReply) -> str:
        """Snooze or "not today"; returns the toast."""
        locale = locale_of(self._deps, user)
        texts = locale.texts
        async with self._deps.reminders(person_of(user)) as reminders:
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

    # --- helpers -----------------------------------------------------------------------------

    async def _zone_chosen(self, message: Message, user: User, zone: str) -> None:
        locale = locale_of(self._deps, user)
        async with self._deps.reminders(person_of(user)) as reminders:
            current = await reminders.set_timezone(user.id, zone)
            if not current.enabled:
                await reminders.expect(user.id, Awaiting.TIME)
        text, remove_keyboard = rv.zone_saved(locale, zone, self._deps.clock.now())
        await message.reply_text(text, reply_markup=remove_keyboard)
        if current.enabled and current.time:
            await self._show_saved(message, locale, current)
        else:
            await send(
                message.get_bot(), message.chat_id, rv.time_prompt(locale, self._deps.content)
            )

    async def _after_time(
        self,
        message: Message,
        user: User,
        locale: Locale,
        current: ReminderSettings,
        *,
        ask_days: bool,
    ) -> None:
        if current.timezone is None:
            await message.reply_text(locale.texts.get(K.SETUP_NEED_ZONE))
            await self.ask_zone(message, user, intro=False)
        elif ask_days:
            await _send(message, rv.days_prompt(locale))
        else:
            await self._show_saved(message, locale, current)

    async def _show_saved(
        self, message: Message, locale: Locale, current: ReminderSettings
    ) -> None:
        await send(
            message.get_bot(), message.chat_id, rv.settings_view(locale, current, saved=True)
        )

    async def _skip(self, message: Message, user: User, locale: Locale) -> None:
        async with self._deps.reminders(person_of(user)) as reminders:
            await reminders.expect(user.id, None)
        await message.reply_text(
            locale.texts.get(K.SETUP_SKIPPED), reply_markup=ReplyKeyboardRemove()
        )


async def _send(message: Message, reply: Reply) -> None:
    await send(message.get_bot(), message.chat_id, reply)


def _two(locale: Locale, first: K, second: K) -> str:
    return f"{locale.texts.get(first)}\n{locale.texts.get(second)}"
