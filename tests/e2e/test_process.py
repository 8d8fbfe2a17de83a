"""The bot as a real process: `python -m bot`, killed mid-routine, restarted; start-up errors."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import signal
import socket
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import make_url

from bot.content.keys import K
from bot.scheduling import DeliveryPolicy
from bot.settings import PROJECT_ROOT, Settings
from bot.storage.database import Database

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..fake_telegram.model import ApiCall, Query
from ..harness import TEST_TOKEN, seed_due_reminders
from ..texts import EN, matches, routine
from .steps import is_card


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_URL", "LOG_LEVEL"}
    }
    env.update(extra)
    return env


async def start_bot(env: dict[str, str], cwd: Path, log: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=log.open("ab"),
        stderr=asyncio.subprocess.STDOUT,
    )


async def test_killed_mid_workout_continues_after_restart(
    server: FakeTelegramServer, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    env = bot_env(
        tmp_path,
        BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_URL=server.url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        LOG_LEVEL="DEBUG",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    ann = server.user(111, "Ann")
    process = await start_bot(env, tmp_path, log)
    try:
        await ann.send("/workout")
        card = await ann.wait_for_shown(is_card("1/33"), timeout=30)
        for step in (2, 3):
            await ann.press(card, EN.get(K.BUTTON_DONE))
            card = await ann.wait_for_shown(is_card(f"{step}/33"))
        process.kill()  # SIGKILL: no shutdown code runs
        await process.wait()

        process = await start_bot(env, tmp_path, log)
        await ann.press(card, EN.get(K.BUTTON_DONE))
        card = await ann.wait_for_shown(is_card("4/33"), timeout=30)
        assert routine("full").title in card.content

        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=15) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "bot started" in text
    assert TEST_TOKEN not in text
    assert TEST_TOKEN.split(":")[1] not in text
    assert "Traceback" not in text


async def run_cli(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_missing_token_is_a_clear_message(tmp_path: Path) -> None:
    env = bot_env(tmp_path, PYTHONPATH=str(PROJECT_ROOT))
    code, out = await run_cli(env=env, cwd=tmp_path)
    assert code == 2
    assert "BOT_TOKEN: is missing" in out
    assert ".env.example" in out
    assert "Traceback" not in out


async def test_malformed_token_is_named_but_never_printed(tmp_path: Path) -> None:
    secret = "not-a-token-but-still-secret-value-1234567890"
    env = bot_env(tmp_path, PYTHONPATH=str(PROJECT_ROOT), BOT_TOKEN=secret)
    code, out = await run_cli(env=env, cwd=tmp_path)
    assert code == 2
    assert "BOT_TOKEN" in out
    assert secret not in out


async def test_unreachable_bot_api_is_one_line_without_traceback(tmp_path: Path) -> None:
    env = bot_env(
        tmp_path,
        PYTHONPATH=str(PROJECT_ROOT),
        BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{free_port()}",  # nobody listens
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
    )
    code, out = await run_cli(env=env, cwd=tmp_path)
    assert code == 1
    assert out.count("Cannot reach the Bot API at http://127.0.0.1:") == 1
    assert "Traceback" not in out
    assert "ERROR" not in out


async def test_a_refused_token_is_one_line_without_traceback(
    server: FakeTelegramServer, tmp_path: Path
) -> None:
    server.revoked_tokens.add(TEST_TOKEN)
    env = bot_env(
        tmp_path,
        PYTHONPATH=str(PROJECT_ROOT),
        BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_URL=server.url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
    )
    code, out = await run_cli(env=env, cwd=tmp_path)
    assert code == 2
    assert "Telegram rejected BOT_TOKEN: check it with @BotFather." in out
    assert "Traceback" not in out
    assert "ERROR" not in out
    assert TEST_TOKEN.split(":")[1] not in out


async def test_broken_content_stops_the_bot_naming_file_and_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    texts = content / "locales/en/texts.yaml"
    texts.write_text(texts.read_text(encoding="utf-8").replace("  done: ", "  dnoe: ", 1))
    env = bot_env(
        tmp_path,
        PYTHONPATH=str(PROJECT_ROOT),
        BOT_TOKEN=TEST_TOKEN,
        CONTENT_DIR=str(content),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}",
    )
    code, out = await run_cli(env=env, cwd=tmp_path)
    assert code == 2
    assert "content/locales/en/texts.yaml: buttons.done: missing" in out
    assert "content/locales/en/texts.yaml: buttons.dnoe: unknown key" in out
    code, out = await run_cli("check-content", "--content-dir", str(content), env=env, cwd=tmp_path)
    assert code == 1
    assert "buttons.done: missing" in out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_process_serves_then_stops_on_sigterm(
    server: FakeTelegramServer, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    port = free_port()
    secret = "process-webhook-secret-0123456789"
    env = bot_env(
        tmp_path,
        BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_URL=server.url,
        DATABASE_URL=database_url,
        LOG_LEVEL="DEBUG",
        PYTHONPATH=str(PROJECT_ROOT),
        WEBHOOK_URL="https://bot.example.org/telegram/hook",
        WEBHOOK_SECRET=secret,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    ann = server.user(111, "Ann")
    process = await start_bot(env, tmp_path, log)
    try:
        await server.wait_for(lambda: bool(server.calls_to("setWebhook")), timeout=30)
        await ann.send("/workout")
        [update] = server.take_updates()
        async with httpx.AsyncClient() as client:
            for _ in range(100):  # the server starts listening just after setWebhook
                try:
                    health = await client.get(f"http://127.0.0.1:{port}/healthz")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            assert health.status_code == 200
            response = await client.post(
                f"http://127.0.0.1:{port}/telegram/hook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            )
        assert response.status_code == 200
        await ann.wait_for_shown(is_card("1/33"), timeout=30)

        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=15) == 0
        assert time.monotonic() - started < 5
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "webhook server listening" in text
    assert TEST_TOKEN not in text
    assert TEST_TOKEN.split(":")[1] not in text
    assert secret not in text
    assert "Traceback" not in text


async def tap_what_is_shown(server: FakeTelegramServer, user: FakeUser, total: int) -> int:
    """Taps ✅ Done on the newest card the chat shows until the routine's summary shows; a tap
    that changes nothing within a few seconds (the bot is down) is tapped again. Returns how
    many taps it took."""
    taps = 0
    while not any(matches(K.SUMMARY_FINISHED, m.content) for m in user.messages):
        cards = [m for m in user.messages if EN.get(K.BUTTON_DONE) in m.button_texts]
        assert cards, server.report(user.user_id)
        card = cards[-1]
        query_id = await user.press(card, EN.get(K.BUTTON_DONE))
        taps += 1
        query = server._queries[query_id]

        def changed(card: BotMessage = card, query: Query = query) -> tuple[bool] | None:
            current = server.message(user.user_id, card.message_id)
            moved = current.edited > card.edited or current.content != card.content
            return (True,) if moved or query.answered or query.refused else None

        with contextlib.suppress(AssertionError):  # nothing yet: the bot is down, tap again
            await server._wait(changed, 4.0, lambda: "no answer")
        assert taps < total * 4, server.report(user.user_id)
    return taps


async def test_killed_at_random_moments_every_user_reaches_the_end(
    server: FakeTelegramServer, tmp_path: Path
) -> None:
    rng = random.Random(14)
    total = 14  # /neck
    database = tmp_path / "bot.sqlite3"
    env = bot_env(
        tmp_path,
        BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_URL=server.url,
        DATABASE_URL=f"sqlite+aiosqlite:///{database}",
        CARD_ANIMATIONS="false",  # the media path is tested in process; here: what a kill does
        PYTHONPATH=str(PROJECT_ROOT),
    )
    log = tmp_path / "bot.log"
    users = [server.user(500 + number, f"User{number}") for number in range(3)]
    process = await start_bot(env, tmp_path, log)
    kills = 0
    try:
        for user in users:
            await user.send("/neck")
            await user.wait_for_shown(is_card(f"1/{total}"), timeout=30)
        walkers = asyncio.gather(*(tap_what_is_shown(server, user, total) for user in users))
        for _ in range(5):
            # Kill at a random moment of the taps: right after some card edit arrived, while
            # other presses are between their commit and their answer.
            target = len(server.calls_to("editMessageText")) + rng.randint(1, 6)

            def reached(target: int = target) -> tuple[bool] | None:
                return (True,) if len(server.calls_to("editMessageText")) >= target else None

            await server._wait(reached, 60, lambda: "the taps stopped")
            process.kill()
            await process.wait()
            kills += 1
            process = await start_bot(env, tmp_path, log)
        taps = await asyncio.wait_for(walkers, timeout=180)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert kills == 5
    with sqlite3.connect(database) as db:
        for user in users:
            rows = db.execute(
                "SELECT e.step, e.outcome FROM card_events e JOIN sessions s ON s.id = e.session_id"
                " WHERE s.user_id = ? ORDER BY e.step",
                (user.user_id,),
            ).fetchall()
            # Every card applied once, all by Done, and the session finished.
            assert rows == [(step, "done") for step in range(total)]
            (status,) = db.execute(
                "SELECT status FROM sessions WHERE user_id = ?", (user.user_id,)
            ).fetchone()
            assert status == "finished"
    assert sum(taps) >= len(users) * total


async def test_a_database_that_cannot_be_opened_is_one_line_without_traceback(
    server: FakeTelegramServer, tmp_path: Path
) -> None:
    env = bot_env(
        tmp_path,
        PYTHONPATH=str(PROJECT_ROOT),
        BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_URL=server.url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'a file' / 'bot.sqlite3'}",
    )
    (tmp_path / "a file").write_text("not a folder")
    code, out = await run_cli(env=env, cwd=tmp_path)
    assert code == 1
    assert out.count("Cannot open the database at sqlite+aiosqlite:///") == 1
    assert "Traceback" not in out
    assert "ERROR" not in out
    (tmp_path / "a file").unlink()
    (tmp_path / "a file").mkdir()
    (tmp_path / "a file" / "bot.sqlite3").mkdir()  # a folder where the file should be
    code, out = await run_cli(env=env, cwd=tmp_path)
    assert code == 1
    assert out.count("Cannot open the database at sqlite+aiosqlite:///") == 1
    assert "Traceback" not in out


async def test_a_fan_out_killed_twice_resends_only_what_was_in_flight(
    server: FakeTelegramServer, tmp_path: Path
) -> None:
    users = 300
    database_file = tmp_path / "bot.sqlite3"
    url = f"sqlite+aiosqlite:///{database_file}"
    database = Database(url)
    await database.migrate()
    ids = await seed_due_reminders(database, users, datetime.now(UTC) - timedelta(minutes=1))
    await database.dispose()
    for user_id in ids:
        server.user(user_id, f"User {user_id}")
    lease, poll = 3.0, 1.0
    env = bot_env(
        tmp_path,
        BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_API_URL=server.url,
        DATABASE_URL=url,
        CARD_ANIMATIONS="false",
        REMINDER_POLL_SECONDS=str(poll),
        BULK_LANE_LEASE_SECONDS=str(lease),
        PYTHONPATH=str(PROJECT_ROOT),
    )
    log = tmp_path / "bot.log"

    def reminders() -> list[ApiCall]:
        return [call for call in server.calls_to("sendMessage") if call.ok]

    def reached(count: int) -> Callable[[], tuple[bool] | None]:
        return lambda: (True,) if len(reminders()) >= count else None

    process = await start_bot(env, tmp_path, log)
    kills, restarts = 0, []
    try:
        for target in (70, 170):  # mid-batch: the whole fan-out is one batch of 300
            await server._wait(reached(target), 60, lambda: "the reminders stopped")
            process.kill()  # SIGKILL: no claim is freed, no result written
            await process.wait()
            kills += 1
            restarts.append((len(server.calls), time.monotonic()))
            process = await start_bot(env, tmp_path, log)

        def everyone() -> tuple[bool] | None:
            return (True,) if {c.chat_id for c in reminders()} >= set(ids) else None

        await server._wait(everyone, 90, lambda: f"{len(reminders())} reminders sent")
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=15) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    copies = Counter(call.chat_id for call in reminders())
    assert set(copies) == set(ids)
    # A crash re-sends only what was sent and not yet written back: at most one copy more per
    # user per crash, and no more in all than one write-back window plus the sends in flight.
    policy = DeliveryPolicy()
    window = policy.settle_seconds * Settings.model_fields["bulk_messages_per_second"].default
    assert max(copies.values()) <= 1 + kills
    assert sum(copies.values()) - users <= kills * (window + policy.concurrency)
    # The rest go on time: the restarted bot takes the lane once the dead one's lease ran out
    # and frees the claims it left, instead of waiting out their five minutes.
    for first_call, restarted_at in restarts:
        resumed = next(c.at for c in server.calls[first_call:] if c.method == "sendMessage")
        assert resumed - restarted_at < lease + 2 * poll + 8, "start-up and a lease at most"
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text


async def test_an_unreachable_or_missing_postgresql_database_is_one_line(
    server: FakeTelegramServer, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    urls = [f"postgresql+asyncpg://bot:s3cret-pass@127.0.0.1:{port}/gymnastics"]
    postgres = os.environ.get("TEST_POSTGRES_URL")
    if postgres:  # a server that answers, asked for a database it does not have
        urls.append(
            str(make_url(postgres).set(database="no_such_database", password="s3cret-pass"))
        )
    for url in urls:
        env = bot_env(
            tmp_path,
            PYTHONPATH=str(PROJECT_ROOT),
            BOT_TOKEN=TEST_TOKEN,
            TELEGRAM_API_URL=server.url,
            DATABASE_URL=url,
        )
        code, out = await run_cli(env=env, cwd=tmp_path)
        assert code == 1
        assert out.count("Cannot open the database at postgresql+asyncpg://") == 1, out
        assert "s3cret-pass" not in out
        assert "Traceback" not in out
        assert "ERROR" not in out
