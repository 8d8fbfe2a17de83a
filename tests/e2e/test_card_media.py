"""The animation above each card: drawn from content/poses, edited in place as the cards turn,
uploaded once (then by file_id, also after a restart), and never in the way of the card."""

from __future__ import annotations

from collections.abc import Callable

from bot.content.keys import K
from bot.domain.program import Routine

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import RunningBot
from ..texts import EN, locale, matches
from .steps import is_card, open_routine

DONE = EN.get(K.BUTTON_DONE)


# The neck routine, for headaches: every one of its cards is drawn (content/poses).
OPEN_NECK = "/neck"


def neck(bot: RunningBot) -> Routine:
    found = bot.deps.content.program.routine("neck")
    assert found is not None
    assert all(bot.deps.content.pose(exercise) for exercise in found.exercises)
    return found


def animations(user: FakeUser) -> list[BotMessage]:
    """The animation messages the chat shows now."""
    return [m for m in user.messages if m.media_kind == "animation"]


def captioned(text: str) -> Callable[[BotMessage], bool]:
    """Matches a message with this caption."""
    return lambda m: m.caption == text


def caption_of(routine: Routine, step: int) -> str:
    exercise = routine.exercises[step]
    title = locale().exercises[exercise.id].title
    return EN.get(K.CARD_MEDIA_CAPTION, position=f"{step + 1}/{routine.total}", title=title)


async def walk_through(
    user: FakeUser, server: FakeTelegramServer, routine: Routine
) -> list[BotMessage]:
    """Opens the routine and taps Done on every card; the animation shown at each card."""
    card = await open_routine(user, OPEN_NECK, routine.total)
    shown = []
    for step in range(routine.total):
        # Drawn the first time (off the event loop), so it may come after the card's text.
        await user.wait_for_shown(captioned(caption_of(routine, step)))
        await server.wait_idle()
        [animation] = animations(user)  # one animation, right above the card
        order = [m.message_id for m in user.messages]
        assert order.index(animation.message_id) == order.index(card.message_id) - 1
        shown.append(animation)
        await user.press(card, DONE)
        if step + 1 < routine.total:
            card = await user.wait_for_shown(is_card(f"{step + 2}/{routine.total}"))
    await user.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    await server.wait_idle()
    assert animations(user) == []  # the summary stands alone: no animation left behind
    return shown


async def test_every_card_comes_with_its_animation_uploaded_once(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    routine = neck(bot)
    shown = await walk_through(ann, server, routine)
    # Each card showed its own exercise's drawing, in one message edited in place.
    assert [m.animation.filename for m in shown if m.animation] == [
        f"{exercise.pose_key}.gif" for exercise in routine.exercises
    ]
    assert len({m.message_id for m in shown}) == 1
    first_upload = shown[0].animation
    assert first_upload is not None
    assert first_upload.content is not None
    assert first_upload.content[:6] == b"GIF89a"
    assert (first_upload.width, first_upload.height) == (480, 360)
    uploads = [m for m in shown if m.uploaded]
    assert len(uploads) == routine.total  # the first time, each drawing is uploaded

    # The second time, and after a restart (nothing in memory), Telegram's file_ids are used.
    bob = server.user(222, "Bob")
    again = await walk_through(bob, server, routine)
    await bot.restart()
    cid = server.user(333, "Cid")
    after_restart = await walk_through(cid, server, routine)
    for message in again + after_restart:
        assert message.media_source == "file_id", message.short()


async def test_a_refused_upload_leaves_a_text_card_and_the_routine_goes_on(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    routine = neck(bot)
    server.fail_next("sendAnimation", error_code=400, description="Bad Request: wrong file")
    card = await open_routine(ann, OPEN_NECK, routine.total)
    await server.wait_idle()
    assert animations(ann) == []  # no animation, the card as text
    await ann.press(card, DONE)
    # Nothing shows above the card, and an animation sent now would land below it: the card
    # turns into the next one in place, as text.
    second = await ann.wait_for_shown(is_card(f"2/{routine.total}"))
    await server.wait_idle()
    assert second.message_id == card.message_id
    assert animations(ann) == []

    # Shown again (/start, continue) it comes with its animation; an edit of the animation
    # refused: the animation goes, and the card goes on as text.
    await ann.send("/stop")
    await ann.wait_for_shown(lambda m: matches(K.SUMMARY_STOPPED, m.content))
    card = await open_routine(ann, OPEN_NECK, routine.total)
    await ann.wait_for_shown(captioned(caption_of(routine, 0)))
    server.fail_next("editMessageMedia", error_code=400, description="Bad Request: wrong file")
    await ann.press(card, DONE)
    second = await ann.wait_for_shown(is_card(f"2/{routine.total}"))
    await server.wait_idle()
    assert second.message_id == card.message_id
    assert animations(ann) == []


async def test_stop_and_animations_turned_off(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    routine = neck(bot)
    await open_routine(ann, OPEN_NECK, routine.total)
    await server.wait_idle()
    assert len(animations(ann)) == 1
    await ann.send("/stop")
    await ann.wait_for_shown(lambda m: matches(K.SUMMARY_STOPPED, m.content))
    await server.wait_idle()
    assert animations(ann) == []

    bot.overrides["card_animations"] = False
    await bot.restart()
    bob = server.user(222, "Bob")
    card = await open_routine(bob, OPEN_NECK, routine.total)
    await bob.press(card, DONE)
    await bob.wait_for_shown(is_card(f"2/{routine.total}"))
    await server.wait_idle()
    assert [m for m in bob.messages if m.media_kind is not None] == []


async def test_a_drawing_of_one_side_says_the_other_is_the_same(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    ribs = bot.deps.content.program.routine("ribs")
    assert ribs is not None
    [exercise] = ribs.exercises
    pose = bot.deps.content.pose(exercise)
    assert pose is not None
    assert pose.one_side
    title = locale().exercises[exercise.id].title
    await open_routine(ann, "/ribs", 1)
    one_side = EN.get(K.CARD_MEDIA_CAPTION_ONE_SIDE, position="1/1", title=title)
    await ann.wait_for_shown(captioned(one_side))
