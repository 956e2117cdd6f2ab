"""A failure the user can fix is a catalogue code and its parameters, said in the user's language
only where it is shown (``UserError.message``), never a pair of sentences made where it is raised."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

from kcscore.errors import EXIT_USAGE, OutputError, UserError
from kcscore.i18n import Message, Twin
from kcscore.i18n.catalogue import CATALOGUE
from kcscore.oneapplicant import ApplicantNotFound

ROOT = Path(__file__).resolve().parents[1] / "kcscore"


def _user_error_names() -> set[str]:
    import kcscore.decisionrecord  # noqa: F401  (every module that declares a UserError)
    import kcscore.pipeline  # noqa: F401
    import kcscore.proposal  # noqa: F401
    import kcscore.recheck  # noqa: F401
    import kcscore.report.notice  # noqa: F401

    found, todo = set(), [UserError]
    while todo:
        cls = todo.pop()
        if cls is UserError or "__init__" not in vars(cls):  # one with its own arguments (TooDeep) names its code itself
            found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def test_an_error_is_said_in_the_language_asked_with_its_parts() -> None:
    error = ApplicantNotFound("error.applicant.no_such_id", path="ds.csv", wanted="BK-1",
                              guess=Message("error.did_you_mean", {"guess": "BK-01"}))
    assert error.said.code == "error.applicant.no_such_id"
    assert error.message("vi") == "ds.csv: không có hồ sơ mã 'BK-1'; có phải 'BK-01'?"
    assert error.message("en") == "ds.csv: no applicant with id 'BK-1'; did you mean 'BK-01'?"
    assert str(error) == error.message("en")
    quoted = UserError("error.in_file", path="a.csv", problem=Twin("tệp trống", "the file is empty"))
    assert (quoted.message("vi"), quoted.message("en")) == ("a.csv: tệp trống", "a.csv: the file is empty")


def test_an_error_crosses_a_process_with_its_code_parameters_and_exit_status() -> None:
    error = OutputError("error.out.folder", label=Message("error.out.label", {"output": "kq"}))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is OutputError and isinstance(again, OSError)
    assert again.code == EXIT_USAGE and again.said == error.said
    assert again.message("vi") == "--out 'kq' là một thư mục, không phải tệp"


def test_every_user_error_raised_names_a_catalogue_code() -> None:
    """An error built from sentences (``InputError(f"…", f"…")``) would say its words where it is
    raised; every one names a code of the catalogue instead, or passes on another error's message."""
    names = _user_error_names()
    assert {"InputError", "OutputError", "ApplicantNotFound", "RerunError"} <= names
    wrong, seen = [], 0
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        other = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)  # same name, not a UserError
                 and not any(isinstance(b, ast.Name) and b.id in names for b in node.bases)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names - other):
                continue
            if not node.args:
                continue
            first = node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                seen += 1
                if first.value not in CATALOGUE:
                    wrong.append(f"{where}: unknown code {first.value!r}")
            elif isinstance(first, ast.JoinedStr) or len(node.args) > 1:
                wrong.append(f"{where}: built from sentences")
    assert wrong == [] and seen > 30
