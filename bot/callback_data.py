"""Declarative inline-button callback data: declare a type once, get a strict codec for it.

A callback type is a frozen dataclass that subclasses `CallbackData` with its prefix::

    @dataclass(frozen=True, slots=True)
    class CardPress(CallbackData, prefix="c"):
        session_id: Annotated[int, ID]
        step: Annotated[int, STEP]
        action: CardAction  # a StrEnum: its values are the allowed tokens

Its data is the prefix and then one token per field, joined by ":" ("c:1:0:d"). Trailing
fields with a default are left out while they hold it. Subclassing registers the prefix (a
prefix taken twice is an error at import), and `decode` knows every registered type.

Callback data comes back from the client and can be forged, so `decode` is strict: every token
must fully match its field's bounded ASCII pattern before it is converted, the data must be the
one canonical spelling of its value, and anything else decodes to None. Nothing here raises on
input. `encode` refuses values that would not decode back, and data over 64 bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, Generic, Self, TypeVar, get_args, get_origin
from typing import get_type_hints as _type_hints

MAX_BYTES = 64
SEPARATOR = ":"

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

_PREFIX = re.compile(r"[a-z][a-z0-9]{0,7}")
# A quantifier without an upper bound (*, + or {n,}) once escapes and [classes] are dropped.
_ESCAPES_AND_CLASSES = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]")
_UNBOUNDED = re.compile(r"[*+]|\{[0-9]*,\}")


class Field(Generic[T]):
    """How one field is written: a bounded pattern for its token and the two conversions.

    `parse` only ever sees a token that fully matched `pattern`.
    """

    __slots__ = ("_regex", "parse", "pattern", "to_token")

    def __init__(self, pattern: str, parse: Callable[[str], T], to_token: Callable[[T], str]):
        if _UNBOUNDED.search(_ESCAPES_AND_CLASSES.sub("", pattern)):
            raise TypeError(f"field pattern {pattern!r} must be bounded (no *, + or {{n,}})")
        self.pattern = pattern
        self.parse = parse
        self.to_token = to_token
        self._regex = re.compile(f"(?:{pattern})", re.ASCII)
        if self.matches("") or self.matches(SEPARATOR):
            raise TypeError(f"field pattern {pattern!r} must not match '' or {SEPARATOR!r}")

    def matches(self, token: str) -> bool:
        """Whether `token` is an allowed token of this field (a full, ASCII-only match)."""
        return token.isascii() and SEPARATOR not in token and bool(self._regex.fullmatch(token))

    def __repr__(self) -> str:
        return f"Field({self.pattern!r})"


def _int_token(value: int) -> str:
    if type(value) is not int:
        raise ValueError(f"not an int: {value!r}")
    return str(value)


def _str_token(value: str) -> str:
    if type(value) is not str:
        raise ValueError(f"not a str: {value!r}")
    return value


def integer(pattern: str) -> Field[int]:
    """A non-negative int field, e.g. "0|[1-9][0-9]{0,3}"; tokens are 1 to 18 ASCII digits."""
    # Whatever `pattern` says, int() only sees a short run of ASCII digits.
    return Field(rf"(?=[0-9]{{1,18}}\Z)(?:{pattern})", int, _int_token)


def text(pattern: str) -> Field[str]:
    """A str field whose tokens are the strings themselves, e.g. "[a-z]{2,3}"."""
    return Field(pattern, str, _str_token)


def flag(true: str, false: str) -> Field[bool]:
    """A bool field written as one of two tokens."""
    if true == false:
        raise TypeError("a flag needs two different tokens")

    def to_token(value: bool) -> str:
        if type(value) is not bool:
            raise ValueError(f"not a bool: {value!r}")
        return true if value else false

    return Field(f"{re.escape(true)}|{re.escape(false)}", lambda token: token == true, to_token)


def optional(inner: Field[T], none: str) -> Field[T | None]:
    """`inner`, or None written as the token `none` (which `inner` must not allow)."""
    if inner.matches(none):
        raise TypeError(f"{none!r} is already a token of {inner!r}")

    def parse(token: str) -> T | None:
        return None if token == none else inner.parse(token)

    def to_token(value: T | None) -> str:
        return none if value is None else inner.to_token(value)

    return Field(f"{re.escape(none)}|{inner.pattern}", parse, to_token)


def enum(kind: type[E]) -> Field[E]:
    """A StrEnum field: its values are the tokens. Bare StrEnum annotations get this."""
    values = [member.value for member in kind]
    for value in values:
        if not value or not value.isascii() or SEPARATOR in value:
            raise TypeError(f"{kind.__name__} value {value!r} cannot be a token")

    def to_token(value: E) -> str:
        if not isinstance(value, kind):
            raise ValueError(f"not a {kind.__name__}: {value!r}")
        return value.value

    return Field("|".join(re.escape(value) for value in values), kind, to_token)


ID = integer(r"[1-9][0-9]{0,17}")
"""A positive database id (at most 18 digits, so it fits a signed 64-bit integer)."""
STEP = integer(r"0|[1-9][0-9]{0,3}")
"""A small non-negative int, 0 to 9999."""
IDENT = text(r"[a-z][a-z0-9_]{0,31}")
"""An identifier such as a routine id."""
LANGUAGE = text(r"[a-z]{2,3}")
"""A language code such as "ru"."""
DATE = text(r"20[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])")
"""A date written YYYYMMDD."""


@dataclass(frozen=True, slots=True)
class _Slot:
    name: str
    field: Field[Any]
    default: object  # MISSING when the field is required


@dataclass(frozen=True, slots=True)
class _Layout:
    slots: tuple[_Slot, ...]
    required: int


_registry: dict[str, type[CallbackData]] = {}
_layouts: dict[type[CallbackData], _Layout] = {}


class CallbackData:
    """The base of a callback type; subclass it as `class X(CallbackData, prefix="x")`.

    The subclass must be a dataclass (frozen, ideally with slots) whose fields are each
    annotated `Annotated[type, <Field>]` or with a StrEnum.
    """

    __slots__ = ()
    prefix: ClassVar[str]

    def __init_subclass__(cls, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix is None:
            # @dataclass(slots=True) builds a new class from the one it decorates, with no
            # class keywords: that copy replaces the original in the registry.
            declared = cls.__dict__.get("prefix")
            known = _registry.get(declared) if isinstance(declared, str) else None
            if known is None or not _same_declaration(known, cls):
                raise TypeError(f"{cls.__qualname__} must declare its prefix: (..., prefix=...)")
            _registry[known.prefix] = cls
            return
        if not _PREFIX.fullmatch(prefix):
            raise TypeError(f"callback prefix {prefix!r} must match {_PREFIX.pattern}")
        taken = _registry.get(prefix)
        if taken is not None:
            raise TypeError(
                f"callback prefix {prefix!r} of {cls.__qualname__} is taken by "
                f"{taken.__module__}.{taken.__qualname__}"
            )
        cls.prefix = prefix
        _registry[prefix] = cls

    def is_valid(self) -> bool:
        """Whether the fields fit together; override for rules across fields."""
        return True

    def pack(self) -> str:
        """This callback as button data; ValueError if it would not decode back or is too long."""
        layout = _layout(type(self))
        tokens = _tokens(self, layout)
        data = SEPARATOR.join([self.prefix, *tokens])
        if len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        for slot, token in zip(layout.slots, tokens, strict=False):
            if not slot.field.matches(token):
                value = getattr(self, slot.name)
                raise ValueError(f"{type(self).__name__}.{slot.name} = {value!r} is not allowed")
        if not self.is_valid():
            raise ValueError(f"{self!r} is not a valid {type(self).__name__}")
        return data

    @classmethod
    def unpack(cls, data: str | None) -> Self | None:
        """The callback of this type that `data` carries, or None."""
        callback = decode(data)
        return callback if isinstance(callback, cls) else None


def _same_declaration(original: type, copy: type) -> bool:
    # The copy shares the dataclass fields object of the class it was built from.
    fields_of_original = original.__dict__.get("__dataclass_fields__")
    return fields_of_original is not None and copy.__dict__.get("__dataclass_fields__") is (
        fields_of_original
    )


def _field_of(owner: type, name: str, hint: object) -> Field[Any]:
    if get_origin(hint) is Annotated:
        specs = [m for m in get_args(hint)[1:] if isinstance(m, Field)]
        if len(specs) == 1:
            return specs[0]
    elif isinstance(hint, type) and issubclass(hint, StrEnum):
        return enum(hint)
    raise TypeError(
        f"{owner.__qualname__}.{name} needs one field spec: Annotated[type, <Field>] or a StrEnum"
    )


def _layout(cls: type[CallbackData]) -> _Layout:
    known = _layouts.get(cls)
    if known is not None:
        return known
    if not is_dataclass(cls):
        raise TypeError(f"{cls.__qualname__} must be a dataclass")
    try:
        hints = _type_hints(cls, include_extras=True)
    except NameError as error:  # an annotation that does not resolve at module level
        raise TypeError(f"{cls.__qualname__}: {error}") from error
    slots: list[_Slot] = []
    for item in fields(cls):
        if item.name == "prefix" or not item.init or item.kw_only:
            raise TypeError(f"{cls.__qualname__}.{item.name} cannot be a callback field")
        if item.default_factory is not MISSING:
            raise TypeError(f"{cls.__qualname__}.{item.name}: use a plain default")
        slots.append(_Slot(item.name, _field_of(cls, item.name, hints[item.name]), item.default))
    required = sum(slot.default is MISSING for slot in slots)
    layout = _Layout(tuple(slots), required)
    _layouts[cls] = layout
    return layout


def _tokens(callback: CallbackData, layout: _Layout) -> list[str]:
    values = [getattr(callback, slot.name) for slot in layout.slots]
    end = len(values)
    while end > layout.required and values[end - 1] == layout.slots[end - 1].default:
        end -= 1
    kept = zip(layout.slots, values[:end], strict=False)
    return [slot.field.to_token(value) for slot, value in kept]


def encode(callback: CallbackData) -> str:
    """Button data for `callback` (see `CallbackData.pack`)."""
    return callback.pack()


def decode(data: str | None) -> CallbackData | None:
    """The callback that button data carries, of any registered type; None if malformed."""
    if not isinstance(data, str) or not data or len(data) > MAX_BYTES or not data.isascii():
        return None  # ASCII only, so the length in characters is the length in bytes
    prefix, *tokens = data.split(SEPARATOR)
    cls = _registry.get(prefix)
    if cls is None:
        return None
    layout = _layout(cls)
    if not layout.required <= len(tokens) <= len(layout.slots):
        return None
    values: dict[str, Any] = {}
    for slot, token in zip(layout.slots, tokens, strict=False):
        if not slot.field.matches(token):
            return None
        values[slot.name] = slot.field.parse(token)
    make: Callable[..., CallbackData] = cls
    callback = make(**values)
    if not callback.is_valid() or _tokens(callback, layout) != tokens:
        return None  # fields that do not fit together, or not the canonical spelling
    return callback


def registered() -> Mapping[str, type[CallbackData]]:
    """Every registered callback type by its prefix (read-only)."""
    return MappingProxyType(_registry)


def check_declarations() -> None:
    """Resolve the fields of every registered type now; TypeError names a misdeclared one."""
    for cls in list(_registry.values()):
        _layout(cls)
