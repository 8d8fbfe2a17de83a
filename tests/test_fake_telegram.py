"""Tests of the fake Telegram Bot API server, driven through python-telegram-bot itself."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import struct
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaAnimation,
    InputMediaPhoto,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from tests.fake_telegram import (
    BOT_ID,
    BotMessage,
    FakeTelegramServer,
    SentFile,
    UploadedFile,
)
from tests.fake_telegram.flood import FloodLimits
from tests.fake_telegram.model import (
    BUTTON_DATA_INVALID,
    CAPTION_TOO_LONG,
    CHAT_NOT_FOUND,
    MESSAGE_TO_EDIT_NOT_FOUND,
    NO_MEDIA_TO_EDIT,
    NO_TEXT_TO_EDIT,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    WRONG_FILE_ID,
    gif_duration,
)

TOKEN = "123456:TEST-fake-server-token-abcdefghijklmnop"


def _png(width: int, height: int) -> bytes:
    """A minimal valid RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _gif(width: int, height: int, frames: int = 4, frame_ms: int = 500) -> bytes:
    """An animated GIF of ``frames`` differently coloured frames."""
    images = [Image.new("RGB", (width, height), (40 * i % 256, 90, 200)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(
        out, format="GIF", save_all=True, append_images=images[1:], duration=frame_ms, loop=0
    )
    return out.getvalue()


def _keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in buttons])


def _retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    """A running fake server."""
    async with FakeTelegramServer() as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    """A PTB Bot pointed at the fake server."""
    async with Bot(
        token=TOKEN, base_url=f"{server.url}/bot", base_file_url=f"{server.url}/file/bot"
    ) as ptb_bot:
        yield ptb_bot


async def test_get_me_and_token(server: FakeTelegramServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.first_name) == (BOT_ID, True, "Joint Coach")
    assert me.username == "joint_coach_bot"
    assert me.can_join_groups is True
    assert server.tokens_seen == {TOKEN}
    assert server.calls_to("getme")[0].token == TOKEN


async def test_send_message_round_trip(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111, "Ann")
    markup = _keyboard(("✅ Done", "c:1:0:d"))
    sent = await bot.send_message(
        111, "<b>Neck</b> &amp; shoulders", parse_mode="HTML", reply_markup=markup
    )
    assert sent.text == "Neck & shoulders"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 4)]
    assert sent.reply_markup == markup
    assert sent.from_user is not None
    assert sent.from_user.id == BOT_ID
    assert sent.chat.id == 111
    assert sent.chat.type == "private"

    msg = await user.wait_for_message()
    assert msg.message_id == sent.message_id
    assert msg.raw == "<b>Neck</b> &amp; shoulders"
    assert msg.parse_mode == "HTML"
    assert msg.buttons == [[("✅ Done", "c:1:0:d")]]
    assert user.last_message == msg
    call = server.calls_to("sendMessage")[0]
    assert call.chat_id == 111
    assert call.params["reply_markup"] == markup.to_dict()


async def test_text_checks(server: FakeTelegramServer, bot: Bot) -> None:
    server.user(111)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hi")
    assert server.failed_calls[-1].description == CHAT_NOT_FOUND
    assert server.failed_calls[-1].status == 400
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(111, "  \n ")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(111, "x" * 4097)
    await bot.send_message(111, "x" * 4096)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(111, _png(4, 4), caption="x" * 1025)


async def test_updates_with_offset_confirmation(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111, "Ann")
    await user.send("/start neck")
    await user.send("/start@joint_coach_bot")
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == [
        "/start neck",
        "/start@joint_coach_bot",
    ]
    first = updates[0].message
    assert first is not None
    assert first.from_user is not None
    assert first.from_user.id == 111
    assert first.chat.id == 111
    assert [(e.type, e.offset, e.length) for e in first.entities] == [("bot_command", 0, 6)]
    second = updates[1].message
    assert second is not None
    assert second.entities[0].length == 22

    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [u.update_id for u in updates]
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    assert server.pending_updates == []


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    server: FakeTelegramServer, bot: Bot
) -> None:
    user = server.user(111)
    loop = asyncio.get_running_loop()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await server.wait_for_poll()
    started = loop.time()
    await user.send_location(52.52, 13.40)
    updates = await poll
    assert loop.time() - started < 0.5
    location = updates[0].message.location if updates[0].message else None
    assert location is not None
    assert location.latitude == pytest.approx(52.52)


async def test_second_poll_terminates_the_first(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111)
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await server.wait_for_poll()
    async with httpx.AsyncClient() as client:
        second = asyncio.create_task(
            client.post(f"{server.url}/bot{TOKEN}/getUpdates", data={"timeout": "10"})
        )
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        await user.send("hello")
        answer = (await second).json()
    assert answer["ok"] is True
    assert answer["result"][0]["message"]["text"] == "hello"


async def test_stop_releases_long_poll() -> None:
    fake = FakeTelegramServer()
    await fake.start()
    async with Bot(token=TOKEN, base_url=f"{fake.url}/bot") as ptb_bot:
        poll = asyncio.create_task(ptb_bot.get_updates(timeout=30))
        await fake.wait_for_poll()
        await fake.stop()
        assert await poll == ()


async def test_edit_delete_and_not_modified(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111)
    markup = _keyboard(("Next", "n"))
    sent = await bot.send_message(111, "1/14", reply_markup=markup)
    original = await user.wait_for_message()

    edited = await bot.edit_message_text(
        "2/14", chat_id=111, message_id=sent.message_id, reply_markup=markup
    )
    assert isinstance(edited, type(sent))
    assert edited.text == "2/14"
    assert edited.edit_date is not None
    current = await user.wait_for_edit(original)
    assert (current.text, current.edited, current.button_texts) == ("2/14", 1, ["Next"])
    assert original.text == "1/14"

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "2/14", chat_id=111, message_id=sent.message_id, reply_markup=markup
        )
    assert server.failed_calls[-1].description == NOT_MODIFIED

    await bot.edit_message_text("2/14", chat_id=111, message_id=sent.message_id)
    assert user.last_message.reply_markup is None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(chat_id=111, message_id=sent.message_id)
    await bot.edit_message_reply_markup(
        chat_id=111, message_id=sent.message_id, reply_markup=markup
    )
    assert user.last_message.button_texts == ["Next"]

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=111, message_id=999)
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await bot.edit_message_caption(chat_id=111, message_id=sent.message_id, caption="c")

    assert await bot.delete_message(111, sent.message_id) is True
    assert user.messages == []
    assert user.all_messages[0].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(111, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("3/14", chat_id=111, message_id=sent.message_id)


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_errors_and_blocking(server: FakeTelegramServer, bot: Bot) -> None:
    server.user(111)
    server.user(222, "Bob")
    server.fail_next("sendMessage")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(111, "hi")
    await bot.send_message(111, "hi")

    server.fail_next("sendMessage", error_code=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(111, "hi")
    assert _retry_seconds(caught.value) == 7
    assert server.failed_calls[-1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }

    server.fail_next("sendMessage", chat_id=222, times=2)
    await bot.send_message(111, "not affected")
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(222, "hi")
    await bot.send_message(222, "hi")

    server.block(111)
    with pytest.raises(Forbidden):
        await bot.send_message(111, "hi")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(111, "typing")
    server.unblock(111)
    await bot.send_chat_action(111, "typing")
    assert server.user(111).chat_actions == ["typing"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_optional_rate_limits(server: FakeTelegramServer, bot: Bot) -> None:
    for user_id in (111, 222, 333, 444):
        server.user(user_id)
    await bot.send_message(111, "before the limits: not counted")
    flood = server.enforce_flood_limits(FloodLimits(chat_burst=3, bulk_per_second=2))
    await server.user(111).send("/start")  # 111 writes: what goes to 111 now is a reply
    for text in ("one", "two", "three"):  # a chat's burst passes
        await bot.send_message(111, text)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(111, "four")
    assert _retry_seconds(caught.value) == 1
    # Chats that did not write are bulk-like: two a second in all, then 429.
    await bot.send_message(222, "bulk one")
    await bot.send_message(333, "bulk two")
    with pytest.raises(RetryAfter):
        await bot.send_message(444, "bulk three")
    assert (flood.chat_floods, flood.bulk_floods, server.too_many_requests) == (1, 1, 2)


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x</b> 3 < 5", 'Unsupported start tag "" at byte offset 11'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", 'Unescaped "&" at byte offset 4'),
    ],
)
async def test_bad_html_is_rejected(
    server: FakeTelegramServer, bot: Bot, markup: str, error: str
) -> None:
    server.user(111)
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(111, markup, parse_mode="HTML")
    description = server.failed_calls[-1].description or ""
    assert description.startswith(f"Bad Request: can't parse entities: {error}")
    assert server.user(111).messages == []


async def test_all_supported_html_is_accepted(server: FakeTelegramServer, bot: Bot) -> None:
    server.user(111)
    markup = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        '<strike>k</strike><del>d</del><a href="https://example.com">l</a><code>c</code>'
        '<pre>p</pre><tg-spoiler>t</tg-spoiler><span class="tg-spoiler">x</span>'
        '<blockquote>q</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        " &lt;&gt;&amp;&quot;&#x27;"
    )
    sent = await bot.send_message(111, markup, parse_mode="HTML")
    assert sent.text == "bsieunskdlcptxq👍 <>&\"'"
    assert len(sent.entities) == 16


async def test_callback_data_must_be_1_to_64_bytes(server: FakeTelegramServer, bot: Bot) -> None:
    server.user(111)
    for data in ("x" * 65, "й" * 33):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(111, "pick", reply_markup=_keyboard(("A", data)))
        assert server.failed_calls[-1].description == BUTTON_DATA_INVALID
    await bot.send_message(111, "pick", reply_markup=_keyboard(("A", "й" * 32)))


async def test_send_photo_and_document(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111)
    png = _png(640, 480)
    sent = await bot.send_photo(111, png, caption="<i>Neck</i>", parse_mode="HTML")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (640, 480)
    assert sent.caption == "Neck"
    assert sent.caption_entities[0].type == "italic"
    assert isinstance(server.calls_to("sendPhoto")[0].params["photo"], UploadedFile)
    msg = user.last_message
    assert msg.photo is not None
    assert msg.photo.content == png
    assert msg.content == "Neck"
    assert msg.text is None

    again = await bot.send_photo(111, sent.photo[-1].file_id)
    assert again.photo[-1].file_unique_id == sent.photo[-1].file_unique_id
    await bot.send_photo(111, "https://example.com/neck.png")
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(111, "no-such-file-id")
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(111, b"not an image", filename="x.png")

    doc = await bot.send_document(111, b"day 1: neck", filename="plan.txt", caption="Plan")
    assert doc.document is not None
    assert doc.document.file_name == "plan.txt"
    last = user.last_message
    assert last.document is not None
    assert (last.document.filename, last.document.content) == ("plan.txt", b"day 1: neck")
    assert last.caption == "Plan"
    file = await bot.get_file(doc.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"day 1: neck"


async def test_send_animation_upload_then_file_id(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111)
    gif = _gif(64, 48, frames=4, frame_ms=500)
    markup = _keyboard(("✅ Done", "c:1:0:d"))
    sent = await bot.send_animation(
        111,
        gif,
        filename="neck.gif",
        caption="<b>Neck</b> tilts",
        parse_mode="HTML",
        reply_markup=markup,
    )
    assert sent.animation is not None
    animation = sent.animation
    assert (animation.width, animation.height) == (64, 48)
    assert (animation.mime_type, animation.file_name) == ("video/mp4", "neck.gif.mp4")
    assert animation.file_size == len(gif)
    assert sent.document is not None
    assert sent.document.file_id == animation.file_id
    assert (sent.text, sent.caption) == (None, "Neck tilts")
    assert [(e.type, e.offset, e.length) for e in sent.caption_entities] == [("bold", 0, 4)]
    assert sent.reply_markup == markup
    call = server.calls_to("sendAnimation")[0]
    assert isinstance(call.params["animation"], UploadedFile)
    assert call.result["animation"]["duration"] == 2  # seconds: four frames of 0.5 s

    msg = await user.wait_for_message()
    assert (msg.media_kind, msg.media_source, msg.uploaded) == ("animation", "upload", True)
    assert msg.animation is not None
    assert msg.media is msg.animation
    assert (msg.animation.file_id, msg.animation.content) == (animation.file_id, gif)
    assert (msg.text, msg.caption, msg.raw) == (None, "Neck tilts", "<b>Neck</b> tilts")
    assert (msg.photo, msg.document) == (None, None)
    assert msg.buttons == [[("✅ Done", "c:1:0:d")]]
    assert "[animation uploaded]" in msg.short()
    file = await bot.get_file(animation.file_id)
    assert bytes(await file.download_as_bytearray()) == gif

    again = await bot.send_animation(111, animation.file_id)
    assert again.animation is not None
    assert again.animation.file_unique_id == animation.file_unique_id
    assert again.caption is None
    reused = await user.wait_for_message()
    assert reused.animation is not None
    assert reused.animation.file_id == animation.file_id
    assert (reused.media_source, reused.uploaded) == ("file_id", False)
    assert "[animation by file_id]" in reused.short()

    by_url = await bot.send_animation(
        111, "https://example.com/neck.mp4", width=320, height=240, duration=3
    )
    assert by_url.animation is not None
    assert (by_url.animation.width, by_url.animation.height) == (320, 240)
    assert server.calls_to("sendAnimation")[-1].result["animation"]["duration"] == 3
    assert user.last_message.media_source == "url"

    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await bot.send_animation(111, "no-such-file-id")
    assert server.failed_calls[-1].description == WRONG_FILE_ID
    photo = await bot.send_photo(111, _png(8, 8))
    with pytest.raises(BadRequest, match="Type of file mismatch"):
        await bot.send_animation(111, photo.photo[-1].file_id)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_animation(111, animation.file_id, caption="x" * 1025)
    assert server.failed_calls[-1].description == CAPTION_TOO_LONG
    # The limit counts the caption as shown, after the HTML is parsed.
    await bot.send_animation(
        111, animation.file_id, caption=f"<b>{'x' * 1024}</b>", parse_mode="HTML"
    )

    server.block(111)
    with pytest.raises(Forbidden):
        await bot.send_animation(111, animation.file_id)


async def test_edit_message_media(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111)
    first = await bot.send_animation(
        111, _gif(32, 32), filename="neck.gif", caption="Neck", reply_markup=_keyboard(("A", "a"))
    )
    original = await user.wait_for_message()
    second_gif = _gif(48, 32, frames=2, frame_ms=1500)
    new_markup = _keyboard(("Next", "n"), ("Stop", "s"))

    edited = await bot.edit_message_media(
        InputMediaAnimation(
            second_gif, caption="<i>Shoulders</i>", parse_mode="HTML", filename="shoulders.gif"
        ),
        chat_id=111,
        message_id=first.message_id,
        reply_markup=new_markup,
    )
    assert not isinstance(edited, bool)
    assert edited.animation is not None
    assert first.animation is not None
    assert edited.animation.file_id != first.animation.file_id
    assert (edited.animation.width, edited.animation.height) == (48, 32)
    assert edited.animation.file_name == "shoulders.gif.mp4"
    assert edited.document is not None
    assert edited.document.file_id == edited.animation.file_id
    assert edited.caption == "Shoulders"
    assert edited.caption_entities[0].type == "italic"
    assert edited.reply_markup == new_markup
    assert edited.edit_date is not None
    # PTB sends the InputMedia as JSON naming the upload's form part by attach://.
    params = server.calls_to("editMessageMedia")[-1].params
    attach = params["media"]["media"]
    assert attach.startswith("attach://")
    assert isinstance(params[attach.removeprefix("attach://")], UploadedFile)

    current = await user.wait_for_edit(original)
    assert current.animation is not None
    assert current.animation.file_id == edited.animation.file_id
    assert current.animation.content == second_gif
    assert (current.uploaded, current.edited, current.caption) == (True, 1, "Shoulders")
    assert current.button_texts == ["Next", "Stop"]
    assert original.caption == "Neck"

    same = InputMediaAnimation(
        edited.animation.file_id, caption="<i>Shoulders</i>", parse_mode="HTML"
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_media(
            same, chat_id=111, message_id=first.message_id, reply_markup=new_markup
        )
    assert server.failed_calls[-1].description == NOT_MODIFIED
    await bot.edit_message_media(
        InputMediaAnimation(edited.animation.file_id, caption="Shoulders, slowly"),
        chat_id=111,
        message_id=first.message_id,
        reply_markup=new_markup,
    )
    now = server.message(111, first.message_id)
    assert (now.media_source, now.caption, now.edited) == ("file_id", "Shoulders, slowly", 2)

    caption_edit = await bot.edit_message_caption(
        chat_id=111, message_id=first.message_id, caption="Rest"
    )
    assert not isinstance(caption_edit, bool)
    assert caption_edit.caption == "Rest"
    assert caption_edit.animation is not None
    assert server.message(111, first.message_id).reply_markup is None

    with pytest.raises(BadRequest, match="There is no text in the message to edit"):
        await bot.edit_message_text("text", chat_id=111, message_id=first.message_id)
    assert server.failed_calls[-1].description == NO_TEXT_TO_EDIT
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.edit_message_media(
            InputMediaAnimation(edited.animation.file_id, caption="x" * 1025),
            chat_id=111,
            message_id=first.message_id,
        )
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.edit_message_media(
            InputMediaAnimation("no-such-file-id"), chat_id=111, message_id=first.message_id
        )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_media(same, chat_id=111, message_id=999)
    assert server.failed_calls[-1].description == MESSAGE_TO_EDIT_NOT_FOUND

    as_photo = await bot.edit_message_media(
        InputMediaPhoto(_png(40, 30), caption="Photo now"),
        chat_id=111,
        message_id=first.message_id,
    )
    assert not isinstance(as_photo, bool)
    assert (as_photo.animation, as_photo.document) == (None, None)
    assert (as_photo.photo[-1].width, as_photo.photo[-1].height) == (40, 30)
    photo_msg = server.message(111, first.message_id)
    assert (photo_msg.media_kind, photo_msg.animation, photo_msg.edited) == ("photo", None, 4)
    assert "[photo uploaded] edited×4" in photo_msg.short()

    text = await bot.send_message(111, "plain text")
    with pytest.raises(BadRequest, match="There is no media in the message to edit"):
        await bot.edit_message_media(same, chat_id=111, message_id=text.message_id)
    assert server.failed_calls[-1].description == NO_MEDIA_TO_EDIT
    assert server.message(111, text.message_id).edited == 0


async def test_edit_message_media_request_errors(server: FakeTelegramServer) -> None:
    base = f"{server.url}/bot{TOKEN}"
    server.user(111)
    async with httpx.AsyncClient() as client:
        sent = await client.post(
            f"{base}/sendAnimation",
            data={"chat_id": "111"},
            files={"animation": ("a.gif", _gif(8, 8), "image/gif")},
        )
        message_id = str(sent.json()["result"]["message_id"])
        answers = [
            await client.post(f"{base}/editMessageMedia", data=data)
            for data in (
                {"chat_id": "111", "message_id": message_id, "media": "{"},
                {"chat_id": "111", "message_id": message_id, "media": '{"type": "animation"}'},
                {
                    "chat_id": "111",
                    "message_id": message_id,
                    "media": '{"type": "animation", "media": "attach://nothing"}',
                },
                {
                    "chat_id": "111",
                    "message_id": message_id,
                    "media": '{"type": "sticker", "media": "x"}',
                },
                {"inline_message_id": "AAA", "media": '{"type": "photo", "media": "x"}'},
            )
        ]
    assert [a.status_code for a in answers] == [400] * 5
    assert [a.json()["description"] for a in answers] == [
        "Bad Request: can't parse input media JSON object",
        "Bad Request: can't parse InputMedia: media not found",
        "Bad Request: can't parse InputMedia: media not found",
        "Bad Request: can't parse InputMedia: unsupported media type",
        "Bad Request: MESSAGE_ID_INVALID",
    ]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_animation_sends_and_media_edits_count_as_flood(
    server: FakeTelegramServer, bot: Bot
) -> None:
    server.user(111)
    flood = server.enforce_flood_limits(FloodLimits(chat_burst=2))
    await server.user(111).send("/start")
    sent = await bot.send_animation(111, _gif(8, 8))
    assert sent.animation is not None
    await bot.edit_message_media(
        InputMediaAnimation(_gif(16, 16)), chat_id=111, message_id=sent.message_id
    )
    with pytest.raises(RetryAfter):
        await bot.send_animation(111, sent.animation.file_id)
    with pytest.raises(RetryAfter):
        await bot.edit_message_media(
            InputMediaAnimation(sent.animation.file_id), chat_id=111, message_id=sent.message_id
        )
    assert flood.chat_floods == 2


def test_gif_duration() -> None:
    assert gif_duration(_gif(10, 10, frames=3, frame_ms=700)) == pytest.approx(2.1)
    assert gif_duration(_gif(10, 10, frames=1, frame_ms=0)) == 0
    assert gif_duration(_png(4, 4)) is None


async def test_press_produces_a_callback_query(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111, "Ann")
    sent = await bot.send_message(
        111, "Neck 1/14", reply_markup=_keyboard(("✅ Done", "c:1:0:d"), ("Skip", "c:1:0:s"))
    )
    msg = await user.wait_for_message()
    query_id = await user.press(msg, "Done")
    raw = server.pending_updates[0]
    parsed = Update.de_json(raw, bot)
    query = parsed.callback_query
    assert query is not None
    assert query.id == query_id
    assert query.data == "c:1:0:d"
    assert query.from_user.id == 111
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    fetched = await bot.get_updates(timeout=0)
    assert fetched[0].callback_query is not None
    assert fetched[0].callback_query.data == "c:1:0:d"

    assert await bot.answer_callback_query(query_id, text="Saved") is True
    assert await user.wait_for_toast() == "Saved"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    assert server.failed_calls[-1].description == QUERY_TOO_OLD

    forged = await user.press_data(msg, "c:999:0:d")
    await bot.answer_callback_query(forged)
    assert user.toasts == ["Saved", None]
    second = await user.press(msg, "Skip")
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(second, text="x" * 201)

    with pytest.raises(AssertionError, match="Skip"):
        await user.press(msg, "Shoulders")


async def test_a_press_answered_too_late_is_refused(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111, "Ann")
    await bot.send_message(111, "Neck 1/14", reply_markup=_keyboard(("✅ Done", "c:1:0:d")))
    msg = await user.wait_for_message()
    old = await user.press(msg, "Done")
    server.age_presses(16)  # Telegram refuses answers to presses older than about 15 s
    fresh = await user.press(msg, "Done")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(old, text="late")
    assert server._queries[old].refused
    assert await bot.answer_callback_query(fresh) is True
    assert user.toasts == [None]


async def test_commands(server: FakeTelegramServer, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("today", "Today")])
    await bot.set_my_commands(
        [BotCommand("start", "Начать")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="ru",
    )
    assert server.commands() == [
        {"command": "start", "description": "Start"},
        {"command": "today", "description": "Today"},
    ]
    assert server.commands("all_private_chats", "ru") == [
        {"command": "start", "description": "Начать"}
    ]
    fetched = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="ru")
    assert [(c.command, c.description) for c in fetched] == [("start", "Начать")]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "x")])
    await bot.delete_my_commands()
    assert server.commands() == []
    assert await bot.get_my_commands() == ()


async def test_wait_for_message_consumes_in_order(server: FakeTelegramServer, bot: Bot) -> None:
    user = server.user(111)
    for text in ("a", "b 1/14", "c"):
        await bot.send_message(111, text)
    card = await user.wait_for_message(lambda m: "1/14" in m.content)
    assert card.text == "b 1/14"
    assert (await user.wait_for_message()).text == "c"
    with pytest.raises(AssertionError, match=r"(?s)Timed out.*sendMessage"):
        await user.wait_for_message(timeout=0.05)
    with pytest.raises(AssertionError, match="has sent no message"):
        _ = server.user(222).last_message


async def test_http_edges(server: FakeTelegramServer) -> None:
    base = f"{server.url}/bot{TOKEN}"
    server.user(111)
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{base}/sendTelepathy")
        assert unknown.status_code == 404
        assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        assert (await client.get(f"{server.url}/botnot-a-token/getMe")).status_code == 404
        assert (await client.get(f"{base}/GETME")).json()["result"]["id"] == BOT_ID
        as_json = await client.post(
            f"{base}/sendMessage",
            json={
                "chat_id": 111,
                "text": "json",
                "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
            },
        )
        assert as_json.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"
        as_form = await client.post(f"{base}/sendMessage", data={"chat_id": "111", "text": "f"})
        assert as_form.json()["result"]["chat"]["id"] == 111
        bad_markup = await client.post(
            f"{base}/sendMessage", data={"chat_id": "111", "text": "x", "reply_markup": "{"}
        )
        assert bad_markup.status_code == 400
    assert [m.text for m in server.user(111).messages] == ["json", "f"]


async def test_application_end_to_end(server: FakeTelegramServer) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(
            update.effective_chat.id, "Pick a joint", reply_markup=_keyboard(("Neck", "j:neck"))
        )

    async def picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Saved")
        await query.edit_message_text(f"Done: {str(query.data).split(':')[1]}")

    app: Application = (  # type: ignore[type-arg]
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{server.url}/bot")
        .base_file_url(f"{server.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(picked))
    user = server.user(111)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        try:
            await user.send("/start")
            msg = await user.wait_for_message()
            assert msg.text == "Pick a joint"
            await user.press(msg, "Neck")
            edited = await user.wait_for_edit(msg)
            assert edited.text == "Done: neck"
            assert edited.reply_markup is None
            assert await user.wait_for_toast() == "Saved"
            await server.wait_idle()
            assert len(server.calls_to("sendMessage")) == 1
        finally:
            await app.updater.stop()
            await app.stop()


async def test_wait_idle_reports_unfetched_updates(server: FakeTelegramServer) -> None:
    await server.user(111).send("anyone there?")
    with pytest.raises(AssertionError, match="is the bot polling"):
        await server.wait_idle(timeout=0.05)


def test_bot_message_helpers() -> None:
    msg = BotMessage(
        1,
        111,
        caption="c",
        reply_markup={
            "inline_keyboard": [[{"text": "A", "callback_data": "a"}, {"text": "U", "url": "u"}]]
        },
    )
    assert msg.content == "c"
    assert msg.buttons == [[("A", "a"), ("U", None)]]
    assert msg.button_texts == ["A", "U"]
    assert (msg.media, msg.media_kind, msg.uploaded) == (None, None, False)

    animation = SentFile("animation", "fake-animation-000001", "AQAD000001", "a.gif", b"GIF89a")
    with_media = BotMessage(2, 111, caption="Neck", animation=animation, media_source="upload")
    assert (with_media.media, with_media.media_kind, with_media.uploaded) == (
        animation,
        "animation",
        True,
    )
    assert with_media.short() == "#2 [animation uploaded] 'Neck'"
