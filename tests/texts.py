"""The bot's texts as the tests check them: by their keys, never by their English words.

Rewording a text in content/locales/<lang>/texts.yaml breaks no test, and every test still checks
that the right text was sent. Keys are bot.content.keys.K (texts) and P (counted nouns).

- said(K.X, **values): the text as the user reads it in a message, i.e. what the fake server keeps
  in `.content` (Telegram HTML parsed to plain text), with its placeholders filled.
- lead(K.X, **values): the start of that text, up to the first placeholder not given.
- pattern(K.X, **values) and matches(K.X, content, **values): the text with the placeholders not
  given standing for any text, as a regex, and whether `content` contains it.
- EN.get(K.BUTTON_DONE), RU.count(P.DAYS, 2): exactly what the bot sends, for what Telegram
  shows as sent (button labels, toasts, command descriptions), for raw HTML, and for the values
  the bot fills into other texts.
- plain(markup): any Telegram HTML as the user reads it.
- routine("neck").title, locale().sections["neck"].rules: words of content/locales/*/exercises.yaml.
"""

from __future__ import annotations

import re

from bot.content.keys import TextKey
from bot.content.loader import Content, Html, Locale, Texts, load_content, placeholders_of
from bot.content.schema import RoutineText
from bot.content.telegram_html import parse_html
from bot.settings import PROJECT_ROOT

CONTENT: Content = load_content(PROJECT_ROOT / "content")
EN: Texts = CONTENT.locales["en"].texts
RU: Texts = CONTENT.locales["ru"].texts

# A private-use character: where a placeholder the test does not fill stands in a text.
_OPEN = "\ue000"


def locale(language: str = "en") -> Locale:
    """Everything the user sees in `language`: texts, routines, sections, exercises, equipment."""
    return CONTENT.locales[language]


def routine(routine_id: str, language: str = "en") -> RoutineText:
    """A routine's words: its title, description, menu button and command description."""
    return locale(language).routines[routine_id]


def plain(markup: str) -> str:
    """Telegram HTML as the user reads it, parsed the way the fake server fills `.content`."""
    return parse_html(markup, strict_ampersand=True).text


def said(key: TextKey, /, language: str = "en", **values: object) -> str:
    """The text of `key` as the user reads it, every placeholder filled from `values`."""
    return plain(locale(language).texts.get(key, **values))


def _pieces(key: TextKey, language: str, values: dict[str, object]) -> list[str]:
    """The plain text of `key` split where a placeholder is not given."""
    texts = locale(language).texts
    template = texts.variants(key)[0]  # the one Texts.get fills
    open_ = {name: Html(_OPEN) for name in placeholders_of(template) if name not in values}
    return plain(texts.get(key, **values, **open_)).split(_OPEN)


def lead(key: TextKey, /, language: str = "en", **values: object) -> str:
    """The plain text of `key` up to its first placeholder not given in `values`."""
    first = _pieces(key, language, values)[0]
    assert first, f"{key} starts with a placeholder: there is no text before it"
    return first


def pattern(key: TextKey, /, language: str = "en", **values: object) -> re.Pattern[str]:
    """The plain text of `key` as a regex: the placeholders not given match any text."""
    return re.compile(".+?".join(re.escape(piece) for piece in _pieces(key, language, values)))


def matches(key: TextKey, content: str, /, language: str = "en", **values: object) -> bool:
    """Whether `content` contains the text of `key`, the placeholders not given being any text."""
    return pattern(key, language, **values).search(content) is not None
