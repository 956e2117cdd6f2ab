"""The vectorised evaluator, case by case: Kleene logic, blanks, division by zero, lists, exactness."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from kcscore.engine import vectorised as V
from kcscore.engine.base import EngineError, PythonEvaluator
from kcscore.engine.vectorised import VectorisedEvaluator, columns_from_records, vectorised_engine
from kcscore.expr import ast as A
from kcscore.expr.parser import parse
from kcscore.expr.types import FieldType

TYPES = {
    "x": FieldType("number"), "y": FieldType("number"), "n": FieldType("integer"), "m": FieldType("money"),
    "p": FieldType("percent"), "ok": FieldType("boolean"), "new": FieldType("boolean"),
    "e": FieldType("enum", ("a", "b", "c")), "g": FieldType("enum", ("a", "z")), "note": FieldType("text"),
}
TRUTHS = (None, False, True)


def engines(*conditions: str) -> tuple[VectorisedEvaluator, PythonEvaluator]:
    nodes = [parse(c) for c in conditions]
    return VectorisedEvaluator(nodes, TYPES), PythonEvaluator(nodes)


def truths(records: list[dict], *conditions: str) -> list[list[bool | None]]:
    """Vectorised truths, checked against the reference on the way."""
    vectorised, reference = engines(*conditions)
    got = list(vectorised.evaluate_all(records))
    assert got == [reference.evaluate(r) for r in records]
    return got


# -- Kleene logic -------------------------------------------------------------------------------

def k_and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def k_or(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def test_and_or_not_follow_kleene_tables_with_unknowns() -> None:
    records = [{"ok": a, "new": b} for a in TRUTHS for b in TRUTHS]
    rows = truths(records, "ok and new", "ok or new", "not ok", "not (ok and new)", "not ok or not new")
    for record, (conj, disj, neg, not_conj, de_morgan) in zip(records, rows):
        a, b = record["ok"], record["new"]
        assert conj == k_and(a, b)
        assert disj == k_or(a, b)
        assert neg == (None if a is None else not a)
        assert not_conj == de_morgan  # De Morgan holds in Kleene logic too
    # the table itself, spelled out for the cases that matter most
    assert rows[records.index({"ok": None, "new": False})][:2] == [False, None]
    assert rows[records.index({"ok": None, "new": True})][:2] == [None, True]


def test_truth_matrix_codes_true_false_unknown_as_1_0_minus_1() -> None:
    vectorised, _ = engines("ok", "n > 2", "n > 2 or ok")
    frame = columns_from_records([{"ok": True, "n": 1}, {"ok": None, "n": 3}, {"ok": False, "n": None}], TYPES)
    matrix = vectorised.truth_matrix(frame)
    assert matrix.dtype == np.int8 and matrix.shape == (3, 3)
    assert matrix.tolist() == [[1, 0, 1], [-1, 1, 1], [0, -1, -1]]


def test_a_blank_that_cannot_change_the_outcome_does_not_hold_it_up() -> None:
    rows = truths([{"n": None, "ok": False}, {"n": None, "ok": True}], "n > 5 and ok", "n > 5 or ok")
    assert rows == [[False, None], [None, True]]


# -- arithmetic and division --------------------------------------------------------------------

@pytest.mark.parametrize("zero", [0, 0.0, -0.0])
def test_division_by_zero_is_unknown(zero: float) -> None:
    rows = truths([{"x": 5.0, "y": zero, "ok": True}, {"x": 5.0, "y": zero, "ok": False}],
                  "x / y > 1", "x / y <= 1", "x / y > 1 or ok", "x / y > 1 and ok", "not x / y > 1")
    assert rows == [[None, None, True, None, None], [None, None, None, False, None]]


def test_division_by_a_literal_zero_is_unknown_and_a_blank_numerator_too() -> None:
    rows = truths([{"x": 5.0, "y": 2.0}, {"x": None, "y": 2.0}], "x / 0 > 1", "x / y == 2.5", "(x + 1) / (y - 2) > 0")
    assert rows == [[None, True, None], [None, None, None]]


def test_float_arithmetic_is_pythons_to_the_last_bit() -> None:
    records = [{"x": 0.1, "y": 0.2}, {"x": 1.0, "y": 10.0}, {"x": math.nextafter(0.3, 1), "y": 0.0}]
    rows = truths(records, "x + y == 0.3", "x + y > 0.3", "x / y == 0.1", "x == 0.3", "x > 0.3")
    assert rows[0][:2] == [False, True]  # 0.1 + 0.2 is 0.30000000000000004
    assert rows[1][2] is True
    assert rows[2][3:] == [False, True]


def test_overflow_to_infinity_has_no_value_in_either_evaluator() -> None:
    x, y = A.Field("x"), A.Field("y")
    product = A.Arith("*", x, y)
    nodes = [A.Compare(">", product, A.Num(1e300)), A.Compare("==", A.Arith("-", product, product), A.Num(0)),
             A.Compare("!=", A.Arith("-", product, product), A.Num(0))]
    record = {"x": 1e308, "y": 10.0}
    got = VectorisedEvaluator(nodes, TYPES).evaluate(record)
    # 1e308 * 10 overflows: like a ratio by zero it has no value, so every comparison is unknown
    assert got == PythonEvaluator(nodes).evaluate(record) == [None, None, None]
    assert VectorisedEvaluator(nodes, TYPES).evaluate({"x": 1e300, "y": 10.0}) == [True, True, False]


# -- in / not in ----------------------------------------------------------------------------------

def test_in_and_not_in_with_blanks_and_values_outside_the_list() -> None:
    records = [{"e": "a", "n": -3}, {"e": "c", "n": 2}, {"e": None, "n": None}]
    rows = truths(records, 'e in ["a", "b"]', 'e not in ["a", "b"]', "e in []", "e not in []",
                  "n in [1, 2, -3]", "n not in [1, 2, -3]", "n + 1 in [3]")
    assert rows == [[True, False, False, True, True, False, False],
                    [False, True, False, True, True, False, True],
                    [None, None, None, None, None, None, None]]


def test_a_value_the_schema_does_not_list_is_unequal_not_unknown() -> None:
    rows = truths([{"e": "zz"}], 'e == "a"', 'e != "a"', 'e in ["a", "b"]', 'e not in ["a"]')
    assert rows == [[False, True, False, True]]


def test_number_lists_match_ints_and_floats_alike() -> None:
    assert truths([{"x": 3}, {"x": 3.0}, {"x": 2.5}], "x in [3, 2.5]", "x == 3") == [[True, True], [True, True], [True, False]]


# -- other kinds of values ------------------------------------------------------------------------

def test_booleans_text_and_enums_across_fields() -> None:
    records = [{"ok": True, "new": True, "x": 2.0, "note": "Nà Làng", "e": "a", "g": "a"},
               {"ok": False, "new": True, "x": 0.5, "note": "", "e": "b", "g": "z"},
               {"ok": None, "new": False, "x": None, "note": None, "e": None, "g": "a"}]
    rows = truths(records, "ok == true", "ok != new", "(x > 1) == ok", 'note == "Nà Làng"', 'note != ""',
                  "e == g", "e != g", "true", "false or ok")
    assert rows == [[True, False, True, True, True, True, False, True, True],
                    [False, True, True, False, False, False, True, True, False],
                    [None, None, None, None, None, None, None, True, None]]


# -- exactness at large magnitudes --------------------------------------------------------------

BIG = 2**53 + 1  # the first integer float64 cannot hold


def test_large_integers_are_compared_exactly_not_rounded() -> None:
    records = [{"m": BIG}, {"m": 2**53}, {"m": 10**20}, {"m": 10_000_000_000_001}]
    rows = truths(records, "m > 9007199254740992", "m == 9007199254740993", "m != 9007199254740992",
                  "m * 3 > 27021597764222977", "m >= 10_000_000_000_001", "m - 1 == 10_000_000_000_000")
    assert [r[:3] for r in rows] == [[True, True, True], [False, False, False], [True, False, True],
                                     [False, False, True]]
    assert rows[0][3] is True and rows[1][3] is False  # 3 * (2**53 + 1) is exact in Python only
    assert rows[3][4:] == [True, True]


def test_an_int_against_a_float_is_compared_exactly_as_python_does() -> None:
    # 2**53 + 1 == 9007199254740992.0 is False in Python; in float64 both sides are 2**53
    rows = truths([{"x": BIG}, {"x": 2**53}, {"x": 2.5}], "x == 9007199254740992.0", "x > 9007199254740992.0",
                  "x * 1.0 == 9007199254740992.0")
    assert rows == [[False, True, True], [True, False, True], [False, False, False]]


def test_large_integers_keep_an_exact_column() -> None:
    frame = columns_from_records([{"m": BIG}, {"m": None}, {"m": 5}], {"m": TYPES["m"]})
    assert frame["m"].dtype == object and frame["m"][0] == BIG
    vectorised, _ = engines("m > 9007199254740992")
    assert vectorised.truth_matrix(frame).tolist() == [[1], [-1], [0]]


def test_everyday_magnitudes_never_leave_the_vectorised_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the reference evaluator was asked")

    monkeypatch.setattr(V, "reference_truth", refuse)
    records = [{"m": 9_999_999_999_999, "x": 1.5, "n": 7, "p": 99.9}, {"m": 3 * 10**12, "x": None, "n": 0, "p": 0.0}]
    rows = truths(records, "m * 2 >= m + 9_999_999_999_999", "m / n > 1", "x * p < m", "-m < 0", "n in [7, 2.5]")
    assert rows == [[True, True, True, True, True], [False, None, None, True, False]]


def test_a_huge_literal_is_computed_with_exactly() -> None:
    # 2**53 + 1 as a float is 2**53, which would make the difference -9007199254740989
    rows = truths([{"n": 3}, {"n": None}], "n - 9007199254740993 == -9007199254740990", "n < 100000000000000000001")
    assert rows == [[True, True], [None, None]]


# -- frames ---------------------------------------------------------------------------------------

def test_empty_input_gives_an_empty_result() -> None:
    vectorised, _ = engines("x > 1", "ok")
    assert list(vectorised.evaluate_all([])) == []
    matrix = vectorised.truth_matrix(columns_from_records([], TYPES))
    assert matrix.shape == (0, 2) and matrix.dtype == np.int8
    assert VectorisedEvaluator([], TYPES).truth_matrix(pd.DataFrame(index=range(3))).shape == (3, 0)


def test_a_column_missing_from_the_frame_is_blank_throughout() -> None:
    vectorised, _ = engines("x > 1", 'e == "a"', "ok", "x > 1 or n > 0", "x > 1 and n > 0")
    frame = pd.DataFrame({"n": [1.0, 0.0]})
    assert vectorised.truth_matrix(frame).tolist() == [[-1, -1, -1, 1, -1], [-1, -1, -1, -1, 0]]


def test_columns_from_records_types() -> None:
    frame = columns_from_records([{"x": 1.5, "n": 2, "ok": True, "e": "a", "note": "x"}, {}], TYPES)
    assert frame["x"].dtype == np.float64 and math.isnan(frame["x"][1])
    assert frame["n"].dtype == np.float64
    assert isinstance(frame["ok"].dtype, pd.BooleanDtype) and frame["ok"].isna().tolist() == [False, True]
    assert isinstance(frame["e"].dtype, pd.CategoricalDtype) and list(frame["e"].cat.categories) == ["a", "b", "c"]
    assert frame["note"].dtype == object


def test_other_column_encodings_give_the_same_truths() -> None:
    conditions = ("n >= 2", "ok", 'e == "b"', 'note == "a"', 'e in ["a", "c"]', "not new")
    vectorised, _ = engines(*conditions)
    records = [{"n": 2, "ok": True, "e": "b", "note": "a", "new": False},
               {"n": None, "ok": None, "e": None, "note": None, "new": None},
               {"n": 1, "ok": False, "e": "c", "note": "b", "new": True}]
    expected = vectorised.truth_matrix(columns_from_records(records, TYPES)).tolist()
    other = pd.DataFrame({
        "n": pd.array([2, None, 1], dtype="Int64"),
        "ok": np.array([1, -1, 0], dtype=np.int8),  # integer-coded booleans, -1 for blank
        "e": pd.Series(["b", None, "c"], dtype=object),
        "note": pd.Series(["a", None, "b"], dtype="str"),
        "new": pd.Series([False, None, True], dtype=object),
    })
    assert vectorised.truth_matrix(other).tolist() == expected
    assert expected == [[1, 1, 1, 1, 0, 1], [-1, -1, -1, -1, -1, -1], [0, 0, 0, 0, 1, 0]]


def test_a_bad_cell_fails_its_row_only() -> None:
    vectorised, _ = engines("x > 1")
    records = [{"x": 2.0}, {"x": "900"}, {"x": float("nan")}, {"x": True}, {"x": 0.5}]
    with pytest.raises(EngineError):
        columns_from_records(records, TYPES)
    table = vectorised.evaluate_all(records)
    assert table[0] == [True] and table[4] == [False]
    for row in (1, 2, 3):
        with pytest.raises(EngineError):
            table[row]
    with pytest.raises(EngineError):
        vectorised.truth_matrix(pd.DataFrame({"x": pd.Series([2.0, "900"], dtype=object)}))


def test_single_and_many_agree_and_the_engine_is_built_once_per_pack() -> None:
    from kcscore.policy.loader import load_policy

    policy = load_policy()
    engine = vectorised_engine(policy)
    assert vectorised_engine(policy) is engine
    records = [{"workers": 60, "local_material_share": 80.5, "sector": "food_processing"}, {}]
    assert [engine.evaluate(r) for r in records] == list(engine.evaluate_many(records)) == list(engine.evaluate_all(records))


def test_a_condition_reading_an_undeclared_field_is_refused() -> None:
    with pytest.raises(ValueError):
        VectorisedEvaluator([parse("missing > 1")], TYPES)


def test_assessing_one_applicant_does_not_import_pandas() -> None:
    code = ("import sys; from kcscore.policy.loader import load_policy; from kcscore.api import assess; "
            "assess(load_policy(), {'id': 'A1', 'name': 'Cơ sở', 'workers': 12}); "
            "assert 'pandas' not in sys.modules and 'kcscore.engine.vectorised' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- every kind of operand, each answer worked out by hand ---------------------------------------

def test_a_bare_number_or_text_field_is_true_when_not_zero_or_empty() -> None:
    # Python truthiness: 0 and "" are false, anything else true; a blank stays unknown
    rows = truths([{"n": 0, "note": ""}, {"n": -2, "note": "Pác Nặm"}, {"n": None, "note": None}],
                  "n", "note", "not n", "n and note")
    assert rows == [[False, False, True, False], [True, True, False, True], [None, None, None, None]]


def test_a_boolean_reads_as_one_or_zero_in_arithmetic() -> None:
    rows = truths([{"ok": True}, {"ok": False}, {"ok": None}], "ok + 1 > 1", "ok * 3 == 3", "ok in [1]",
                  "ok == 0")
    # True + 1 = 2 > 1, True * 3 = 3, True == 1; False + 1 = 1, not > 1, False * 3 = 0, False == 0
    assert rows == [[True, True, True, False], [False, False, False, True], [None, None, None, None]]


def test_booleans_compare_in_the_order_false_then_true() -> None:
    records = [{"ok": False, "new": True}, {"ok": True, "new": True}, {"ok": True, "new": None}]
    rows = truths(records, "ok < new", "ok >= new", "ok == new")
    assert rows == [[True, False, False], [False, True, True], [None, None, None]]


def test_text_against_a_number_is_never_equal_and_cannot_be_ordered() -> None:
    rows = truths([{"note": "12", "x": 12}, {"note": None, "x": 12}, {"note": "a", "x": None}],
                  "note == x", "note != x", "note == 12", "e != 1")
    # "12" == 12 is False in Python; a blank on either side is unknown; e is blank in every row
    assert rows == [[False, True, False, None], [None, None, None, None], [None, None, False, None]]
    with pytest.raises(TypeError, match="cannot order a str against a num"):
        VectorisedEvaluator([parse("note < x")], TYPES)


def test_text_equality_with_the_literal_on_either_side_and_text_order() -> None:
    records = [{"e": "a", "note": "bò"}, {"e": "c", "note": "an"}, {"e": None, "note": None}]
    rows = truths(records, '"a" == e', '"a" != e', 'e != "zz"', 'note < "b"', '"b" <= note', "note > e")
    # "an" < "b" and "bò" > "b"; "bò" > "a" and "an" < "c" (Python compares code points)
    assert rows == [[True, False, True, False, True, True],
                    [False, True, True, True, False, False],
                    [None, None, None, None, None, None]]


def test_membership_of_text_ignores_numbers_and_works_on_categories() -> None:
    records = [{"e": "a"}, {"e": "b"}, {"e": None}]
    conditions = ('e in ["a", 3]', 'e not in ["b", "zz"]', 'e in ["zz"]')
    expected = [[True, True, False], [False, False, False], [None, None, None]]
    assert truths(records, *conditions) == expected
    vectorised, _ = engines(*conditions)
    categorical = pd.DataFrame({"e": pd.Categorical(["a", "b", None], categories=["a", "b", "c"])})
    assert vectorised.truth_matrix(categorical).tolist() == [[{True: 1, False: 0, None: -1}[v] for v in row]
                                                           for row in expected]


def test_a_text_literal_outside_the_categories_is_unequal_to_every_row() -> None:
    vectorised, _ = engines('e == "zz"', 'e != "zz"', 'e == "b"')
    categorical = pd.DataFrame({"e": pd.Categorical(["a", "b", None], categories=["a", "b", "c"])})
    assert vectorised.truth_matrix(categorical).tolist() == [[0, 1, 0], [0, 1, 1], [-1, -1, -1]]


def test_subtrees_without_fields_are_folded_to_the_right_constant() -> None:
    records = [{"x": 7, "note": "k"}, {"x": 6, "note": "z"}, {"x": None, "note": None}]
    rows = truths(records, "x > 2 * 3", "x > 1 / 0", "x == -(-7)", 'note < "m"', "(1 > 2) or x > 6",
                  "not (1 > 2) and x > 6", "x + (1 / 0) > 0", "(1 / 0 > 1) or x > 6")
    # 2 * 3 = 6; 1 / 0 has no value, so the comparison is unknown; -(-7) = 7; "k" < "m" < "z";
    # (1 > 2) is false, so the "or" rests on x > 6 and the "and" too; (1 / 0 > 1) is unknown, so
    # "or" is true only where x > 6 is
    assert rows == [[True, None, True, True, True, True, None, True],
                    [False, None, False, False, False, False, None, None],
                    [None, None, None, None, None, None, None, None]]


# Just below 2**53 every integer is exact in float64, but n + 2 is not: in float64 it rounds to
# 2**53, the same as n + 1. Python's integers give n + 2 > n + 1, so every step that carries such
# a result must hand the row to the reference evaluator.
EDGE = 2**53 - 1


def test_a_result_past_exact_floats_is_decided_exactly_through_every_step() -> None:
    records = [{"n": EDGE, "ok": True}, {"n": 5, "ok": False}]
    rows = truths(records, "n + 2 > n + 1", "not (n + 2 > n + 1)", "(n + 2 > n + 1) and ok",
                  "(n + 2 > n + 1) == ok", "-(n + 2) < -(n + 1)", "(n + 2) / 1 > (n + 1) / 1",
                  "(n + 2) - (n + 1) in [1]", "(n + 2 > n + 1) + 0 == 1", "(n + 2) * 1 > n + 1")
    # except for true division, which is float division in Python too: (2**53 + 1) / 1 is 2**53
    assert rows == [[True, False, True, True, True, False, True, True, True],
                    [True, False, False, False, True, True, True, True, True]]


def test_a_division_by_zero_leaves_the_numerator_blank_not_doubled() -> None:
    # 6 / 0 is unknown; 6 / 3 = 2 exactly, with no stand-in denominator leaking into known rows
    rows = truths([{"x": 6, "y": 0}, {"x": 6, "y": 3}], "x / y == 2", "x / y > 2.5", "x / y == 3")
    assert rows == [[None, None, None], [True, False, False]]


def test_the_compiler_refuses_what_it_cannot_evaluate() -> None:
    from kcscore.engine.vector_compile import Compiler

    compiler = Compiler(TYPES)
    with pytest.raises(ValueError, match="reads the field 'zz', which has no declared type"):
        compiler.truth(parse("zz > 1"))
    with pytest.raises(ValueError, match="conditions cannot read the photo field 'files'"):
        Compiler({"files": FieldType("photo")}).truth(parse("files == 1"))
    with pytest.raises(TypeError, match="arithmetic on text"):
        compiler.truth(parse("note + 1 > 2"))
    with pytest.raises(TypeError, match="not a condition: Num"):  # folded: the reference says so
        compiler.truth(A.Num(3))
    with pytest.raises(TypeError, match="not a condition: Arith"):  # reads a field: compiled
        compiler.truth(A.Arith("+", A.Field("x"), A.Num(1)))
    with pytest.raises(TypeError, match="contains on something other than a field"):
        compiler.truth(A.Contains(A.Neg(A.Field("x")), (A.Str("đá"),)))


def test_a_division_past_exact_floats_or_to_infinity() -> None:
    # (2**53 + 1) / 3 = 3002399751580331 exactly in Python, while in float64 the numerator is 2**53
    # and the quotient 3002399751580330.5; 1e15 / 1e-300 (both operands exact, far below 2**53)
    # overflows to infinity, which has no value
    records = [{"n": EDGE, "x": 1e15, "y": 1e-300}, {"n": 4, "x": 1.0, "y": 4.0}]
    rows = truths(records, "(n + 2) / 3 == 3002399751580331", "x / y > 1", "(n + 2) - n == 2")
    assert rows == [[True, None, True], [False, False, True]]


def test_risk_from_both_sides_and_from_either_operand_of_a_comparison() -> None:
    # each row has one operand past exact floats: ((n + 2) - n) + (m + 2) - m is 4 in Python, but 3 in
    # float64 in the row where n or m is 2**53 - 1; 3 / ((n + 2) - n) is 1.5 in Python, 3 in float64
    records = [{"n": EDGE, "m": 5, "ok": True}, {"n": 5, "m": EDGE, "ok": True}]
    rows = truths(records, "(n + 2) - n + (m + 2) - m == 4", "3 / ((n + 2) - n) == 1.5", "ok == (n + 2 > n + 1)")
    assert rows == [[True, True, True], [True, True, True]]


def test_text_against_a_boolean_is_never_equal() -> None:
    rows = truths([{"note": "có", "ok": True}, {"note": "có", "ok": None}, {"note": None, "ok": False}],
                  "note == ok", "note != ok")
    assert rows == [[False, True], [None, None], [None, None]]
