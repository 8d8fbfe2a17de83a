"""The operator's commands: /stats and /broadcast with its confirmation."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import encode
from bot.content.formatting import short_date
from bot.content.keys import HTML_ERROR_KEYS, K, P
from bot.content.loader import Html, Texts
from bot.content.telegram_html import HtmlParseError, excerpt, parse_html
from bot.features.confirm import Confirm, ConfirmSubject
from bot.features.guide.hints import hint
from bot.features.kit import BotContext, Incoming, Press
from bot.features.operator.texts import OperatorText
from bot.features.replies import answer, edit_quietly

MAX_BROADCAST_CHARS = 4000


async def stats(msg: Incoming, context: BotContext) -> None:
    """/stats: users, activity, sessions per day, reminders, blocked users."""
    deps, message = context.deps, msg.message
    if not deps.is_admin(msg.user.id):
        await hint(msg, context, K.HINT_UNKNOWN_COMMAND, menu=False)
        return
    texts = msg.user.locale.texts
    async with deps.operator() as operator:
        stats = await operator.stats()
    per_day = "\n".join(
        texts.get(OperatorText.STATS_DAY, date=short_date(day, texts.language), count=count)
        for day, count in stats.sessions_per_day
    )
    await message.reply_text(
        texts.get(
            OperatorText.STATS,
            users=stats.users,
            active_7=stats.active_7,
            active_30=stats.active_30,
            blocked=stats.blocked,
            reminders_on=stats.reminders_on,
            reminders_sent=stats.reminders_sent,
            reminders_failed=stats.reminders_failed,
            per_day=per_day,
        )
    )


async def broadcast(msg: Incoming, context: BotContext) -> None:
    """/broadcast <text>: a preview, then a confirmation button."""
    deps, message = context.deps, msg.message
    if message.text is None:
        return
    if not deps.is_admin(msg.user.id):
        await hint(msg, context, K.HINT_UNKNOWN_COMMAND, menu=False)
        return
    texts = msg.user.locale.texts
    body = _after_command(message.text_html)
    if not body:
        await message.reply_text(texts.get(OperatorText.BROADCAST_USAGE))
        return
    problem = broadcast_problem(texts, body)
    if problem is not None:
        await message.reply_text(texts.get(OperatorText.BROADCAST_INVALID, problem=problem))
        return
    async with deps.operator() as operator:
        draft = await operator.draft(msg.user.id, body)
    broadcast_id, count = draft.broadcast_id, draft.recipients
    await message.reply_text(
        texts.get(OperatorText.BROADCAST_PREVIEW, count=texts.count(P.USERS, count))
    )
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.get(OperatorText.BROADCAST_SEND, count=count),
                    callback_data=encode(Confirm(ConfirmSubject.BROADCAST, True, broadcast_id)),
                ),
                InlineKeyboardButton(
                    texts.get(OperatorText.BROADCAST_CANCEL),
                    callback_data=encode(Confirm(ConfirmSubject.BROADCAST, False, broadcast_id)),
                ),
            ]
        ]
    )
    await message.reply_text(body, reply_markup=buttons)


async def on_confirm(press: Press[Confirm], context: BotContext) -> None:
    """Send or cancel a previewed broadcast; only its author can."""
    deps, query, message, pressed = context.deps, press.query, press.message, press.data
    user = press.user
    texts = user.locale.texts
    if not deps.is_admin(user.id):
        await answer(query, texts.get(K.TOAST_INVALID))
        return
    async with deps.operator() as operator:
        decided = await operator.decide(pressed.ref, user.id, send=pressed.yes)
    if decided is None:
        await answer(query, texts.get(OperatorText.BROADCAST_BUSY))
        return
    count = decided.sending
    await answer(query)
    bot = context.bot
    await edit_quietly(bot, message.chat_id, message.message_id, message.text_html or "")
    if count is None:
        await bot.send_message(message.chat_id, texts.get(OperatorText.BROADCAST_CANCELLED))
        return
    # The broadcast job picks the copies up at its next tick (REMINDER_POLL_SECONDS).
    await bot.send_message(
        message.chat_id,
        texts.get(OperatorText.BROADCAST_STARTED, count=texts.count(P.USERS, count)),
    )


def broadcast_problem(texts: Texts, body: str) -> Html | None:
    """Why Telegram would not take ``body`` as a broadcast, in the operator's words; or None."""
    try:
        parse_html(body)
    except HtmlParseError as error:
        return html_error_text(texts, error, body)
    if len(body) > MAX_BROADCAST_CHARS:
        return Html(
            texts.get(
                OperatorText.BROADCAST_TOO_LONG,
                limit=texts.count(P.CHARACTERS, MAX_BROADCAST_CHARS),
            )
        )
    return None


def html_error_text(texts: Texts, error: HtmlParseError, markup: str) -> Html:
    """What is wrong with ``markup``, from the texts of the reader's language."""
    near = "" if error.position is None else excerpt(markup, error.position)
    return Html(
        texts.get(
            HTML_ERROR_KEYS[error.code],
            tag=error.tag or "",
            expected=error.expected or "",
            near=near,
        )
    )


def _after_command(text_html: str) -> str:
    """The message after "/broadcast" (or "/broadcast@bot"), formatting kept."""
    parts = text_html.split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""
