"""The message catalogue: every code speaks both languages with the same parameters."""

from __future__ import annotations

import pytest

from kcscore.i18n import LANGS, capital, from_environment, lang_of, parameters, pick, render
from kcscore.i18n.catalogue import CATALOGUE


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_both_languages_and_the_same_parameters(code: str) -> None:
    entry = CATALOGUE[code]
    assert set(entry) == set(LANGS), f"{code}: languages {sorted(entry)}"
    assert all(entry[lang].strip() for lang in LANGS), f"{code}: an empty text"
    assert parameters(entry["vi"]) == parameters(entry["en"]), f"{code}: vi and en take different parameters"


def test_parameters_reads_named_fields_only() -> None:
    assert parameters("cần {needed}, còn {left}; {{literal}}") == {"needed", "left"}


def test_render_fills_the_template_of_the_language() -> None:
    assert render("funding.short", "vi", needed="5 đ", left="3 đ") == "không đủ kinh phí còn lại: cần 5 đ, chỉ còn 3 đ"
    assert render("funding.short", "en", needed="5 VND", left="3 VND") == "not enough money left: needs 5 VND, only 3 VND left"


def test_any_language_but_english_is_vietnamese() -> None:
    assert render("status.funded", "fr") == render("status.funded", "vi") == "được hỗ trợ"
    assert lang_of(None) == "vi" and lang_of("en") == "en"
    assert pick("có", "yes", "en") == "yes" and pick("có", "yes", "vi") == "có"


def test_an_unknown_code_is_a_fault_not_a_printed_code() -> None:
    with pytest.raises(KeyError):
        render("status.nowhere", "vi")


def test_capital_only_touches_the_first_letter() -> None:
    assert capital("đủ điều kiện") == "Đủ điều kiện" and capital("") == ""


@pytest.mark.parametrize(("environ", "lang"), [
    ({}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "C.UTF-8"}, "vi"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"KCSCORE_LANG": "vi", "LANG": "en_US.UTF-8"}, "vi"),
    ({"KCSCORE_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"KCSCORE_LANG": "fr", "LANG": "en_US.UTF-8"}, "en"),
])
def test_the_environment_chooses_kcscore_lang_then_the_locale(environ: dict[str, str], lang: str) -> None:
    assert from_environment(environ) == lang


def test_every_status_a_kind_says_without_a_sentence_has_its_words() -> None:
    """A kind unit names which statuses say the rule's title and a word of their own (``plain`` and
    the statuses with no ``says`` entry); each of those words is a ``finding.*`` code."""
    from kcscore.wording.texts import _STATUS
    from kcscore.kinds.registry import KINDS

    wanted = set(_STATUS) | {kind.plain for kind in KINDS.values() if kind.plain}
    assert wanted and all(f"finding.{status}" in CATALOGUE for status in wanted), sorted(wanted)


def test_no_language_branch_outside_the_catalogue_layer() -> None:
    """Words are a view: a module that needs text asks the catalogue for it rather than testing
    the language itself, so adding a language touches the catalogue and nothing else."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "kcscore"
    allowed = {root / "i18n" / "__init__.py", root / "policy" / "messages.py"}  # the two renderers
    branch = re.compile(r"""\blang\w*\s*[!=]=\s*["'](vi|en)["']|\bvi\s*=\s*lang\b""")
    found = [f"{path.relative_to(root)}:{number}" for path in sorted(root.rglob("*.py")) if path not in allowed
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if branch.search(line)]
    assert found == []
