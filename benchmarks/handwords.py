"""How the hand-written floor says things: kcscore's number conventions and the pack's sentences,
written again by hand (Vietnamese only, as ``kcscore rank`` writes by default).

- numbers: thousands grouped with ``.``, decimals with ``,``, at most two decimals, no trailing
  zeros (1.952.000.000; 99,5; 4.969,98);
- money: ``35.000.000 đ``; in the support formula, short: ``35 tr``, ``1,95 tỷ``;
- a field's value in a sentence: its label for an enum, ``có``/``không`` for yes/no, ``(chưa có)``
  for a blank;
- a finding that cannot be settled names the blank fields by their titles, and its points range.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def number(value: float | int) -> str:
    if value.__class__ is float and value.is_integer():
        value = int(value)
    if value.__class__ is int:
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def money(value: int) -> str:
    return number(value) + " đ"


def short_money(value: int) -> str:
    if value >= 1_000_000_000 and value % 1_000_000 == 0:
        shown = number(value // 1_000_000_000 if value % 1_000_000_000 == 0 else value / 1_000_000_000)
        return shown + " tỷ"
    if value >= 1_000_000 and value % 100_000 == 0:
        shown = number(value // 1_000_000 if value % 1_000_000 == 0 else value / 1_000_000)
        return shown + " tr"
    return number(value)


def jnum(value: float) -> str:
    """A score or points in JSON: an integer when whole, else rounded to 6 decimals."""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


def floor_num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def quote(text: str) -> str:
    return orjson.dumps(text).decode()


class Sayer:
    """The pack's sentences filled with a row's values."""

    def __init__(self, fields: dict[str, dict[str, Any]]):
        self.fields = fields

    def value(self, name: str, cell: Any) -> str:
        if cell is None:
            return "(chưa có)"
        if cell is True:
            return "có"
        if cell is False:
            return "không"
        spec = self.fields[name]
        if spec["type"] == "enum":
            return str(spec["values"][cell]["vi"])
        if isinstance(cell, (int, float)):
            return number(cell)
        return str(cell)

    @staticmethod
    def names(template: str) -> list[str]:
        return _PLACEHOLDER.findall(template)

    def fill(self, template: str, cells: dict[str, Any]) -> str:
        return _PLACEHOLDER.sub(lambda m: self.value(m.group(1), cells[m.group(1)]), template)

    def title(self, name: str) -> str:
        return str(self.fields[name]["title"]["vi"])

    def unknown(self, rule_title: str, names: list[str], low: float | None, high: float | None) -> str:
        labels = ", ".join(f"«{self.title(n)}»" for n in names)
        text = f"{rule_title}: chưa kết luận được do thiếu thông tin {labels}"
        if low is not None and high is not None and high != low:
            text += f" (tạm tính {floor_num(low)} điểm, tối đa {floor_num(high)} điểm)"
        return text
