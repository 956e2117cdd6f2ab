"""Rebuild the rule files of the sample 2027 amendment (samples/packs/bac-kan-2027) from the default pack.

The amendment is an overlay of the default pack (``extends: ../../../rules/bac-kan``): it holds
only the rules and values it changes, each copied from the default pack (whichever layer holds it)
with ``override: true`` and the edits below, so an edit to the default pack reaches the sample the
next time this script runs instead of drifting from a hand-made copy. Every edit names the exact
text it replaces; when the default pack no longer has that text, the script stops and says which
edit to revisit. The cases in the sample's ``tests/`` are its own (the default pack's cases with
the expectations of 2027, and ``amendment.yaml``); they are checked, not generated:

    python tools/build_amendment_2027.py            # rewrite the rule files, then run the cases
    python tools/build_amendment_2027.py --check    # exit 1 if the files differ from a rebuild
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "rules" / "bac-kan"
TARGET = ROOT / "samples" / "packs" / "bac-kan-2027"
EXTENDS = "../../../rules/bac-kan"

POLICY_HEAD = """\
# An amendment of the Bắc Kạn pack (rules/bac-kan, version 2026.1) for the 2027 selection round.
# It is a worked example of how a province revises its pack; compare the two with
#   kcscore rules diff rules/bac-kan samples/packs/bac-kan-2027
# It extends the default pack and holds only what changes (each edit is also marked `# 2027:`):
#   criteria.yaml  local_raw_material: top band 14 → 16 points, a stronger push for local arrowroot
#                  (miến dong) and Shan tuyết tea; new bonus green_production (4 points) for the
#                  sustainable production that Nghị định 235/2025/NĐ-CP adds; to keep 100 points,
#                  productivity_gain drops from 10/7/4 to 6/5/3 and the brand_packaging cap from 12 to 10;
#                  plan_stability is tightened from −3/−6 to −5/−10.
#   gates.yaml     counterpart_funding: the facility must also fund at least 30 % of the cost itself;
#                  no_environmental_violation: a cleaner-production project is exempt too.
#   support.yaml   machinery_cap_vnd: an example 2026 provincial cap of 350 million (unconfirmed).
#   tests/         every expectation moved to the new points; amendment.yaml holds the cases of the new
#                  rules and values, and a case whose meaning changed says `2027:` in its note.
# The rule files are written by tools/build_amendment_2027.py from the default pack; edit the
# script, not these files.
"""

GREEN_PRODUCTION = """\
  # 2027: new. Nghị định 235/2025/NĐ-CP adds sustainable production to khuyến công; the province
  # rewards projects that clean up production or make non-fired building materials.
  green_production:
    before: recognised_product
    kind: bonus
    title: {vi: "Sản xuất xanh, sạch hơn", en: Green and cleaner production}
    cite:
      doc: Nghị định 235/2025/NĐ-CP
      article: Điều 1 (sửa đổi Nghị định 45/2012/NĐ-CP; sản xuất và tiêu dùng bền vững)
      note: Thông tư 46/2012/TT-BCT Điều 5.1 ưu tiên vật liệu không nung
      confidence: read-2nd
    when: >-
      sector == "cleaner_production" or support_content in ["cleaner_production", "pollution_treatment"]
      or kiln_type == "non_fired"
    points: 4
    says:
      vi: "Đề án sản xuất sạch hơn, xử lý ô nhiễm hoặc sản xuất vật liệu không nung"
      en: The project is cleaner production, pollution treatment or non-fired building materials
"""


@dataclass(frozen=True)
class Edit:
    """One rule or value of the default pack, overridden in the amendment with these replacements."""

    file: str  # the amendment's file it goes to
    section: str  # rules | parameters
    id: str
    replace: tuple[tuple[str, str], ...]


EDITS = (
    Edit("criteria.yaml", "rules", "local_raw_material", (
        ("      - {above: 80, points: 14}\n",
         "      # 2027: 14 → 16. The province wants processors to buy local arrowroot (miến dong) and\n"
         "      # Shan tuyết tea rather than bring in cheaper inputs, so the top band weighs more.\n"
         "      - {above: 80, points: 16}\n"),)),
    Edit("criteria.yaml", "rules", "productivity_gain", (
        ("      - {at_least: 30, points: 10}\n      - {at_least: 20, points: 7}\n      - {at_least: 10, points: 4}\n",
         "      # 2027: 10/7/4 → 6/5/3. The expected gain is declared by the facility and hard to verify\n"
         "      # before the project ends, so it weighs less; the points go to local inputs and green production.\n"
         "      - {at_least: 30, points: 6}\n      - {at_least: 20, points: 5}\n      - {at_least: 10, points: 3}\n"),)),
    Edit("criteria.yaml", "rules", "brand_packaging", (
        ("    cap: 12\n", "    cap: 10  # 2027: 12 → 10, to keep the total at 100\n"),)),
    Edit("criteria.yaml", "rules", "plan_stability", (
        ("      - {at_least: 2, points: -6}\n      - {at_least: 1, points: -3}\n",
         "      # 2027: −3/−6 → −5/−10. A project adjusted or stopped leaves its year's funds unused (the 2018\n"
         "      # report names this as the main weakness), so a record of it weighs more heavily.\n"
         "      - {at_least: 2, points: -10}\n      - {at_least: 1, points: -5}\n"),)),
    Edit("gates.yaml", "rules", "counterpart_funding", (
        ("giữ điều kiện này chưa được xác nhận\n",
         "giữ điều kiện này chưa được xác nhận; mức tự bỏ vốn 30% là lựa chọn của tỉnh\n"),
        ("    require: counterpart_committed\n",
         "    # 2027: the facility must also fund at least 30 % of the cost itself (a request of at most 70 %).\n"
         "    # The 2018 news article found that facilities with thin finances often changed their investment\n"
         "    # plans and had to adjust or stop their projects; a real own share is the province's answer.\n"
         "    require: counterpart_committed and requested_support_vnd <= total_cost_vnd * 0.7\n"),
        ("      vi: Cơ sở chưa cam kết bỏ vốn đối ứng cho phần kinh phí còn lại của đề án\n"
         "      en: The facility has not committed to fund the rest of the project cost\n",
         "      vi: >-\n"
         "        Cơ sở chưa cam kết bỏ vốn đối ứng, hoặc kinh phí đề nghị ({requested_support_vnd} đồng) vượt 70% tổng\n"
         "        kinh phí đề án ({total_cost_vnd} đồng): cơ sở phải tự bỏ ít nhất 30%\n"
         "      en: >-\n"
         "        The facility has not committed counterpart funds, or the request ({requested_support_vnd} VND) is over\n"
         "        70 % of the project cost ({total_cost_vnd} VND): the facility must fund at least 30 % itself\n"),
    )),
    Edit("gates.yaml", "rules", "no_environmental_violation", (
        ('    exempt: support_content == "pollution_treatment"\n',
         "    # 2027: moving to cleaner production is also accepted as the remedy, so it is exempt too.\n"
         '    exempt: support_content in ["pollution_treatment", "cleaner_production"]\n'),)),
    Edit("support.yaml", "parameters", "machinery_cap_vnd", (
        ("confidence: read-2nd, note: ngày hiệu lực ước tính}}\n",
         "confidence: read-2nd, note: ngày hiệu lực ước tính}}\n"
         "      # 2027: an EXAMPLE of a provincial resolution raising the cap from 2026 with local funds; the\n"
         "      # resolution, its number and its date are illustrative and not confirmed against any gazette.\n"
         "      2026-01-01:\n"
         "        value: 350_000_000\n"
         "        cite:\n"
         "          doc: Nghị quyết của HĐND tỉnh về mức chi khuyến công địa phương (ví dụ minh hoạ)\n"
         "          article: Điều 3\n"
         "          confidence: unconfirmed\n"
         "          note: Giá trị ví dụ cho bộ quy tắc mẫu; chưa đối chiếu với văn bản gốc\n"),)),
)
ADDED = {"criteria.yaml": GREEN_PRODUCTION}
FILE_HEADS = {
    "criteria.yaml": "# 2027: the criteria the amendment changes, and its new bonus; every other criterion is the default pack's.\n",
    "gates.yaml": "# 2027: the gate and the exclusion the amendment changes.\n",
    "support.yaml": "# 2027: the dated value the amendment adds.\n",
}


class RecipeError(Exception):
    """An edit that no longer fits the default pack: its text or its rule is gone."""


def _source_files() -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from kcscore.policy.layers import all_rule_files, resolve_layers

    layers, problems = resolve_layers(SOURCE)
    if problems:
        raise RecipeError(f"the default pack's layers cannot be read: {problems[0].message('en')}")
    return all_rule_files(layers)


def block(item_id: str, files: list[Path]) -> str:
    """The text of one rule or parameter of the default pack, with the comment lines just above it."""
    for path in files:
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            if line.rstrip() != f"  {item_id}:":
                continue
            start = i
            while start > 0 and lines[start - 1].startswith("  #"):
                start -= 1
            end = i + 1  # up to the next line written at the item's own indent or less
            while end < len(lines) and (not lines[end].strip() or lines[end].startswith("   ")):
                end += 1
            return "\n".join(lines[start:end]).rstrip("\n") + "\n"
    raise RecipeError(f"no rule or value '{item_id}' in the default pack any more")


def overridden(edit: Edit, files: list[Path]) -> str:
    """The default pack's item with ``override: true`` and the edit's replacements."""
    text = block(edit.id, files)
    for old, new in edit.replace:
        if text.count(old) != 1:
            raise RecipeError(f"{edit.id}: the text to replace is no longer in the default pack: {old.strip()!r}")
        text = text.replace(old, new)
    return text.replace(f"  {edit.id}:\n", f"  {edit.id}:\n    override: true\n", 1)


def policy_file(files: list[Path]) -> str:
    source = (SOURCE / "policy.yaml").read_text(encoding="utf-8")
    section = source[source.index("\npolicy:\n") + 1:]
    old = '  version: "2026.1"\n'
    if old not in section:
        raise RecipeError("the default pack's version is no longer 2026.1: revisit the amendment")
    return POLICY_HEAD + f"extends: {EXTENDS}\n\n" + section.replace(old, '  version: "2027.1"  # 2027: amendment of 2026.1\n')


def build() -> dict[str, str]:
    """The amendment's rule files: name → text."""
    files = _source_files()
    out: dict[str, str] = {"policy.yaml": policy_file(files)}
    for name in FILE_HEADS:
        sections: dict[str, list[str]] = {}
        for edit in EDITS:
            if edit.file == name:
                sections.setdefault(edit.section, []).append(overridden(edit, files))
        if name in ADDED:
            sections.setdefault("rules", []).append(ADDED[name])
        body = "\n".join(f"{section}:\n" + "\n".join(items) for section, items in sections.items())
        out[name] = FILE_HEADS[name] + body
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed files differ from a rebuild")
    args = parser.parse_args()
    try:
        wanted = build()
    except RecipeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    present = {p.name: p.read_text(encoding="utf-8") for p in TARGET.glob("*.yaml")}
    if args.check:
        stale = sorted(set(wanted) ^ set(present) | {n for n in wanted if present.get(n) != wanted[n]})
        for name in stale:
            print(f"{TARGET.relative_to(ROOT) / name}: differs from a rebuild; run tools/build_amendment_2027.py",
                  file=sys.stderr)
        return 1 if stale else 0
    for name in set(present) - set(wanted):
        (TARGET / name).unlink()
    for name, text in wanted.items():
        (TARGET / name).write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(sorted(wanted))} in {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
