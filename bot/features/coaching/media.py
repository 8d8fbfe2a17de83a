"""The message above a card that shows its movement: the drawn animation of the exercise's pose,
or the content author's own image instead. One such message per routine, edited in place as the
cards turn, so the chat never fills with large animations.

Each file is uploaded once: the file_id Telegram gives it is kept in memory and in the database
(media_files), by a key that changes when the drawing does. Whatever goes wrong with the media
(an upload refused, a file_id Telegram no longer knows, a message gone), the card goes on as text.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from pathlib import Path

from telegram import Bot, InputFile, InputMediaAnimation, InputMediaPhoto, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.content.keys import K
from bot.content.loader import Locale
from bot.deps import Deps
from bot.domain.flow import position
from bot.domain.program import Exercise
from bot.features.replies import escape
from bot.storage.media import MediaRepository

log = logging.getLogger(__name__)

_ANIMATED_SUFFIXES = (".gif", ".mp4")


class MediaKind(enum.Enum):
    """How Telegram shows the file."""

    PHOTO = "photo"
    ANIMATION = "animation"


@dataclass(frozen=True, slots=True)
class CardMedia:
    """What shows an exercise's movement, and where its bytes come from."""

    key: str  # names the file for its file_id
    kind: MediaKind
    pose_key: str | None = None  # a drawing of content/poses
    url: str | None = None  # an author's image on the web
    path: Path | None = None  # an author's image in content/
    one_side: bool = False  # a drawing of one side of a two-sided exercise


def media_of(deps: Deps, exercise: Exercise) -> CardMedia | None:
    """The exercise's media: the author's image if it has one, else its drawing (unless the
    drawings are turned off or the exercise has no pose)."""
    if exercise.image:
        source = deps.content.image_source(exercise.image)
        kind = (
            MediaKind.ANIMATION
            if str(source).lower().endswith(_ANIMATED_SUFFIXES)
            else MediaKind.PHOTO
        )
        if isinstance(source, Path):
            return CardMedia(f"image:{exercise.image}", kind, path=source)
        return CardMedia(f"url:{source}", kind, url=source)
    drawings = deps.drawings
    if drawings is None or not drawings.has(exercise.pose_key):
        return None
    pose = deps.content.pose(exercise)
    return CardMedia(
        drawings.key(exercise.pose_key),
        MediaKind.ANIMATION,
        pose_key=exercise.pose_key,
        one_side=pose is not None and pose.one_side,
    )


def caption(locale: Locale, media: CardMedia, exercise: Exercise, step: int, total: int) -> str:
    """The line under the animation: where the user is and what the card is (and, for a
    drawing of one side of a two-sided exercise, that the other is the same)."""
    title = locale.exercises[exercise.id].title
    key = K.CARD_MEDIA_CAPTION_ONE_SIDE if media.one_side else K.CARD_MEDIA_CAPTION
    return locale.texts.get(key, position=position(step, total), title=escape(title))


async def send_media(deps: Deps, bot: Bot, chat_id: int, media: CardMedia, text: str) -> int | None:
    """Sends the media with its caption; the message id, or None when it could not be sent."""
    for by_file_id in await _attempts(deps, media):
        source = await _source(deps, media, by_file_id)
        try:
            if media.kind is MediaKind.ANIMATION:
                message = await bot.send_animation(chat_id, animation=source, caption=text)
            else:
                message = await bot.send_photo(chat_id, photo=source, caption=text)
        except BadRequest as error:
            _forget_or_log(deps, media, by_file_id, error)
            continue
        except Forbidden:
            return None
        except TelegramError as error:  # a network error: the card text still goes out
            log.warning("media %s not sent: %s", media.key, error)
            return None
        await _remember(deps, media, message)
        return message.message_id
    return None


async def edit_media(
    deps: Deps, bot: Bot, chat_id: int, message_id: int, media: CardMedia, text: str
) -> bool:
    """Turns the media message into this media; False when it cannot (the caller deletes it)."""
    for by_file_id in await _attempts(deps, media):
        source = await _source(deps, media, by_file_id)
        new: InputMediaAnimation | InputMediaPhoto = (
            InputMediaAnimation(source, caption=text)
            if media.kind is MediaKind.ANIMATION
            else InputMediaPhoto(source, caption=text)
        )
        try:
            edited = await bot.edit_message_media(new, chat_id=chat_id, message_id=message_id)
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return True
            _forget_or_log(deps, media, by_file_id, error)
            continue
        except Forbidden:
            return True  # nobody to show it to
        except TelegramError as error:
            log.warning("media %s not edited in: %s", media.key, error)
            return False
        if isinstance(edited, Message):
            await _remember(deps, media, edited)
        return True
    return False


async def delete_media(bot: Bot, chat_id: int, message_id: int | None) -> None:
    """Removes a media message the chat no longer needs; one that is gone is fine."""
    if message_id is None:
        return
    try:
        await bot.delete_message(chat_id, message_id)
    except TelegramError as error:
        log.debug("media message %s left: %s", message_id, error)


async def _attempts(deps: Deps, media: CardMedia) -> tuple[bool, ...]:
    """By file_id first when Telegram has the file, then by upload (a file_id can go stale)."""
    return (True, False) if await _file_id(deps, media) else (False,)


async def _file_id(deps: Deps, media: CardMedia) -> str | None:
    known = deps.file_ids.get(media.key)
    if known is None:
        async with deps.database.reading() as session:
            known = await MediaRepository(session).file_id(media.key)
        if known is not None:
            deps.file_ids[media.key] = known
    return known


async def _source(deps: Deps, media: CardMedia, by_file_id: bool) -> str | InputFile:
    # attach=True: an upload inside an InputMedia (editMessageMedia) must travel as a part of
    # its own, named by the media's JSON; it works the same for sendAnimation and sendPhoto.
    if by_file_id:
        return deps.file_ids[media.key]
    if media.url is not None:
        return media.url
    if media.path is not None:
        return InputFile(media.path.read_bytes(), filename=media.path.name, attach=True)
    assert media.pose_key is not None
    assert deps.drawings is not None
    data = await deps.drawings.gif(media.pose_key)
    return InputFile(data, filename=f"{media.pose_key}.gif", attach=True)


def _forget_or_log(deps: Deps, media: CardMedia, by_file_id: bool, error: BadRequest) -> None:
    if by_file_id:
        log.info("file_id of %s refused (%s): uploading it again", media.key, error.message)
        deps.file_ids.pop(media.key, None)
    else:
        log.warning("media %s refused: %s", media.key, error.message)


async def _remember(deps: Deps, media: CardMedia, message: Message) -> None:
    sent = message.animation or (message.photo[-1] if message.photo else None)
    if sent is None or deps.file_ids.get(media.key) == sent.file_id:
        return
    deps.file_ids[media.key] = sent.file_id
    async with deps.database.transaction() as session:
        await MediaRepository(session).remember(media.key, sent.file_id, deps.clock.now())
