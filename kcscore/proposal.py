"""Read one proposal file (YAML, JSON or TOML) into a raw record; never executes anything."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from kcscore.errors import TooDeep, UserError
from kcscore.i18n import Twin
from kcscore.nesting import MAX_DEPTH, depth_exceeds


class InputError(UserError):
    """A file that cannot be read as input."""


MAX_PROPOSAL_BYTES = 2_000_000


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_PROPOSAL_BYTES:
        raise InputError("error.proposal.too_large", path=path)
    from kcscore.tables.encoding import EncodingProblem, decode_bytes

    try:
        text, _ = decode_bytes(data)
    except EncodingProblem as exc:
        raise InputError("error.in_file", path=path, problem=Twin(exc.vi, exc.en)) from exc
    return text


def _json_object(pairs: list[tuple[str, Any]], repeated: list[str]) -> dict[str, Any]:
    """An object as ``json`` builds it, noting any key written twice (``json`` keeps the last silently)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        repeated.extend(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
    return out


def _key_lines(text: str, pattern: str) -> list[int]:
    """Lines on which a key matching ``pattern`` is written (a key is followed by ``:`` or ``=``)."""
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(pattern, text, re.MULTILINE)]


def _twice(path: Path, key: str, lines: list[int]) -> InputError:
    if len(lines) >= 2:
        return InputError("error.proposal.repeated_at", path=path, key=key, first=lines[0], line=lines[1])
    return InputError("error.proposal.repeated", path=path, key=key)


def _json_repeated(path: Path, text: str, key: str) -> InputError:
    return _twice(path, key, _key_lines(text, re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"))


_TOML_REPEAT = re.compile(r"Cannot overwrite a value \(at line (\d+), column \d+\)")
_TOML_KEY = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def _toml_repeated(path: Path, text: str, error: str) -> InputError | None:
    """A clearer message than tomllib's "Cannot overwrite a value" for a key written twice."""
    found = _TOML_REPEAT.search(error)
    lines = text.splitlines()
    if found is None or not 0 < int(found.group(1)) <= len(lines):
        return None
    key_at = _TOML_KEY.match(lines[int(found.group(1)) - 1])
    if key_at is None:
        return None
    key = next(part for part in key_at.groups() if part is not None)
    written = rf"^\s*(?:{re.escape(json.dumps(key, ensure_ascii=False))}|'{re.escape(key)}'|{re.escape(key)})\s*="
    return _twice(path, key, _key_lines(text, written))


def read_proposal(path: str | Path) -> dict[str, Any]:
    """The record in a proposal file, as written (values are parsed against the schema later)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("error.no_such_file", path=path)
    suffix = path.suffix.lower()
    text = _decode(path)
    try:
        data = _parse(path, suffix, text)
        deep = depth_exceeds(data, MAX_DEPTH)
    except RecursionError:  # the parser met Python's own limit: far too deep
        deep = True
    except ValueError as exc:  # an integer of thousands of digits, which Python refuses to convert
        raise InputError("error.proposal.value", path=path, problem=exc) from None
    if deep:
        raise InputError(TooDeep(path, MAX_DEPTH).said)
    if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), dict) and \
            next(iter(data)) in ("applicant", "proposal", "hồ sơ", "ho_so"):
        data = next(iter(data.values()))
    if not isinstance(data, dict):
        raise InputError("error.proposal.not_mapping", path=path)
    return data


def _parse(path: Path, suffix: str, text: str) -> Any:
    """The value a proposal file holds, by its extension."""
    if suffix == ".json":
        repeated: list[str] = []
        try:
            data = json.loads(text, object_pairs_hook=lambda pairs: _json_object(pairs, repeated))
        except json.JSONDecodeError as exc:
            raise InputError("error.proposal.json", path=path, line=exc.lineno, column=exc.colno, problem=exc.msg) from exc
        if repeated:
            raise _json_repeated(path, text, repeated[0])
    elif suffix == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # tomllib is new in 3.11; tomli is the same parser, declared in pyproject.toml for 3.10
            import tomli as tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _toml_repeated(path, text, str(exc)) or InputError("error.proposal.toml", path=path, problem=exc) from exc
    elif suffix in (".yaml", ".yml"):
        from kcscore.policy.yamlflat import read_flat_mapping

        flat = read_flat_mapping(text)  # a plain ``key: value`` file, read without ruamel
        if flat is not None:
            return flat
        from kcscore.policy.diagnostics import format_gnu
        from kcscore.policy.yamlsource import read_yaml_text

        located, problems = read_yaml_text(text, str(path))
        if located is None:
            raise InputError("error.as_is", text=Twin(format_gnu(problems[0], "vi"), format_gnu(problems[0], "en")))
        repeats = [problem for problem in problems if problem.code == "K011"]
        if repeats:  # YAML would keep the first value: the proposal says two things, so it says nothing
            raise InputError("error.as_is", text=Twin("\n".join(format_gnu(d, "vi") for d in repeats),
                                                      "\n".join(format_gnu(d, "en") for d in repeats)))
        data = located.data
    else:
        raise InputError("error.proposal.suffix", path=path)
    return data
