"""The last weeks as a calendar heat map: a PNG for Telegram, or an emoji grid as text."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH = 720
MARGIN = 28
TITLE_TOP = 26
TITLE_SIZE = 30
TITLE_MIN_SIZE = 16
GRID_TOP = 88
BOTTOM = 24
LABEL_WIDTH = 58  # the weekday labels left of the grid
LEGEND_WIDTH = 112  # the legend right of the grid
MAX_PITCH = 86  # cell plus gap
SWATCH = 26

BACKGROUND = (250, 250, 247)
TEXT = (60, 64, 67)
SOFT_TEXT = (120, 124, 126)
FAINT = (214, 214, 210)
EMPTY = (232, 233, 229)
GREENS = ((178, 223, 176), (106, 190, 112), (46, 139, 87))  # 1, 2, 3+ sessions
LIGHT_ON = (250, 250, 247)  # numbers on the darker greens
TODAY = (40, 44, 46)
LEGEND = (("0", EMPTY), ("1", GREENS[0]), ("2", GREENS[1]), ("3+", GREENS[2]))

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

EMOJI_NONE = "⬜"
EMOJI_ONE = "🟩"
EMOJI_MORE = "🟢"
EMOJI_FUTURE = "▫️"


def _font(size: int, font_path: str | None) -> Font:
    """The given TTF, else DejaVu Sans from a system path, else Pillow's own font."""
    for candidate in (font_path, *FONT_PATHS):
        if candidate and Path(candidate).is_file():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def _printable(text: str, font: Font) -> str:
    # Bitmap fonts (Pillow without FreeType) only know Latin-1: replace the rest, never fail.
    if isinstance(font, ImageFont.FreeTypeFont):
        return text
    return text.encode("latin-1", "replace").decode("latin-1")


def _fitting_font(draw: ImageDraw.ImageDraw, text: str, width: int, font_path: str | None) -> Font:
    """The title font, smaller for a title too long for the picture."""
    size = TITLE_SIZE
    font = _font(size, font_path)
    while size > TITLE_MIN_SIZE and draw.textlength(_printable(text, font), font=font) > width:
        size -= 2
        font = _font(size, font_path)
    return font


def _first_monday(today: date, weeks: int) -> date:
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def _check(weekday_labels: Sequence[str], weeks: int) -> None:
    if len(weekday_labels) != 7:
        raise ValueError(f"seven weekday labels expected, got {len(weekday_labels)}")
    if weeks < 1:
        raise ValueError(f"at least one week expected, got {weeks}")


def _shade(count: int) -> tuple[int, int, int]:
    return GREENS[min(count, 3) - 1] if count > 0 else EMPTY


def calendar_png(
    per_day: Mapping[date, int],
    today: date,
    *,
    weekday_labels: Sequence[str],
    title: str,
    weeks: int = 5,
    font_path: str | None = None,
) -> bytes:
    """The last `weeks` weeks as an RGB PNG about 720 px wide, for a phone.

    Weeks are columns (the week of `today` on the right), Monday..Sunday rows. A cell is soft
    grey for no routine and a deeper green for 1, 2 and 3+; days after `today` are faint
    outlines, and today has a dark ring. A 0/1/2/3+ legend stands on the right.
    """
    _check(weekday_labels, weeks)
    pitch = min(MAX_PITCH, (WIDTH - 2 * MARGIN - LABEL_WIDTH - LEGEND_WIDTH) // weeks)
    gap = max(4, pitch // 8)
    cell = pitch - gap
    radius = max(3, cell // 5)
    grid_width = weeks * pitch - gap
    block_left = (WIDTH - (LABEL_WIDTH + grid_width + LEGEND_WIDTH)) // 2
    left = block_left + LABEL_WIDTH
    height = GRID_TOP + 7 * pitch - gap + BOTTOM

    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    label_font = _font(max(12, min(22, cell // 3)), font_path)
    day_font = _font(max(10, min(18, cell // 4)), font_path)
    title_font = _fitting_font(draw, title, WIDTH - block_left - MARGIN, font_path)

    draw.text((block_left, TITLE_TOP), _printable(title, title_font), fill=TEXT, font=title_font)
    for row, label in enumerate(weekday_labels):
        y = GRID_TOP + row * pitch + cell // 2
        draw.text(
            (left - 14, y), _printable(label, label_font), fill=TEXT, font=label_font, anchor="rm"
        )

    start = _first_monday(today, weeks)
    for week in range(weeks):
        for row in range(7):
            day = start + timedelta(weeks=week, days=row)
            x = left + week * pitch
            y = GRID_TOP + row * pitch
            box = (x, y, x + cell, y + cell)
            count = per_day.get(day, 0)
            if day > today:
                draw.rounded_rectangle(box, radius=radius, outline=FAINT, width=2)
                colour = FAINT
            else:
                draw.rounded_rectangle(box, radius=radius, fill=_shade(count))
                colour = LIGHT_ON if count >= 2 else TEXT
            if day == today:
                ring = min(4, gap // 2)
                draw.rounded_rectangle(
                    (x - ring, y - ring, x + cell + ring, y + cell + ring),
                    radius=radius + ring,
                    outline=TODAY,
                    width=3,
                )
            draw.text(
                (x + cell // 2, y + cell // 2),
                str(day.day),
                fill=colour,
                font=day_font,
                anchor="mm",
            )

    legend_x = left + grid_width + 36
    swatch = min(SWATCH, cell)
    for index, (text, fill) in enumerate(LEGEND):
        y = GRID_TOP + index * (swatch + 14)
        draw.rounded_rectangle((legend_x, y, legend_x + swatch, y + swatch), radius=6, fill=fill)
        draw.text(
            (legend_x + swatch + 10, y + swatch // 2),
            text,
            fill=SOFT_TEXT,
            font=day_font,
            anchor="lm",
        )

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def emoji_grid(
    per_day: Mapping[date, int],
    today: date,
    *,
    weekday_labels: Sequence[str],
    weeks: int = 5,
) -> str:
    """The same calendar as text, for when the picture cannot be drawn.

    Seven lines, Monday..Sunday: the label, a space, then one symbol per week (oldest first):
    ⬜ no routine, 🟩 one, 🟢 two or more, ▫️ a day still to come.
    """
    _check(weekday_labels, weeks)
    start = _first_monday(today, weeks)
    lines = []
    for row, label in enumerate(weekday_labels):
        cells = []
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=row)
            count = per_day.get(day, 0)
            if day > today:
                cells.append(EMOJI_FUTURE)
            elif count >= 2:
                cells.append(EMOJI_MORE)
            elif count == 1:
                cells.append(EMOJI_ONE)
            else:
                cells.append(EMOJI_NONE)
        lines.append(f"{label} {''.join(cells)}")
    return "\n".join(lines)
