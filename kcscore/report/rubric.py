"""`kcscore rules doc`: the rubric as the public would read it, in Vietnamese or English.

Every gate and exclusion with its reason, every criterion with its bands and points, support
shares and caps with each dated value and its source, officer warnings and the field glossary,
all built from the loaded pack. The output depends only on the pack and the language — no
timestamps, pack order throughout — so the same pack always gives byte-identical files, and a
published rubric can be checked against the pack's SHA-256 it prints.
"""

from __future__ import annotations

from pathlib import Path

from kcscore.fileio import write_text_atomic
from kcscore.policy.ir import Policy
from kcscore.report.rubric_blocks import Block, to_html, to_markdown
from kcscore.report.rubric_i18n import words
from kcscore.report.rubric_overview import glossary, header, ranking
from kcscore.report.rubric_rules import RuleWriter
from kcscore.report.rubric_support import support

LANGS = ("vi", "en")


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"ngôn ngữ '{lang}' không được hỗ trợ; dùng vi hoặc en || "
                         f"language '{lang}' is not supported; use vi or en")
    return lang


def rubric_blocks(policy: Policy, lang: str = "vi") -> list[Block]:
    """The whole rubric as blocks, in reading order: frame, eligibility, points, money, glossary."""
    lang = _lang(lang)
    rules = RuleWriter(policy, lang)
    return (header(policy, lang) + rules.gates() + rules.exclusions() + rules.criteria() + rules.bonuses()
            + rules.penalties() + rules.summary() + ranking(policy, lang) + support(policy, lang)
            + rules.flags() + glossary(policy, lang))


def render_rubric_markdown(policy: Policy, lang: str = "vi") -> str:
    return to_markdown(rubric_blocks(policy, lang))


def render_rubric_html(policy: Policy, lang: str = "vi") -> str:
    """A self-contained page: inline CSS, no script, no external resource, every text escaped."""
    w = words(_lang(lang))
    title = f"{w['doc_kind']}: {policy.meta.title.get(lang)} ({policy.meta.version})"
    return to_html(rubric_blocks(policy, lang), title, lang, w["contents"])


def write_rubric(policy: Policy, path: Path | str, lang: str = "vi") -> None:
    """Write the rubric to ``path``; the format follows the extension (.md or .html)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        text = render_rubric_markdown(policy, lang)
    elif suffix in (".html", ".htm"):
        text = render_rubric_html(policy, lang)
    else:
        raise ValueError(f"không ghi được bộ tiêu chí ra tệp '{path.name}': dùng đuôi .md hoặc .html || "
                         f"cannot write the rubric to '{path.name}': use a .md or .html file")
    write_text_atomic(path, text)
