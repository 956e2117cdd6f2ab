"""Read one proposal file (YAML, JSON or TOML) into a raw record; never executes anything."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kcscore.errors import TooDeep
from kcscore.nesting import MAX_DEPTH, depth_exceeds


class InputError(Exception):
    """A file that cannot be read as input; carries vi and en text."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en

    def message(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


MAX_PROPOSAL_BYTES = 2_000_000


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_PROPOSAL_BYTES:
        raise InputError(f"{path}: tệp quá lớn cho một hồ sơ", f"{path}: the file is too large for one proposal")
    from kcscore.tables.encoding import EncodingProblem, decode_bytes

    try:
        text, _ = decode_bytes(data)
    except EncodingProblem as exc:
        raise InputError(f"{path}: {exc.vi}", f"{path}: {exc.en}") from exc
    return text


def read_proposal(path: str | Path) -> dict[str, Any]:
    """The record in a proposal file, as written (values are parsed against the schema later)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"không tìm thấy tệp '{path}'", f"no such file '{path}'")
    suffix = path.suffix.lower()
    text = _decode(path)
    try:
        data = _parse(path, suffix, text)
        deep = depth_exceeds(data, MAX_DEPTH)
    except RecursionError:  # the parser met Python's own limit: far too deep
        deep = True
    except ValueError as exc:  # an integer of thousands of digits, which Python refuses to convert
        raise InputError(f"{path}: giá trị không đọc được: {exc}", f"{path}: a value cannot be read: {exc}") from None
    if deep:
        too_deep = TooDeep(path, MAX_DEPTH)
        raise InputError(too_deep.vi, too_deep.en)
    if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), dict) and \
            next(iter(data)) in ("applicant", "proposal", "hồ sơ", "ho_so"):
        data = next(iter(data.values()))
    if not isinstance(data, dict):
        raise InputError(f"{path}: hồ sơ phải là một bảng `trường: giá trị`",
                         f"{path}: a proposal must be a mapping of `field: value`")
    return data


def _parse(path: Path, suffix: str, text: str) -> Any:
    """The value a proposal file holds, by its extension."""
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}:{exc.colno}: JSON không hợp lệ: {exc.msg}",
                             f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    elif suffix == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # tomllib is new in 3.11; tomli is the same parser, declared in pyproject.toml for 3.10
            import tomli as tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{path}: TOML không hợp lệ: {exc}", f"{path}: invalid TOML: {exc}") from exc
    elif suffix in (".yaml", ".yml"):
        from kcscore.policy.diagnostics import format_gnu
        from kcscore.policy.yamlsource import read_yaml_text

        located, problems = read_yaml_text(text, str(path))
        if located is None:
            raise InputError(format_gnu(problems[0], "vi"), format_gnu(problems[0], "en"))
        data = located.data
    else:
        raise InputError(f"{path}: chỉ đọc được hồ sơ .yaml, .json hoặc .toml",
                         f"{path}: a proposal must be .yaml, .json or .toml")
    return data
