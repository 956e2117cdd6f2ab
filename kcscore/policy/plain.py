"""Rule-file values without pydantic: what the compiled-pack cache stores and ``kcscore score`` reads.

The rule-file model (``policy.model``) is built on pydantic. Importing it and rebuilding its
objects from the cache cost ``kcscore score`` more time than all its other work together, for one
applicant. So the cache holds each model object as a ``Plain``: the same fields under the same
names, read-only, with the few methods the scoring path calls (``Text.get``, ``Cite.short``, a
band's ``condition_key`` and ``award``, ``model_dump`` of a citation). Those methods are written
once, in the mixins below, which the pydantic models inherit too.

Every other command turns the snapshot back into the model objects (``restore``): rubrics and pack
comparisons copy and compare them as pydantic models. This module never imports pydantic; it
recognises a model by its ``model_fields``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from kcscore.i18n import pick


class TextWords:
    """A sentence in both languages (``vi``, ``en``)."""

    __slots__ = ()
    if TYPE_CHECKING:
        vi: str
        en: str

    def get(self, lang: str) -> str:
        return pick(self.vi, self.en, lang)


class CiteWords:
    """Where a rule or value comes from."""

    __slots__ = ()
    if TYPE_CHECKING:
        doc: str
        article: str | None

    def short(self) -> str:
        return f"{self.doc}, {self.article}" if self.article else self.doc


BAND_KEYS = ("above", "at_least", "below", "at_most", "between", "is_", "in_", "when", "otherwise")


class BandShape:
    """One line of a band table: which condition key it has, and the points it gives."""

    __slots__ = ()
    if TYPE_CHECKING:
        otherwise: float | None
        points: float | None

    @property
    def condition_key(self) -> str:
        for key in BAND_KEYS:
            if getattr(self, key) is not None:
                return key.rstrip("_")
        raise AssertionError("validated band without a condition")  # pragma: no cover

    @property
    def award(self) -> float:
        return self.otherwise if self.otherwise is not None else float(self.points or 0)


class Plain:
    """One model object's field values, read-only. ``model_name`` is its class in ``policy.model``."""

    def __init__(self, model_name: str, values: Mapping[str, Any], fields_set: frozenset[str]) -> None:
        object.__setattr__(self, "_model_name", model_name)
        object.__setattr__(self, "_fields_set", fields_set)
        self.__dict__.update(values)

    @property
    def model_name(self) -> str:
        return self.__dict__["_model_name"]

    def model_values(self) -> dict[str, Any]:
        """The fields in the model's order (``model_`` names are never fields: pydantic reserves them)."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def model_dump(self, *, exclude_none: bool = False) -> dict[str, Any]:
        """As pydantic's ``model_dump`` in Python mode: nested objects become dicts."""
        return {k: _dump(v, exclude_none) for k, v in self.model_values().items() if not (exclude_none and v is None)}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self.model_name} is read-only")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plain):
            return NotImplemented
        return self.model_name == other.model_name and self.model_values() == other.model_values()

    def __hash__(self) -> int:
        return hash((self.model_name, tuple(self.model_values().items())))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.model_values().items())
        return f"{self.model_name}({inner})"


class PlainText(TextWords, Plain):
    __slots__ = ()


class PlainCite(CiteWords, Plain):
    __slots__ = ()


class PlainBand(BandShape, Plain):
    __slots__ = ()


_PLAIN: dict[str, type[Plain]] = {"Text": PlainText, "Cite": PlainCite, "Band": PlainBand}


def _dump(value: Any, exclude_none: bool) -> Any:
    if isinstance(value, Plain):
        return value.model_dump(exclude_none=exclude_none)
    if isinstance(value, tuple):
        return tuple(_dump(v, exclude_none) for v in value)
    if isinstance(value, list):
        return [_dump(v, exclude_none) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v, exclude_none) for k, v in value.items()}
    return value


def snapshot(value: Any) -> Any:
    """``value`` with every pydantic model inside it (tuples, lists, dict values) made ``Plain``."""
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):
        name = type(value).__name__
        values = {field: snapshot(getattr(value, field)) for field in fields}
        return _PLAIN.get(name, Plain)(name, values, frozenset(value.model_fields_set))
    if isinstance(value, tuple):
        return tuple(snapshot(v) for v in value)
    if isinstance(value, list):
        return [snapshot(v) for v in value]
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    return value


def restore(value: Any, model_class: Callable[[str], Any]) -> Any:
    """The inverse of ``snapshot``: each ``Plain`` rebuilt as ``model_class(name)``, unvalidated
    (it was validated before it was cached) with the same fields set."""
    if isinstance(value, Plain):
        values = {k: restore(v, model_class) for k, v in value.model_values().items()}
        return model_class(value.model_name).model_construct(set(value.__dict__["_fields_set"]), **values)
    if isinstance(value, tuple):
        return tuple(restore(v, model_class) for v in value)
    if isinstance(value, list):
        return [restore(v, model_class) for v in value]
    if isinstance(value, dict):
        return {k: restore(v, model_class) for k, v in value.items()}
    return value
