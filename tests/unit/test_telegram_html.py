"""Telegram's HTML parse mode (bot/content/telegram_html.py): what TDLib accepts and rejects,
errors that say what and where, and how /broadcast words them in each language."""

from __future__ import annotations

import pytest

from bot.content.keys import HTML_ERROR_KEYS, PLACEHOLDERS, K, P
from bot.content.loader import Content, load_content, placeholders_of
from bot.content.telegram_html import (
    HtmlErrorCode,
    HtmlParseError,
    excerpt,
    parse_html,
)
from bot.features.operator.handlers import MAX_BROADCAST_CHARS, broadcast_problem, html_error_text
from bot.features.operator.texts import OperatorText

from .content_copies import CONTENT

E = HtmlErrorCode


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT)


def test_parse_html_matches_tdlib_cases() -> None:
    with pytest.raises(HtmlParseError, match="Unclosed start tag at byte offset 13"):
        parse_html("🏟 🏟&lt;<abacaba")
    with pytest.raises(HtmlParseError, match="Unexpected end tag at byte offset 20"):
        parse_html("🏟 🏟&lt;<b></b></")
    parsed = parse_html("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>")
    assert parsed.text == "🏟 🏟🏟 ><🏟"
    assert parsed.entities == [
        {"type": "italic", "offset": 5, "length": 7},
        {"type": "bold", "offset": 9, "length": 3},
    ]
    assert parse_html("Tom & Jerry").text == "Tom & Jerry"


@pytest.mark.parametrize(
    ("markup", "code", "position", "tag", "message"),
    [
        ("<b>x</b> 3 < 5", E.BARE_LESS_THAN, 11, "", 'Unsupported start tag "" at byte offset 11'),
        ("2<3 and 4>1", E.BARE_LESS_THAN, 1, "3", 'Unsupported start tag "3" at byte offset 1'),
        ("x <", E.BARE_LESS_THAN, 2, "", "Unclosed start tag at byte offset 2"),
        ("<br>", E.UNSUPPORTED_TAG, 0, "br", 'Unsupported start tag "br" at byte offset 0'),
        ("a <b", E.UNFINISHED_START_TAG, 2, "b", "Unclosed start tag at byte offset 2"),
        ("<b>x", E.UNCLOSED_TAG, 0, "b", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", E.UNEXPECTED_END_TAG, 1, "b", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", E.UNFINISHED_END_TAG, 4, "b", "Unclosed end tag at byte offset 4"),
        ('<a href=x"y>l</a>', E.BAD_ATTRIBUTE_VALUE, 8, "a", "Unexpected end of name token"),
        ('<a "x>l</a>', E.EMPTY_ATTRIBUTE_NAME, 0, "a", 'Empty attribute name in the tag "a"'),
        ("<span>x</span>", E.SPAN_WITHOUT_SPOILER, 0, "span", 'Tag "span" must have class'),
        ("<tg-emoji>👍</tg-emoji>", E.INVALID_EMOJI_ID, 0, "tg-emoji", "Invalid custom emoji"),
        ("&#xD800;", E.INVALID_UNICODE, None, None, "Text contains invalid Unicode characters"),
        # Positions count characters, not TDLib's UTF-8 bytes.
        (
            "🏟 🏟&lt;<abacaba",
            E.UNFINISHED_START_TAG,
            7,
            "abacaba",
            "Unclosed start tag at byte offset 13",
        ),
    ],
)
def test_errors_say_what_and_where(
    markup: str, code: HtmlErrorCode, position: int | None, tag: str | None, message: str
) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(markup)
    error = caught.value
    assert (error.code, error.position, error.tag) == (code, position, tag)
    assert str(error).startswith(message)  # TDLib's words, as the Bot API answers them


def test_an_unmatched_end_tag_names_both_tags() -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html("<b>x <i>y</b></i>")
    assert (caught.value.code, caught.value.tag, caught.value.expected) == (
        E.UNMATCHED_END_TAG,
        "b",
        "i",
    )
    assert caught.value.position == 9


def test_a_bare_ampersand_is_an_error_only_when_strict() -> None:
    assert parse_html("Tom & Jerry").text == "Tom & Jerry"
    with pytest.raises(HtmlParseError) as caught:
        parse_html("Tom & Jerry", strict_ampersand=True)
    assert (caught.value.code, caught.value.position) == (E.BARE_AMPERSAND, 4)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<b>x</b> 3 &lt; 5", "x 3 < 5"),
        ("&lt;&gt;&amp;&quot;&#39;&#x41;", "<>&\"'A"),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st"),
        ('<a href="https://example.com">link</a>', "link"),
        ("<blockquote expandable>q</blockquote>", "q"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
    ],
)
def test_what_telegram_takes_is_taken(markup: str, text: str) -> None:
    assert parse_html(markup).text == text


def test_excerpt_is_one_short_line() -> None:
    assert excerpt("3 < 5", 2) == "< 5"
    assert excerpt("a <b\nc" + "d" * 30, 2) == "<b c" + "d" * 16 + "…"


def test_every_error_has_a_text_with_its_placeholders(content: Content) -> None:
    assert set(HTML_ERROR_KEYS) == set(HtmlErrorCode)
    for key in HTML_ERROR_KEYS.values():
        for language, locale in content.locales.items():
            used = placeholders_of(locale.texts.variants(key)[0])
            assert used == PLACEHOLDERS.get(key, frozenset()), (language, key)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_bare_less_than_is_refused_for_a_broadcast(content: Content, language: str) -> None:
    texts = content.locales[language].texts
    problem = texts.get(K.HTML_BARE_LESS_THAN, near="< 5")  # escaped as every filled value
    assert broadcast_problem(texts, "<b>x</b> 3 < 5") == problem
    assert broadcast_problem(texts, "<b>x</b> 3 &lt; 5") is None


def test_rendered_problems_are_telegram_html_in_every_language(content: Content) -> None:
    for markup in ["<b>x</b> 3 < 5", "<b>x", '<a href="u"x">l</a>', "<b>x <i>y</b></i>", "<br>"]:
        with pytest.raises(HtmlParseError) as caught:
            parse_html(markup)
        for locale in content.locales.values():
            shown = locale.texts.get(
                OperatorText.BROADCAST_INVALID,
                problem=html_error_text(locale.texts, caught.value, markup),
            )
            parse_html(shown, strict_ampersand=True)  # the operator gets it, as Telegram does


def test_a_too_long_broadcast_is_refused_in_the_operators_language(content: Content) -> None:
    body = "x" * (MAX_BROADCAST_CHARS + 1)
    for locale in content.locales.values():
        texts = locale.texts
        limit = texts.count(P.CHARACTERS, 4000)
        assert broadcast_problem(texts, body) == texts.get(
            OperatorText.BROADCAST_TOO_LONG, limit=limit
        )
