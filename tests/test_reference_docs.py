"""The rule-file reference cannot drift from what the loader accepts.

Every key any pack model accepts (walked recursively through the models, aliases included), every
rule kind and every field of the default pack must be named, as `code`, in both the English and
the Vietnamese reference; and the generated tables must be what the generator writes today.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from kcscore.policy import model as M
from kcscore.policy import reference as R

DOCS = R.DOCS


def _named(text: str) -> set[str]:
    """Everything written as inline code in a document, split on the separators tables use."""
    out: set[str] = set()
    for chunk in re.findall(r"`([^`\n]+)`", text):
        out.update(part for part in re.split(r"[\s:,.\[\]{}()|=]+", chunk) if part)
    return out


@pytest.fixture(scope="module", params=sorted(DOCS))
def doc(request: pytest.FixtureRequest) -> tuple[str, str]:
    lang = request.param
    return lang, DOCS[lang].read_text(encoding="utf-8")


def test_the_walk_finds_nested_models_and_aliases() -> None:
    models = R.models_reachable(R.ROOT_MODELS)
    for nested in (M.Band, M.SumItem, M.Cite, M.Text, M.DatedValue, M.Expect, M.TieBreak, M.EnumValue):
        assert nested in models
    keys = R.accepted_keys()
    assert {"is", "in"} <= set(keys) and "is_" not in keys and "in_" not in keys


def test_every_key_the_models_accept_is_named(doc: tuple[str, str]) -> None:
    lang, text = doc
    missing = sorted(set(R.accepted_keys()) - _named(text))
    assert missing == [], f"{DOCS[lang].name} does not name: {missing} (document them, then run python -m kcscore.policy.reference)"


def test_every_rule_kind_is_named_with_an_example(doc: tuple[str, str]) -> None:
    lang, text = doc
    for kind in M.RULE_KINDS:
        assert f"kind: {kind}" in text, (lang, kind)


def test_every_field_of_the_default_pack_is_named(doc: tuple[str, str]) -> None:
    lang, text = doc
    missing = sorted(set(R.default_field_ids()) - _named(text))
    assert missing == []


def test_the_generated_sections_are_present_and_fresh(doc: tuple[str, str]) -> None:
    lang, text = doc
    assert sorted(R.sections_in(text)) == sorted(R.GENERATORS)
    assert R.render(text, lang) == text, f"{DOCS[lang].name} is stale: run python -m kcscore.policy.reference"


def test_a_planted_key_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    class Planted(BaseModel):
        brand_new_key: int = 0

    monkeypatch.setattr(R, "ROOT_MODELS", (*R.ROOT_MODELS, Planted))
    for text in (p.read_text(encoding="utf-8") for p in DOCS.values()):
        assert "brand_new_key" in set(R.accepted_keys()) - _named(text)


def test_the_default_test_date_is_the_one_documented() -> None:
    from kcscore.packtest import DEFAULT_AS_OF

    for text in (p.read_text(encoding="utf-8") for p in DOCS.values()):
        assert f"**{DEFAULT_AS_OF.isoformat()}**" in text


def test_the_readmes_link_the_reference() -> None:
    root = R.ROOT
    rules_readme = (root / "rules" / "README.md").read_text(encoding="utf-8")
    assert "../docs/rule-files.md" in rules_readme and "../docs/rule-files.vi.md" in rules_readme
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "docs/rule-files.md" in readme and "docs/rule-files.vi.md" in readme and "rules/README.md" in readme
    for path in (root / "docs" / "rule-files.md", root / "docs" / "rule-files.vi.md", root / "rules" / "README.md"):
        for target in re.findall(r"\]\(([^)#]+)", path.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (path.parent / target).exists(), (path.name, target)
