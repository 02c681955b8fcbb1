"""Bar charts drawn on the server as inline SVG: no script, no network, prints as shown."""

from dataclasses import dataclass
from decimal import Decimal

ROW_HEIGHT = 26
LABEL_WIDTH = 270  # the longest zone name in English fits
BAR_WIDTH = 420
VALUE_WIDTH = 130


@dataclass
class Bar:
    label: str
    value: Decimal
    y: int
    width: float
    text_y: int


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH
    value_x: int = LABEL_WIDTH + BAR_WIDTH + 8
    width: int = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH


def bar_chart(title: str, items: list[tuple[str, Decimal]]) -> BarChart:
    largest = max((value for _label, value in items), default=Decimal(0)) or Decimal(1)
    bars = [
        Bar(
            label=str(label),
            value=value,
            y=i * ROW_HEIGHT + 4,
            width=round(float(value / largest) * BAR_WIDTH, 1),
            text_y=i * ROW_HEIGHT + 19,
        )
        for i, (label, value) in enumerate(items)
    ]
    return BarChart(title=title, bars=bars, height=max(len(bars), 1) * ROW_HEIGHT + 8)
