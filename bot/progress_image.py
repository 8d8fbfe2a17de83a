"""The last weeks as a calendar heat map: a PNG for Telegram, or an emoji grid as text."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH = 720
CELL = 72
GAP = 14
LEFT = 70
TOP = 92
BACKGROUND = (250, 250, 247)
TEXT = (60, 64, 67)
FAINT = (200, 200, 196)
EMPTY = (232, 233, 229)
GREENS = ((172, 222, 170), (106, 190, 112), (46, 139, 87))  # 1, 2, 3+ sessions
TODAY = (33, 33, 33)
FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int, font_path: str | None) -> Font:
    for candidate in (font_path, *FONT_PATHS):
        if candidate and Path(candidate).is_file():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def _first_monday(today: date, weeks: int) -> date:
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def calendar_png(
    per_day: Mapping[date, int],
    today: date,
    *,
    weekday_labels: Sequence[str],
    title: str,
    weeks: int = 5,
    font_path: str | None = None,
) -> bytes:
    """Weeks as columns (this week on the right), Monday..Sunday as rows, shaded by sessions."""
    start = _first_monday(today, weeks)
    height = TOP + 7 * (CELL + GAP) + 10
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font, label_font, day_font = (
        _font(30, font_path),
        _font(22, font_path),
        _font(18, font_path),
    )
    draw.text((LEFT, 26), title, fill=TEXT, font=title_font)
    for row, label in enumerate(weekday_labels[:7]):
        y = TOP + row * (CELL + GAP) + CELL // 2
        draw.text((LEFT - 16, y), label, fill=TEXT, font=label_font, anchor="rm")
    column_width = (WIDTH - LEFT - 20) // weeks
    for week in range(weeks):
        for row in range(7):
            day = start + timedelta(weeks=week, days=row)
            x = LEFT + week * column_width + (column_width - CELL) // 2
            y = TOP + row * (CELL + GAP)
            box = (x, y, x + CELL, y + CELL)
            count = per_day.get(day, 0)
            if day > today:
                draw.rounded_rectangle(box, radius=14, outline=FAINT, width=2)
                colour = FAINT
            else:
                fill = GREENS[min(count, 3) - 1] if count else EMPTY
                draw.rounded_rectangle(box, radius=14, fill=fill)
                colour = BACKGROUND if count >= 2 else TEXT
            if day == today:
                draw.rounded_rectangle(
                    (x - 4, y - 4, x + CELL + 4, y + CELL + 4), radius=17, outline=TODAY, width=3
                )
            draw.text(
                (x + CELL // 2, y + CELL // 2),
                str(day.day),
                fill=colour,
                font=day_font,
                anchor="mm",
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def emoji_grid(
    per_day: Mapping[date, int],
    today: date,
    *,
    weekday_labels: Sequence[str],
    weeks: int = 5,
) -> str:
    """The same calendar as text: ⬜ no routine, 🟩 one, 🟢 two or more, ▫️ days to come."""
    start = _first_monday(today, weeks)
    lines = []
    for row, label in enumerate(weekday_labels[:7]):
        cells = []
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=row)
            count = per_day.get(day, 0)
            cells.append("▫️" if day > today else "🟢" if count >= 2 else "🟩" if count else "⬜")
        lines.append(f"{label} {''.join(cells)}")
    return "\n".join(lines)
