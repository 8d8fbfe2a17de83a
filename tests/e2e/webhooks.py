"""Webhook mode for the end-to-end tests: the settings, and posting to the bot's webhook as
Telegram (or a load balancer in front of several instances) does."""

from __future__ import annotations

from typing import Any

import httpx

from ..harness import RunningBot

SECRET = "webhook-secret-for-tests-0123456789"
PATH = "/telegram/hook"


def webhook_overrides() -> dict[str, Any]:
    """Settings overrides that start the bot in webhook mode on a free port."""
    return {
        "webhook_url": f"https://bot.example.org{PATH}",
        "webhook_secret": SECRET,
        "webhook_listen": "127.0.0.1",
        "webhook_port": 0,
        "webhook_max_body": 64 * 1024,
    }


def url_of(bot: RunningBot, path: str = PATH) -> str:
    """The URL of ``path`` on the webhook server of ``bot``."""
    assert bot.webhook is not None
    return f"http://127.0.0.1:{bot.webhook.port}{path}"


async def post(
    bot: RunningBot,
    body: bytes,
    *,
    secret: str | None = SECRET,
    content_type: str = "application/json",
) -> httpx.Response:
    """POST ``body`` to the webhook of ``bot``, with the secret header unless it is None."""
    headers = {"Content-Type": content_type}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with httpx.AsyncClient() as client:
        return await client.post(url_of(bot), content=body, headers=headers)
