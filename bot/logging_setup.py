"""Logging: one line per event, and never the bot token."""

from __future__ import annotations

import logging


class RedactSecrets(logging.Filter):
    """Replaces every occurrence of the given secrets in a record with `[redacted]`."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        redacted = message
        for secret in self._secrets:
            redacted = redacted.replace(secret, "[redacted]")
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[redacted]")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class QuietStartupFailure(logging.Filter):
    """Drops PTB's report (with its traceback) of a start-up that could not reach the Bot API
    or whose token was refused: `python -m bot` says so itself, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("telegram"):
            return True
        message = record.getMessage()
        return not ("(Bootstrap" in message and "Aborting" in message)


class OneLineFormatter(logging.Formatter):
    """One line per event: a traceback's line breaks are written as `\\n`, so log collectors
    and `grep` see each event whole."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", "\\n")


def configure_logging(level: str, secrets: list[str]) -> None:
    """Sets up the root logger once; httpx request lines (they carry the token) are silenced."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(QuietStartupFailure())
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
