"""The bot as a real process: `python -m bot`, killed mid-routine, restarted; start-up errors."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

import httpx

from bot.content.keys import K
from bot.settings import PROJECT_ROOT

from ..fake_telegram import FakeTelegramServer
from ..harness import TEST_TOKEN
from ..texts import EN, routine
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
