"""The new-province walkthrough of docs/rule-files.md works as written.

The test reads the numbered steps of "A new province's pack", runs each command it names in a
scratch project (the copy, an edit that adds a question and a flag, check, test, diff, sensitivity,
doc, use) and requires each to succeed, so the documented loop cannot silently stop working.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcscore.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = {"en": (ROOT / "docs" / "rule-files.md", "## A new province's pack"),
        "vi": (ROOT / "docs" / "rule-files.vi.md", "## Lập bộ quy tắc cho tỉnh mới")}
STEPS = ["cp", "rules check", "rules test", "rules diff", "rules sensitivity", "rules doc", "score", "rank"]
PROPOSAL = ROOT / "samples" / "proposals" / "strong-household-mien-dong.yaml"
APPLICANTS = ROOT / "samples" / "applicants" / "bac-kan-2019.csv"

NEW_FIELD = """
  sand_dredging:
    type: boolean
    title: {vi: Có khai thác cát lòng sông, en: Dredges river sand}
    header: Khai thác cát lòng sông
"""
NEW_FLAG = """
  river_sand:
    kind: flag
    title: {vi: Khai thác cát lòng sông, en: River sand dredging}
    cite: {doc: Luật Khoáng sản 2010, article: Điều 64}
    when: sand_dredging
    says: {vi: Cơ sở có khai thác cát lòng sông; kiểm tra giấy phép, en: The facility dredges river sand; check its licence}
"""


def walkthrough_commands(lang: str) -> list[str]:
    """The commands in backticks of the walkthrough's numbered steps, in order."""
    path, heading = DOCS[lang]
    section = path.read_text(encoding="utf-8").split(heading, 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^\d+\. (.+?)(?=^\d+\. |\Z)", section, re.MULTILINE | re.DOTALL)
    commands = []
    for step in steps:
        commands += [c for c in re.findall(r"`([^`]+)`", step) if c.startswith(("kcscore ", "cp "))]
    return commands


def _step(command: str) -> str:
    words = shlex.split(command)
    return "cp" if words[0] == "cp" else " ".join(words[1:3]) if words[1] == "rules" else words[1]


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_the_walkthrough_names_every_step_of_the_loop(lang: str) -> None:
    assert [_step(c) for c in walkthrough_commands(lang)] == STEPS


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_the_walkthrough_runs_as_written(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "rules", tmp_path / "rules", ignore=shutil.ignore_patterns("README.md"))
    shutil.copy(PROPOSAL, tmp_path / "proposal.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KCSCORE_RULES", raising=False)
    ran = []
    for command in walkthrough_commands(lang):
        words = [w for w in shlex.split(command) if w != "…"]
        if "--applicants" in words:
            shutil.copy(APPLICANTS, tmp_path / words[words.index("--applicants") + 1])
        if words[0] == "cp":
            shutil.copytree(tmp_path / words[-2], tmp_path / words[-1])
            pack = tmp_path / words[-1]
            # step 2, the edit: a new question and a flag on it (scores unchanged, the total stays 100)
            policy = pack / "policy.yaml"
            policy.write_text(policy.read_text(encoding="utf-8").replace("id: bac-kan", "id: my-province"), encoding="utf-8")
            # the new question goes into the province's own layer: the national fields stay as they are
            (pack / "fields.yaml").write_text("fields:" + NEW_FIELD, encoding="utf-8")
            (pack / "flags.yaml").write_text("rules:" + NEW_FLAG, encoding="utf-8")
            continue
        if words[1] in ("score", "rank"):
            words.append("proposal.yaml" if words[1] == "score" else str(APPLICANTS))
        result = CliRunner().invoke(main, words[1:], catch_exceptions=False)
        assert result.exit_code == 0, (command, result.output)
        ran.append(words[1] if words[1] != "rules" else f"rules {words[2]}")
    assert ["cp", *ran] == STEPS
    out = next(Path(w) for c in walkthrough_commands(lang) for w in shlex.split(c) if w.endswith(".html"))
    assert (tmp_path / out).stat().st_size > 0
