"""The shape of the updates the bot handles, checked before a webhook body reaches the bot.

Telegram's own updates always have it; a body that does not (a number where an object belongs,
a message without its chat, a date past the year 2038) is someone else's, and gets a 400 rather
than a traceback somewhere in a handler. Fields the bot does not read are let through as they are.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

# Telegram ids fit in 64 bits (user and chat ids in 52); dates are Unix seconds.
TelegramId = Annotated[int, Field(strict=True, ge=-(2**63), lt=2**63)]
UnixTime = Annotated[int, Field(strict=True, ge=0, lt=2**32)]
Text = Annotated[StrictStr, Field(max_length=65536)]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class _User(_Shape):
    id: TelegramId
    is_bot: StrictBool
    first_name: Text


class _Chat(_Shape):
    id: TelegramId
    type: StrictStr


class _Message(_Shape):
    message_id: TelegramId
    date: UnixTime
    chat: _Chat
    sender: _User | None = Field(default=None, alias="from")
    text: Text | None = None


class _CallbackQuery(_Shape):
    id: Text
    sender: _User = Field(alias="from")
    chat_instance: Text
    data: Text | None = None
    message: _Message | None = None


class _Update(_Shape):
    update_id: TelegramId
    message: _Message | None = None
    edited_message: _Message | None = None
    channel_post: _Message | None = None
    edited_channel_post: _Message | None = None
    callback_query: _CallbackQuery | None = None


def is_update(data: Any) -> bool:
    """Whether `data` (parsed JSON) has the shape of a Telegram update in the fields the bot
    reads."""
    try:
        _Update.model_validate(data)
    except ValidationError:
        return False
    return True
