"""A small schema shared by the condition-language tests."""

from __future__ import annotations

from kcscore.expr.types import FieldType

FIELDS: dict[str, FieldType] = {
    "workers": FieldType("integer", minimum=0),
    "share": FieldType("percent", minimum=0, maximum=100),
    "cost": FieldType("money", minimum=0, exclusive_minimum=True),
    "gain": FieldType("number", minimum=0),
    "stars": FieldType("integer", minimum=0, maximum=5),
    "sector": FieldType("enum", ("food_processing", "mining_mineral_processing", "other")),
    "new": FieldType("boolean"),
    "committed": FieldType("boolean"),
    "product": FieldType("text"),
    "submitted_on": FieldType("date"),
}
