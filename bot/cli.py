"""Command line: `python -m bot` runs the bot; `python -m bot check-content` validates content;
`python -m bot render-illustrations --out DIR` draws every exercise's animation and a contact
sheet; `--cache DIR` draws the ones missing from the bot's drawings folder (DRAWINGS_DIR)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken, NetworkError

from bot.content.loader import ContentError, load_content
from bot.settings import PROJECT_ROOT, ContentSettings, Settings


def _settings_or_exit() -> Settings:
    try:
        return Settings()  # the environment supplies bot_token
    except ValidationError as error:
        print("The bot cannot start; its settings need fixing:", file=sys.stderr)
        for item in error.errors(include_input=False):
            name = "_".join(str(part) for part in item["loc"]).upper()
            message = "is missing" if item["type"] == "missing" else item["msg"]
            print(f"  {name}: {message}", file=sys.stderr)
        print("Set them in the environment or in .env (see .env.example).", file=sys.stderr)
        raise SystemExit(2) from None


def check_content(content_dir: Path | None) -> int:
    """Validates the content folder the bot would use (CONTENT_DIR, from the environment or
    .env) or the one given; names it, and prints every problem with file and field."""
    folder = content_dir if content_dir is not None else ContentSettings().content_dir
    try:
        content = load_content(folder)
    except ContentError as error:
        print(f"Checked {folder}.", file=sys.stderr)
        return _content_problems(error)
    routines = ", ".join(f"{r.id} ({r.total})" for r in content.program.routines)
    languages = ", ".join(sorted(content.locales))
    print(f"Content in {folder} is valid. Languages: {languages}. Routines: {routines}.")
    return 0


def run() -> int:
    """Runs the bot until interrupted: long polling, or a webhook server when WEBHOOK_URL is set."""
    from bot.app import ALLOWED_UPDATES, POLL_INTERVAL, build_application, database_opened
    from bot.logging_setup import configure_logging

    settings = _settings_or_exit()
    secrets = [settings.bot_token.get_secret_value()]
    if settings.webhook_secret is not None:  # PTB logs setWebhook's arguments at DEBUG
        secrets.append(settings.webhook_secret.get_secret_value())
    password = make_url(settings.database_url).password  # the settings checked its shape
    if password:
        secrets.append(str(password))
    configure_logging(settings.log_level, secrets)
    try:
        application = build_application(settings)
    except ContentError as error:
        print("The bot cannot start; the content needs fixing:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError) as error:  # the SQLite file's folder cannot be made
        return _database_problem(settings, error)
    try:
        if settings.webhook_url:
            from bot.webhook import serve_webhook

            asyncio.run(serve_webhook(application, settings))
        else:
            application.run_polling(poll_interval=POLL_INTERVAL, allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        print("Telegram rejected BOT_TOKEN: check it with @BotFather.", file=sys.stderr)
        return 2
    except NetworkError as error:
        print(
            f"Cannot reach the Bot API at {settings.telegram_api_url}: {error.message}",
            file=sys.stderr,
        )
        return 1
    except (SQLAlchemyError, OSError) as error:
        if database_opened(application):  # not a start-up problem: the traceback is needed
            raise
        return _database_problem(settings, error)  # the migrations' connection
    return 0


def _database_problem(settings: Settings, error: Exception) -> int:
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    cause = getattr(error, "orig", None) or error
    reason = " ".join(str(cause).split()) or type(cause).__name__
    print(f"Cannot open the database at {where}: {reason}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bot`."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot: polling, or a webhook with WEBHOOK_URL (the default)")
    check = sub.add_parser("check-content", help="validate content/ without starting the bot")
    check.add_argument("--content-dir", type=Path, help="default: CONTENT_DIR, else content/")
    render = sub.add_parser(
        "render-illustrations", help="draw every pose of content/poses and a contact sheet"
    )
    render.add_argument("--out", type=Path, help="folder for the GIFs and the contact sheet")
    render.add_argument(
        "--cache", type=Path, help="the bot's drawings folder (DRAWINGS_DIR) to fill, e.g. at build"
    )
    render.add_argument("--content-dir", type=Path, default=PROJECT_ROOT / "content")
    args = parser.parse_args(argv)
    if args.command == "render-illustrations" and args.out is None and args.cache is None:
        parser.error("render-illustrations needs --out DIR, --cache DIR or both")
    if args.command == "check-content":
        return check_content(args.content_dir)
    if args.command == "render-illustrations":
        return render_illustrations(args.content_dir, args.out, args.cache)
    return run()


def render_illustrations(content_dir: Path, out: Path | None, cache: Path | None = None) -> int:
    """Draws each exercise's animation (GIF) and the contact sheet into `out`, and the
    animations missing from the drawings folder `cache`."""
    from bot.illustrations.drawings import Drawings
    from bot.illustrations.render import contact_sheet, render_gif

    try:
        content = load_content(content_dir)
    except ContentError as error:
        return _content_problems(error)
    if cache is not None:
        drawn = Drawings(content.poses, cache).fill()
        print(f"Drew {drawn} of {len(content.poses)} animation(s) into {cache}")
    if out is None:
        return 0
    out.mkdir(parents=True, exist_ok=True)
    locale = content.locale(None)
    titled = []
    for key, pose in sorted(content.poses.items()):
        (out / f"{key}.gif").write_bytes(render_gif(pose))
        exercise_id = key.split(".")[0]
        words = locale.exercises.get(exercise_id)
        titled.append((f"{key}: {words.title if words else exercise_id}", pose))
    sheet = out / "contact-sheet.png"
    contact_sheet(titled).save(sheet, optimize=True)
    print(f"Drew {len(titled)} exercise(s) into {out}; contact sheet: {sheet}")
    return 0


def _content_problems(error: ContentError) -> int:
    print(f"Content has {len(error.problems)} problem(s):", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1
