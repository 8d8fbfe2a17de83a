"""Helpers for tests that break a copy of the shipped content and read the problems."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.loader import ContentError, load_content
from bot.settings import PROJECT_ROOT

CONTENT = PROJECT_ROOT / "content"


def copy_content(folder: Path) -> Path:
    """A copy of the shipped content folder inside `folder`."""
    target = folder / "content"
    shutil.copytree(CONTENT, target)
    return target


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    """Loads a YAML file, lets `change` edit the data in place, and writes it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    """The problems load_content reports for a content folder that must be broken."""
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return caught.value.problems
