"""Recognise a body written at its owner's own indentation, a slip YAML itself accepts.

::

    counterpart_funding:
    kind: gate            # should be indented under counterpart_funding
    title: ...

is valid YAML: ``counterpart_funding`` is empty and ``kind``, ``title``… become rule ids of their
own, each "missing required key 'kind'". The officer made one mistake, so it gets one diagnostic,
on the first mis-indented line, saying it looks like an indentation problem.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kcscore.policy import model as M
from kcscore.policy.diagnostics import Diagnostic, Pos

_MODELS: dict[str, tuple[type[BaseModel], ...]] = {
    "rules": (M.Gate, M.Exclusion, M.Criterion, M.Bonus, M.Penalty, M.Flag, M.Support),
    "fields": (M.FieldSpec,),
    "parameters": (M.Parameter,),
}


def body_keys(section: str) -> frozenset[str]:
    """The keys a body of this section may have (never ids: a rule called ``title`` is unlikely)."""
    return frozenset(f.alias or name for model in _MODELS.get(section, ()) for name, f in model.model_fields.items())


def find_flattened(section: str, body: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(owner id, the body keys written beside it) for every empty entry followed by body keys."""
    keys = body_keys(section)
    if not keys:
        return []
    names = list(body)
    out: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(names):
        owner = names[i]
        following: list[str] = []
        j = i + 1
        while j < len(names) and names[j] in keys:
            following.append(names[j])
            j += 1
        if body[owner] is None and owner not in keys and following:
            out.append((owner, following))
            i = j
        else:
            i += 1
    return out


def flattened_diagnostic(owner: str, following: list[str], owner_pos: Pos, first_pos: Pos) -> Diagnostic:
    keys = ", ".join(following)
    return Diagnostic.error(
        "K001", Pos(first_pos.file, first_pos.line, first_pos.col, max(len(following[0]), 1)),
        problem=(f"có vẻ là lỗi thụt lề: các khoá {keys} (từ dòng {first_pos.line}) thẳng hàng với '{owner}' "
                 f"ở dòng {owner_pos.line}, nên '{owner}' bị bỏ trống; thụt chúng vào sâu hơn '{owner}'"),
        problem_en=(f"this looks like an indentation problem: the keys {keys} (from line {first_pos.line}) line up with "
                    f"'{owner}' at line {owner_pos.line}, which leaves '{owner}' empty; indent them under '{owner}'"),
    )
