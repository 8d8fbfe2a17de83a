"""What every feature is built with: the bot's context type, the handler preamble written once,
and one registry of commands, buttons, messages, jobs, start-up and shutdown steps.

A feature is a package with a `register(features)` function. The composition root calls them in
order; the order of registration is the order in which handlers are tried and in which commands
appear in the menu and in /help.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeAlias, TypeVar

from telegram import CallbackQuery, Message, Update, User
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.callback_data import CallbackData, decode
from bot.content.keys import K, TextKey
from bot.content.loader import Locale
from bot.deps import Deps
from bot.domain.people import Person, Stored, is_encodable, language_tag, readable
from bot.features.replies import answer

log = logging.getLogger(__name__)

# The builder's rate limiter makes the exact generic parameters unwieldy; handlers do not need them.
BotApp: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The bot's CallbackContext: the shared dependencies, and the user of the update once the
    preamble has met them (one context object serves every handler of an update)."""

    asker: Asker | None = None

    @property
    def deps(self) -> Deps:
        """Settings, database, content and clock of the application."""
        return deps_of(self.application)


def deps_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Deps:
    """The dependencies stored in the application by the composition root."""
    deps = application.bot_data["deps"]
    assert isinstance(deps, Deps)
    return deps


@dataclass(frozen=True, slots=True)
class Asker:
    """The user of an update: who they are, their language, and whether they are stored."""

    person: Person
    locale: Locale
    known: bool

    @property
    def id(self) -> int:
        """The Telegram user id."""
        return self.person.id


@dataclass(frozen=True, slots=True)
class Incoming:
    """A message from a user in a private chat: a command or anything else."""

    user: Asker
    chat_id: int
    message: Message
    args: list[str]

    @property
    def command(self) -> str:
        """The command word without "/" and "@botname", lower case ("" for plain text)."""
        text = self.message.text or ""
        if not text.startswith("/"):
            return ""
        return text.split()[0][1:].split("@")[0].lower()


CallbackT = TypeVar("CallbackT", bound=CallbackData)


@dataclass(frozen=True, slots=True)
class Press(Generic[CallbackT]):
    """A press of an inline button whose data decoded to `data`."""

    user: Asker
    chat_id: int
    query: CallbackQuery
    message: Message
    data: CallbackT


MessageHandlerFn = Callable[[Incoming, BotContext], Awaitable[None]]
Lifecycle = Callable[[BotApp], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class MenuCommand:
    """A command as the menu and /help show it."""

    name: str
    describe: Callable[[Locale], str]
    admin: bool = False
    usage: TextKey | None = None  # a longer line for /help, with examples


def person_of(user: User) -> Person:
    """The services' view of a Telegram user."""
    return Person(
        id=user.id,
        first_name=readable(user.first_name or ""),
        language_code=language_tag(user.language_code),
    )


async def meet(deps: Deps, user: User, *, store: bool) -> Asker:
    """The preamble's database step: stores the user (`store`) or only looks them up (then
    refreshes a last-seen time an hour old), and resolves their language: the stored one, or
    Telegram's for someone not stored."""
    person = person_of(user)
    if store:
        async with deps.users() as users:
            stored = await users.meet(person)
    else:
        async with deps.user_lookup() as users:
            stored = await users.lookup(person.id)
        if stored.seen_long_ago(deps.clock.now()):
            async with deps.users() as users:
                await users.seen(person.id)
    return Asker(person, deps.content.locale(_language(stored, person)), stored.known)


def _language(stored: Stored, person: Person) -> str | None:
    return stored.language_code if stored.known and stored.language_code else person.language_code


@dataclass
class Features:
    """The registry the features fill: handlers in order, the command menu, jobs, and steps
    run at start-up (after the database is migrated) and at shutdown."""

    application: BotApp
    deps: Deps
    menu: list[MenuCommand] = field(default_factory=list)
    startup: list[Lifecycle] = field(default_factory=list)
    shutdown: list[Lifecycle] = field(default_factory=list)
    # What answers a message whose text cannot be read (stored or sent back): the guide's hint.
    unreadable: MessageHandlerFn | None = None

    def command(
        self,
        names: str | Sequence[str],
        handler: MessageHandlerFn,
        *,
        store: bool = False,
        describe: TextKey | Callable[[Locale], str] | None = None,
        admin: bool = False,
        usage: TextKey | None = None,
    ) -> None:
        """A slash command in private chats; `describe` lists it in the menu and in /help
        (under each of `names`); `store` stores the user before the handler runs."""
        names = [names] if isinstance(names, str) else list(names)
        for name in names:
            if describe is not None:
                self.menu.append(MenuCommand(name, _describer(describe), admin, usage))
        self.application.add_handler(
            CommandHandler(names, self._on_message(handler, store=store), filters=PRIVATE)
        )

    def message(
        self, accepts: filters.BaseFilter, handler: MessageHandlerFn, *, store: bool = False
    ) -> None:
        """Any other kind of message in a private chat that `accepts` lets through."""
        self.application.add_handler(
            MessageHandler(PRIVATE & accepts, self._on_message(handler, store=store))
        )

    def button(
        self,
        kind: type[CallbackT],
        handler: Callable[[Press[CallbackT], BotContext], Awaitable[None]],
        *,
        when: Callable[[CallbackT], bool] | None = None,
        store: bool = False,
        needs_user: bool = False,
    ) -> None:
        """Presses whose data decodes to a `kind` (for which `when` holds); forged or unknown
        data never reaches the handler. `store`: the press stores the user (a choice that is a
        first contact, such as the language). `needs_user`: the handler works on a stored user;
        someone not stored (a button left in the chat after /deleteme) gets a toast, and is not
        stored again by it."""

        def matches(data: object) -> bool:
            pressed = decode(data) if isinstance(data, str) else None
            return isinstance(pressed, kind) and (when is None or when(pressed))

        async def run(update: Update, context: BotContext) -> None:
            query = update.callback_query
            if query is None:
                return
            asker = await self._meet(context, query.from_user, store=store)
            pressed = decode(query.data)
            message = query.message if isinstance(query.message, Message) else None
            gone = needs_user and not asker.known
            if message is None or not isinstance(pressed, kind) or gone:
                await answer(query, asker.locale.texts.get(K.TOAST_INVALID))
                return
            await handler(Press(asker, message.chat.id, query, message, pressed), context)

        self.application.add_handler(CallbackQueryHandler(run, pattern=matches))

    def any_button(self, handler: Callable[[CallbackQuery, Asker], Awaitable[None]]) -> None:
        """Every press no feature took: forged data, buttons of removed features."""

        async def run(update: Update, context: BotContext) -> None:
            query = update.callback_query
            if query is not None:
                await handler(query, await self._meet(context, query.from_user, store=False))

        self.application.add_handler(CallbackQueryHandler(run))

    def repeat(self, name: str, work: Callable[[], Awaitable[object]], interval: float) -> None:
        """One repeating job per kind of delivery; there are no per-user jobs."""
        job_queue = self.application.job_queue
        if job_queue is None:
            raise RuntimeError("python-telegram-bot[job-queue] is required for reminders")

        async def tick(context: BotContext) -> None:
            await work()

        job_queue.run_repeating(
            tick,
            interval=interval,
            first=interval,
            name=name,
            # A long fan-out overlaps the next tick: the work then returns at once (its own lock).
            job_kwargs={"max_instances": 2, "misfire_grace_time": None, "coalesce": True},
        )

    def _on_message(
        self, handler: MessageHandlerFn, *, store: bool
    ) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
        async def run(update: Update, context: BotContext) -> None:
            user, message = update.effective_user, update.effective_message
            if user is None or message is None:
                return
            asker = await self._meet(context, user, store=store)
            incoming = Incoming(asker, message.chat_id, message, context.args or [])
            if not is_encodable(message.text or message.caption or ""):
                # A lone surrogate (JSON allows one) is neither a command nor an answer.
                if self.unreadable is not None:
                    await self.unreadable(incoming, context)
                return
            await handler(incoming, context)

        return run

    async def _meet(self, context: BotContext, user: User, *, store: bool) -> Asker:
        context.asker = await meet(self.deps, user, store=store)
        return context.asker


def _describer(describe: TextKey | Callable[[Locale], str]) -> Callable[[Locale], str]:
    if isinstance(describe, StrEnum):
        key = describe
        return lambda locale: locale.texts.get(key)
    return describe
