"""Telegram's HTML parse mode, ported from ``parse_html`` in TDLib's ``MessageEntity.cpp``.

The one check of HTML in the project: the content check, /broadcast and the tests' fake Bot API
server all use it, so what passes here is what Telegram accepts.

The parser works on UTF-8 bytes like TDLib does, so byte offsets in error messages match
what the real Bot API answers (``Bad Request: can't parse entities: <message>``). Each error
also carries a :class:`HtmlErrorCode` and where it is (a character position, the tag), so a
caller can describe it in its own words and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["HtmlErrorCode", "HtmlParseError", "ParsedText", "excerpt", "parse_html", "utf16_len"]

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_REFERENCES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SPACES = frozenset(b" \t\r\n\v\0")
_ATTRIBUTE_NAME_END = _SPACES | frozenset(b"=>/\"'")
_NAME_TOKEN = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_DIGITS = frozenset(b"0123456789")
_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SURROGATE_ERROR = (
    "Text contains invalid Unicode characters after decoding HTML entities, "
    "check for unmatched surrogate code units"
)


_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")


class HtmlErrorCode(StrEnum):
    """What is wrong with the markup (one TDLib message may map to a finer code)."""

    BARE_LESS_THAN = "bare_less_than"  # "<" that starts no tag: "3 < 5"
    UNSUPPORTED_TAG = "unsupported_tag"  # <br>, <p>, <shoulder>
    UNFINISHED_START_TAG = "unfinished_start_tag"  # the text ends inside "<b ..."
    EMPTY_ATTRIBUTE_NAME = "empty_attribute_name"
    BAD_ATTRIBUTE_VALUE = "bad_attribute_value"  # an unquoted value with odd characters
    SPAN_WITHOUT_SPOILER = "span_without_spoiler"
    INVALID_EMOJI_ID = "invalid_emoji_id"
    UNEXPECTED_END_TAG = "unexpected_end_tag"  # "</b>" with no tag open
    UNFINISHED_END_TAG = "unfinished_end_tag"  # "</b" without ">"
    UNMATCHED_END_TAG = "unmatched_end_tag"  # "<b><i></b>"
    UNCLOSED_TAG = "unclosed_tag"  # "<b>never closed"
    INVALID_UNICODE = "invalid_unicode"  # an unmatched surrogate from a character reference
    BARE_AMPERSAND = "bare_ampersand"  # only with strict_ampersand (Telegram accepts it)


class HtmlParseError(ValueError):
    """Markup that Telegram rejects; ``str(error)`` is TDLib's message.

    ``code`` says what is wrong; ``position`` is the index (in characters) in the markup where
    the problem starts, when it has one; ``tag`` is the tag at fault (for
    ``UNMATCHED_END_TAG`` the one found, with ``expected`` the one that should close).
    """

    def __init__(
        self,
        code: HtmlErrorCode,
        message: str,
        *,
        position: int | None = None,
        tag: str | None = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.position = position
        self.tag = tag
        self.expected = expected


@dataclass(frozen=True)
class ParsedText:
    """Plain text and Bot API ``MessageEntity`` dicts produced from markup."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    byte_offset: int
    source_offset: int  # of its "<" in the markup, in bytes


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def excerpt(markup: str, position: int, width: int = 20) -> str:
    """Up to ``width`` characters of ``markup`` from ``position``, "…" where cut, one line."""
    part = markup[position : position + width]
    cut = position + width < len(markup)
    return " ".join(part.split()) + ("…" if cut else "")


def _decode_reference(data: bytes, pos: int) -> tuple[int, int] | None:
    """Decode the character reference at ``pos`` as TDLib's ``decode_html_entity`` does."""
    end = pos + 1
    code = 0
    if data[pos + 1] == ord("#"):
        end += 1
        if data[pos + 2] == ord("x"):
            end += 1
            while data[end] in _HEX:
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
        else:
            while data[end] in _DIGITS:
                code = code * 10 + data[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
    else:
        while data[end] in _LETTERS:
            end += 1
        named = _NAMED_REFERENCES.get(data[pos + 1 : end])
        if named is None:
            return None
        code = named
    return code, end + 1 if data[end] == ord(";") else end


def _lower(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").lower()


def _tag_argument(tag: str, name: str, value: str) -> str | None:
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    if tag == "blockquote" and name == "expandable":
        return "1"
    return None


def _link_entity(url: str) -> dict[str, Any] | None:
    if url.startswith("tg://user?id="):
        user_id = url.removeprefix("tg://user?id=")
        if user_id.isdigit():
            return {"type": "text_mention", "user": {"id": int(user_id), "is_bot": False}}
        return None
    if not url or any(c in url for c in " \t\r\n"):
        return None
    if "://" not in url:
        url = "http://" + url
    if url.startswith(("http://", "https://")) and url.count("/") == 2:
        url += "/"
    return {"type": "text_link", "url": url}


def _entity_for(tag: _OpenTag, length: int, text_so_far: bytes) -> dict[str, Any] | None:
    base: dict[str, Any] = {"offset": tag.utf16_offset, "length": length}
    if tag.name in _ENTITY_TYPES:
        return {"type": _ENTITY_TYPES[tag.name], **base}
    if tag.name == "tg-emoji":
        return {"type": "custom_emoji", **base, "custom_emoji_id": tag.argument}
    if tag.name == "a":
        url = tag.argument or text_so_far[tag.byte_offset :].decode("utf-8", "replace")
        link = _link_entity(url)
        return None if link is None else {"type": link["type"], **base, **link}
    if tag.name == "pre":
        return {"type": "pre", **base}
    if tag.name == "code":
        return {"type": "code", **base, **({"language": tag.argument} if tag.argument else {})}
    if tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        return {"type": kind, **base}
    raise AssertionError(f"unhandled tag {tag.name}")  # pragma: no cover


def _merge_code_into_pre(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``<pre><code class="language-x">`` becomes one ``pre`` entity with a language."""
    result: list[dict[str, Any]] = []
    for entity in entities:
        prev = result[-1] if result else None
        same_span = (
            prev is not None
            and prev["offset"] == entity["offset"]
            and prev["length"] == entity["length"]
        )
        if prev is not None and same_span and {prev["type"], entity["type"]} == {"pre", "code"}:
            language = prev.get("language") or entity.get("language")
            if language:
                result[-1] = {
                    "type": "pre",
                    "offset": entity["offset"],
                    "length": entity["length"],
                    "language": language,
                }
                continue
        result.append(entity)
    for entity in result:
        if entity["type"] == "code":
            entity.pop("language", None)
    return result


def _is_emoji_id(argument: str) -> bool:
    return argument.isdigit() and int(argument) != 0


def _is_bare_less_than(name: str) -> bool:
    """Whether a "<" followed by ``name`` is not a tag at all but a lone sign ("3 < 5")."""
    return _TAG_NAME.fullmatch(name) is None


def parse_html(markup: str, *, strict_ampersand: bool = False) -> ParsedText:
    """Parse Telegram HTML into text and entities, or raise :class:`HtmlParseError`.

    With ``strict_ampersand`` a ``&`` that does not start a character reference is an error
    (real Telegram keeps it as a literal ``&``; the fake can be stricter to catch missing
    ``html.escape`` calls).
    """
    data = markup.encode("utf-8", "surrogatepass") + b"\0"
    size = len(data) - 1
    out = bytearray()
    utf16_offset = 0
    has_surrogate = False
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []

    def position(byte_offset: int) -> int:
        return len(data[:byte_offset].decode("utf-8", "surrogatepass"))

    def error(
        code: HtmlErrorCode, message: str, byte_offset: int | None = None, **where: str
    ) -> HtmlParseError:
        at = None if byte_offset is None else position(byte_offset)
        return HtmlParseError(code, message, position=at, **where)

    i = 0
    while i < size:
        char = data[i]
        if char == ord("&"):
            decoded = _decode_reference(data, i)
            if decoded is not None:
                code, i = decoded
                has_surrogate = has_surrogate or 0xD800 <= code <= 0xDFFF
                utf16_offset += 2 if code > 0xFFFF else 1
                out += chr(code).encode("utf-8", "surrogatepass")
                continue
            if strict_ampersand:
                raise error(
                    HtmlErrorCode.BARE_AMPERSAND,
                    f'Unescaped "&" at byte offset {i}; write it as &amp; '
                    "(the fake Bot API is stricter than Telegram here)",
                    i,
                )
        if char != ord("<"):
            if char & 0xC0 != 0x80:
                utf16_offset += 2 if char >= 0xF0 else 1
            out.append(char)
            i += 1
            continue

        begin = i
        i += 1
        if data[i] != ord("/"):
            while data[i] not in _SPACES and data[i] != ord(">"):
                i += 1
            tag_name = _lower(data[begin + 1 : i])
            if data[i] == 0:
                bare = _is_bare_less_than(tag_name)
                raise error(
                    HtmlErrorCode.BARE_LESS_THAN if bare else HtmlErrorCode.UNFINISHED_START_TAG,
                    f"Unclosed start tag at byte offset {begin}",
                    begin,
                    tag=tag_name,
                )
            if tag_name not in _SUPPORTED_TAGS:
                bare = _is_bare_less_than(tag_name)
                raise error(
                    HtmlErrorCode.BARE_LESS_THAN if bare else HtmlErrorCode.UNSUPPORTED_TAG,
                    f'Unsupported start tag "{tag_name}" at byte offset {begin}',
                    begin,
                    tag=tag_name,
                )
            argument = ""
            while data[i] != ord(">"):
                while data[i] != 0 and data[i] in _SPACES:
                    i += 1
                if data[i] == ord(">"):
                    break
                name_begin = i
                while data[i] not in _ATTRIBUTE_NAME_END:
                    i += 1
                attribute = _lower(data[name_begin:i])
                if not attribute:
                    raise error(
                        HtmlErrorCode.EMPTY_ATTRIBUTE_NAME,
                        f'Empty attribute name in the tag "{tag_name}" at byte offset {begin}',
                        begin,
                        tag=tag_name,
                    )
                while data[i] != 0 and data[i] in _SPACES:
                    i += 1
                if data[i] != ord("="):
                    if data[i] == 0:
                        raise error(
                            HtmlErrorCode.UNFINISHED_START_TAG,
                            f'Unclosed start tag "{tag_name}" at byte offset {begin}',
                            begin,
                            tag=tag_name,
                        )
                    if tag_name == "blockquote" and attribute == "expandable":
                        argument = "1"
                    continue
                i += 1
                while data[i] != 0 and data[i] in _SPACES:
                    i += 1
                if data[i] == 0:
                    raise error(
                        HtmlErrorCode.UNFINISHED_START_TAG,
                        f'Unclosed start tag "{tag_name}" at byte offset {begin}',
                        begin,
                        tag=tag_name,
                    )
                if data[i] not in (ord('"'), ord("'")):
                    token_begin = i
                    while data[i] in _NAME_TOKEN:
                        i += 1
                    value = _lower(data[token_begin:i])
                    if data[i] not in _SPACES and data[i] != ord(">"):
                        raise error(
                            HtmlErrorCode.BAD_ATTRIBUTE_VALUE,
                            f"Unexpected end of name token at byte offset {token_begin}",
                            token_begin,
                            tag=tag_name,
                        )
                else:
                    quote = data[i]
                    i += 1
                    raw = bytearray()
                    while data[i] != quote and data[i] != 0:
                        if data[i] == ord("&"):
                            ref = _decode_reference(data, i)
                            if ref is not None:
                                raw += chr(ref[0]).encode("utf-8", "surrogatepass")
                                i = ref[1]
                                continue
                        raw.append(data[i])
                        i += 1
                    if data[i] == quote:
                        i += 1
                    value = bytes(raw).decode("utf-8", "replace")
                if data[i] == 0:
                    raise error(
                        HtmlErrorCode.UNFINISHED_START_TAG,
                        f"Unclosed start tag at byte offset {begin}",
                        begin,
                        tag=tag_name,
                    )
                new_argument = _tag_argument(tag_name, attribute, value)
                if new_argument is not None:
                    argument = new_argument
            if tag_name == "span" and argument != "spoiler":
                raise error(
                    HtmlErrorCode.SPAN_WITHOUT_SPOILER,
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}',
                    begin,
                    tag=tag_name,
                )
            stack.append(_OpenTag(tag_name, argument, utf16_offset, len(out), begin))
            i += 1
            continue

        while data[i] not in _SPACES and data[i] != ord(">"):
            i += 1
        end_name = _lower(data[begin + 2 : i])
        if not stack:
            raise error(
                HtmlErrorCode.UNEXPECTED_END_TAG,
                f"Unexpected end tag at byte offset {begin}",
                begin,
                tag=end_name,
            )
        while data[i] != 0 and data[i] in _SPACES:
            i += 1
        if data[i] != ord(">"):
            raise error(
                HtmlErrorCode.UNFINISHED_END_TAG,
                f"Unclosed end tag at byte offset {begin}",
                begin,
                tag=end_name,
            )
        open_tag = stack[-1]
        if end_name and end_name != open_tag.name:
            raise error(
                HtmlErrorCode.UNMATCHED_END_TAG,
                f"Unmatched end tag at byte offset {begin}, "
                f'expected "</{open_tag.name}>", found "</{end_name}>"',
                begin,
                tag=end_name,
                expected=open_tag.name,
            )
        if utf16_offset > open_tag.utf16_offset:
            if open_tag.name == "tg-emoji" and not _is_emoji_id(open_tag.argument):
                raise error(
                    HtmlErrorCode.INVALID_EMOJI_ID,
                    "Invalid custom emoji identifier specified",
                    open_tag.source_offset,
                    tag=open_tag.name,
                )
            entity = _entity_for(open_tag, utf16_offset - open_tag.utf16_offset, bytes(out))
            if entity is not None:
                entities.append(entity)
        stack.pop()
        i += 1

    if stack:
        raise error(
            HtmlErrorCode.UNCLOSED_TAG,
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"',
            stack[-1].source_offset,
            tag=stack[-1].name,
        )
    if has_surrogate:
        raise HtmlParseError(HtmlErrorCode.INVALID_UNICODE, _SURROGATE_ERROR)
    entities = _merge_code_into_pre(entities)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(bytes(out).decode("utf-8", "replace"), entities)
