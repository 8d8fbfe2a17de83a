"""Account and privacy: /mydata (everything stored, as a file) and /deleteme."""

from __future__ import annotations

import json

from telegram import InputFile

from bot.content.keys import K
from bot.features.account import views
from bot.features.confirm import Confirm, ConfirmSubject
from bot.features.kit import BotContext, Features, Incoming, Press
from bot.features.language import reset_chat_menu
from bot.features.replies import answer, edit_quietly


def register(features: Features) -> None:
    """/mydata, /deleteme and its confirmation."""
    menu = features.menu

    async def my_data(msg: Incoming, context: BotContext) -> None:
        async with context.deps.account() as account:
            data = await account.export(msg.user.id)
        payload = json.dumps(data or {}, ensure_ascii=False, indent=2).encode()
        await msg.message.reply_document(
            InputFile(payload, filename="my-data.json"),
            caption=msg.user.locale.texts.get(K.MYDATA_CAPTION),
        )

    async def delete_me(msg: Incoming, context: BotContext) -> None:
        reply = views.delete_question(msg.user.locale)
        await msg.message.reply_text(reply.text, reply_markup=reply.markup)

    async def on_answer(press: Press[Confirm], context: BotContext) -> None:
        """Yes deletes every row of the user; no keeps everything.

        If the process dies after the deletion commits and before the question turns into its
        answer, the question keeps its buttons: Yes again deletes nothing more and shows the
        answer (the deletion is done either way)."""
        deps, user = context.deps, press.user
        await answer(press.query)
        if press.data.yes:
            async with deps.account() as account:
                await account.delete(user.id)
            await deps.database.checkpoint()  # no copy of the rows left in SQLite's log
            await reset_chat_menu(deps, context.bot, menu, press.chat_id, user.id)
        key = K.DELETEME_DONE if press.data.yes else K.DELETEME_KEPT
        await edit_quietly(
            context.bot, press.chat_id, press.message.message_id, user.locale.texts.get(key)
        )

    features.command("mydata", my_data, describe=K.COMMAND_MYDATA)
    features.command("deleteme", delete_me, describe=K.COMMAND_DELETEME)
    features.button(Confirm, on_answer, when=lambda c: c.subject is ConfirmSubject.DELETE_ME)
