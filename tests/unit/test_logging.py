"""Logging: one line per event, and the secrets never appear."""

from __future__ import annotations

import io
import logging

from bot.logging_setup import OneLineFormatter, RedactSecrets

SECRET = "123456:AAE-secret-token-value-0123456789abcdef"


def capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets([SECRET, ""]))
    logger = logging.getLogger("test.logging")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_secrets_are_redacted_in_messages_arguments_and_tracebacks() -> None:
    logger, stream = capture()
    logger.info("POST https://api.telegram.org/bot%s/sendMessage", SECRET)
    logger.debug(f"url with the token inline: /bot{SECRET}/getMe")
    try:
        raise RuntimeError(f"failed at /bot{SECRET}/getUpdates")
    except RuntimeError:
        logger.exception("request failed")
    text = stream.getvalue()
    assert SECRET not in text
    assert text.count("[redacted]") == 3


def test_each_event_is_one_line() -> None:
    logger, stream = capture()
    logger.warning("first line\nsecond line")
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("it broke")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0] == "WARNING test.logging: first line\\nsecond line"
    assert lines[1].startswith("ERROR test.logging: it broke\\nTraceback")
    assert "ValueError: boom" in lines[1]
