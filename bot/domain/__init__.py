"""Pure coaching logic: no Telegram, no SQL."""
