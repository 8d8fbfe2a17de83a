"""The calendar picture and its emoji fallback."""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from bot.features.progress import image as progress_image
from bot.features.progress.image import calendar_png, emoji_grid

TODAY = date(2026, 11, 18)  # a Wednesday
LABELS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
CYRILLIC = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
BUSY = {TODAY - timedelta(days=i): i % 4 for i in range(40)}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SYMBOL = re.compile("▫️|⬜|🟩|🟢")


def opened(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def pixels(image: Image.Image) -> Counter[object]:
    """How many pixels have each colour."""
    found = image.getcolors(maxcolors=image.width * image.height) or []
    return Counter({colour: count for count, colour in found})


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Hides DejaVu; returns the sizes Pillow's own font was asked for."""
    monkeypatch.setattr(progress_image, "FONT_PATHS", ("/nonexistent/DejaVuSans.ttf",))
    asked: list[int] = []
    load_default = ImageFont.load_default

    def spy(size: float | None = None) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        asked.append(int(size or 0))
        return load_default(size=size)

    monkeypatch.setattr(ImageFont, "load_default", spy)
    return asked


def test_a_phone_sized_rgb_png() -> None:
    image = opened(calendar_png(BUSY, TODAY, weekday_labels=LABELS, title="The last 5 weeks"))
    assert image.format == "PNG"
    assert image.mode == "RGB"
    assert 600 <= image.width <= 800
    assert image.height <= 720


def test_a_busy_history_looks_different_from_an_empty_one() -> None:
    busy = calendar_png(BUSY, TODAY, weekday_labels=LABELS, title="Weeks")
    empty = calendar_png({}, TODAY, weekday_labels=LABELS, title="Weeks")
    assert busy != empty
    busy_pixels = pixels(opened(busy))
    empty_pixels = pixels(opened(empty))
    # Only the legend is green in an empty calendar; busy cells are much bigger than swatches.
    for green in progress_image.GREENS:
        assert busy_pixels[green] > 3 * empty_pixels[green]
    assert empty_pixels[progress_image.EMPTY] > 3 * busy_pixels[progress_image.EMPTY]


def test_today_is_ringed_and_days_to_come_are_faint() -> None:
    image_pixels = pixels(opened(calendar_png({}, TODAY, weekday_labels=LABELS, title="")))
    assert image_pixels[progress_image.TODAY] > 0
    assert image_pixels[progress_image.FAINT] > 0


def test_cyrillic_labels_and_title() -> None:
    png = calendar_png(BUSY, TODAY, weekday_labels=CYRILLIC, title="Последние 5 недель")
    assert opened(png).mode == "RGB"


def test_a_long_title_and_more_weeks_still_fit() -> None:
    title = "Ваши занятия за последние недели — спокойно, без спешки и без пропусков"
    image = opened(calendar_png(BUSY, TODAY, weekday_labels=CYRILLIC, title=title, weeks=12))
    assert 600 <= image.width <= 800
    assert image.height <= 720


def test_without_system_fonts_pillows_own_font_is_used(no_system_fonts: list[int]) -> None:
    png = calendar_png({TODAY: 1}, TODAY, weekday_labels=CYRILLIC, title="Последние 5 недель")
    assert opened(png).mode == "RGB"
    assert no_system_fonts


def test_without_freetype_the_bitmap_font_still_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_image, "FONT_PATHS", ())

    def bitmap(size: float | None = None) -> ImageFont.ImageFont:
        return ImageFont.load_default_imagefont()

    monkeypatch.setattr(ImageFont, "load_default", bitmap)
    png = calendar_png(BUSY, TODAY, weekday_labels=CYRILLIC, title="Последние 5 недель")
    assert opened(png).mode == "RGB"


def test_a_given_font_path_is_used_and_a_broken_one_is_skipped(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    png = calendar_png(BUSY, TODAY, weekday_labels=LABELS, title="Weeks", font_path=str(broken))
    assert opened(png).mode == "RGB"
    dejavu = Path(progress_image.FONT_PATHS[0])
    if dejavu.is_file():
        png = calendar_png(BUSY, TODAY, weekday_labels=LABELS, title="Weeks", font_path=str(dejavu))
        assert opened(png).mode == "RGB"


def test_drawing_is_fast() -> None:
    calendar_png(BUSY, TODAY, weekday_labels=CYRILLIC, title="Последние 5 недель")  # warm up
    started = time.perf_counter()
    calendar_png(BUSY, TODAY, weekday_labels=CYRILLIC, title="Последние 5 недель")
    assert time.perf_counter() - started < 0.5


def test_seven_weekday_labels_are_required() -> None:
    with pytest.raises(ValueError, match="seven"):
        calendar_png({}, TODAY, weekday_labels=LABELS[:6], title="Weeks")
    with pytest.raises(ValueError, match="seven"):
        emoji_grid({}, TODAY, weekday_labels=[*LABELS, "Xx"])


def test_emoji_grid_has_a_line_per_weekday_and_a_symbol_per_week() -> None:
    grid = emoji_grid(BUSY, TODAY, weekday_labels=CYRILLIC)
    lines = grid.splitlines()
    assert len(lines) == 7
    for label, line in zip(CYRILLIC, lines, strict=True):
        assert line.startswith(f"{label} ")
        cells = line.removeprefix(f"{label} ")
        assert "".join(SYMBOL.findall(cells)) == cells
        assert len(SYMBOL.findall(cells)) == 5


def test_emoji_grid_marks_active_and_future_days() -> None:
    per_day = {TODAY: 1, TODAY - timedelta(days=1): 3, TODAY - timedelta(weeks=4): 1}
    lines = emoji_grid(per_day, TODAY, weekday_labels=LABELS).splitlines()
    assert SYMBOL.findall(lines[2]) == ["🟩", "⬜", "⬜", "⬜", "🟩"]  # Wednesdays
    assert SYMBOL.findall(lines[1]) == ["⬜", "⬜", "⬜", "⬜", "🟢"]  # Tuesdays
    assert SYMBOL.findall(lines[3]) == ["⬜", "⬜", "⬜", "⬜", "▫️"]  # Thursday: to come
    assert SYMBOL.findall(lines[6])[-1] == "▫️"


def test_emoji_grid_with_other_week_counts() -> None:
    lines = emoji_grid({}, TODAY, weekday_labels=LABELS, weeks=2).splitlines()
    assert all(len(SYMBOL.findall(line)) == 2 for line in lines)
