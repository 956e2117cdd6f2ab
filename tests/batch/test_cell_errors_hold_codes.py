"""A bad cell holds a catalogue code and its parameters, never a sentence: it is said at the edge.

Every problem kcscore words itself at the cell level (a value that cannot be read as a number, an
amount or a date, a required field left blank, a label not in the list, a number out of range or
too large, a text too long, a field given twice, a duplicate application id) must reach ``CellError`` as codes and values read, in both engines, and still say
the same sentence in each language, and survive pickling (the two-process reader sends them).
"""

from __future__ import annotations

import dataclasses
import pickle
import random
from collections.abc import Iterator
from typing import Any

import pytest

from kcscore.batch.columnar import ColumnReader
from kcscore.batch.fast import run_fast
from kcscore.batch.result import CellError
from kcscore.batch.run import run_batch
from kcscore.i18n import Message, Twin, known
from kcscore.policy.ir import Policy
from kcscore.policy.loader import load_policy
from kcscore.synthetic import applicant

# parameters that hold what the applicant wrote (a cell, a column header, an id), a number the pack
# sets, or the pack's own labels and titles: values, not sentences
READ_OR_CITED = {"text", "value", "id", "rows", "field", "first", "second", "options", "guess", "limit", "length", "title",
                 "shown", "tail", "small", "large", "comma", "digits", "month", "last", "type", "yes", "no"}
# a problem already worded in both languages by the layer that found it (a broken row, the rule engine)
STILL_WORDED = "cell.as_is"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def _rows(policy: Policy) -> list[dict[str, Any]]:
    """One row per problem kcscore words at the cell level, and two rows sharing an id."""
    rng = random.Random(5)
    rows = [applicant(policy, rng, i, blank_rate=0) for i in range(1, 13)]
    rows[0]["id"] = None
    rows[1]["legal_form"] = "Hợp tác xã kiểu mới"
    rows[2]["local_material_share"] = 150
    rows[3]["workers"] = "10.000.000.000.000.000"
    rows[4]["name"] = "x" * 400
    rows[5]["Loại hình"] = "Doanh nghiệp"  # legal_form given a second time, under its header
    rows[7]["id"] = rows[6]["id"]
    rows[8]["workers"] = "nhiều"
    rows[9]["submitted_on"] = "31/02/2019"
    rows[10]["annual_revenue_vnd"] = "1,2,3"
    rows[11]["total_capital_vnd"] = "1.129 tỷ"
    return rows


def _errors(policy: Policy, engine: str, lang: str) -> list[CellError]:
    rows = _rows(policy)
    if engine == "durable":
        errors = run_batch(policy, rows, lang=lang, engine="durable", explain=False).errors
    else:
        errors = run_fast(policy, columns=ColumnReader(policy, lang).add_all(rows).finish(), lang=lang).errors
    return [cell for error in errors for cell in error.cells]


def _words(value: Any, where: str) -> Iterator[tuple[str, object]]:
    """Every sentence a ``Message`` holds: a two-language text, a text under a parameter that is not a
    value read or cited, a code that says its text whole, a code not in the catalogue."""
    if isinstance(value, Twin):
        yield where, value
    elif isinstance(value, Message):
        if not known(value.code) or value.code == STILL_WORDED:
            yield where, value.code
        for name, item in value.params.items():
            if isinstance(item, (Message, Twin)):
                if not (name == "title" and isinstance(item, Twin)):  # the pack's title of a field
                    yield from _words(item, f"{where}.{name}")
            elif isinstance(item, str) and name not in READ_OR_CITED:
                yield f"{where}.{name}", item


@pytest.mark.parametrize("engine", ["durable", "vectorised"])
def test_a_cell_error_holds_codes_and_values_not_sentences(policy: Policy, engine: str) -> None:
    cells = _errors(policy, engine, "vi")
    codes = {c.said.code for c in cells}
    assert codes >= {"cell.required_blank", "cell.not_a_choice", "cell.out_of_range", "cell.too_large", "cell.too_long",
                     "cell.given_twice", "cell.duplicate_id", "value.not_a_number", "value.no_such_day",
                     "value.bad_grouping", "value.dot_before_unit"}, codes
    for cell in cells:
        assert {f.name for f in dataclasses.fields(cell)} == {"field", "column", "value", "said", "lang", "expected"}
        assert list(_words(cell.said, cell.field or "row")) == []
        assert cell.expected is None or list(_words(cell.expected, f"{cell.field}.expected")) == []


@pytest.mark.parametrize("engine", ["durable", "vectorised"])
def test_the_output_language_only_chooses_how_a_cell_error_is_said(policy: Policy, engine: str) -> None:
    vi, en = _errors(policy, engine, "vi"), _errors(policy, engine, "en")
    assert [dataclasses.replace(c, lang="en") for c in vi] == en
    said = {c.message("en") for c in vi}
    assert "'Hợp tác xã kiểu mới' is not a valid value; did you mean 'Hợp tác xã'?" in {s.split("; expected")[0] for s in said}
    assert any(c.message() == "mã hồ sơ '{}' bị trùng (cũng ở dòng 8)".format(c.value) for c in vi)


def test_a_cell_error_survives_pickling(policy: Policy) -> None:
    cells = _errors(policy, "vectorised", "en")
    back = pickle.loads(pickle.dumps(cells))
    assert back == cells and [c.message() for c in back] == [c.message() for c in cells]
