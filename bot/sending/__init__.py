"""How the bot's requests reach Telegram: two lanes (replies and bulk), one limiter."""
