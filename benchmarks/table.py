"""The results table the benchmarks print: one row per measure, ready for the README."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    value: str
    target: str
    verdict: str  # "ok", "FAIL", or "info" for a measure without a target


def print_table(rows: list[Row]) -> None:
    """A Markdown table."""
    print("| measure | result | target | |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print(f"| {row.measure} | {row.value} | {row.target} | {row.verdict} |")
