"""`kcscore score`: the scorecard, the JSON contract, exit codes and error lines."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kcscore.assess.contract import ScoreOut
from kcscore.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "proposals"


def score(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["score", *args])
    return result.exit_code, result.stdout, result.stderr


def test_strong_household_scorecard_in_vietnamese(runner: CliRunner) -> None:
    code, out, _ = score(runner, str(SAMPLES / "strong-household-mien-dong.yaml"))
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("HKD Miến dong Nà Làng — ĐỦ ĐIỀU KIỆN — 76/100 điểm")
    assert "đề xuất hỗ trợ 250.000.000 đ" in first
    assert "Nguyên liệu tại chỗ chiếm 95% giá trị đầu vào (Thông tư 46/2012/TT-BCT, Điều 6.2.b)" in out
    assert "Mức hỗ trợ đề xuất: mức thấp nhất trong: đề nghị 250 tr, 50% × 600 tr, trần 300 tr theo Thông tư 28/2018/TT-BTC, Điều 8.4; tức là 250.000.000 đ" in out
    assert "Chưa có liên kết tiêu thụ, vùng nguyên liệu; nếu có sẽ được thêm 6 điểm" in out


def test_no_support_amount_for_an_applicant_who_gets_none(runner: CliRunner) -> None:
    """The mining facility is ineligible: its JSON keeps the figures, its scorecard promises no money."""
    code, out, _ = score(runner, str(SAMPLES / "mining-facility.json"))
    assert code == 0 and "KHÔNG ĐỦ ĐIỀU KIỆN" in out
    assert "Mức hỗ trợ đề xuất" not in out and "450.000.000 đ" not in out
    code, out, _ = score(runner, str(SAMPLES / "mining-facility.json"), "--format", "json")
    support = json.loads(out)["support"]
    assert support["amount_vnd"] == 0 and support["requested_vnd"] == 450_000_000


def test_suggestions_say_what_is_missing_and_what_it_earns(runner: CliRunner) -> None:
    """A yes/no answer reads "Chưa có …; nếu có", a choice names its target, a number says where it is now."""
    code, out, _ = score(runner, str(SAMPLES / "weak-primary-processor.yaml"))
    assert code == 0
    assert "  + Sản phẩm CNNT tiêu biểu: nếu đạt «Cấp huyện» sẽ được thêm 4 điểm\n" in out
    assert "  + Chưa có hợp đồng xuất khẩu; nếu có sẽ được thêm 2 điểm\n" in out
    assert "  + Số lao động mới tạo ra: hiện là 1; nếu đạt từ 5 trở lên sẽ được thêm 2 điểm\n" in out
    assert "→" not in out
    code, out, _ = score(runner, str(SAMPLES / "weak-primary-processor.yaml"), "--lang", "en")
    assert code == 0
    assert "  + Typical rural industrial product: reaching «District level» would add 4 points\n" in out
    assert "  + Export contract: not yet; yes would add 2 points\n" in out


def test_json_output_follows_the_contract(runner: CliRunner) -> None:
    code, out, _ = score(runner, str(SAMPLES / "strong-household-mien-dong.yaml"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    parsed = ScoreOut.model_validate(data)
    assert parsed.decision == "eligible" and parsed.score == 76 and parsed.recommended_support_vnd == 250_000_000
    assert parsed.policy.id == "bac-kan" and len(parsed.policy.sha256) == 64
    rules = {f.rule: f for f in parsed.findings}
    assert rules["local_raw_material"].points == 14
    assert data["support"]["set_by"] == "requested" and data["support"]["cap_vnd"] == 300_000_000


def test_english_and_as_of_switch_the_cap(runner: CliRunner) -> None:
    code, out, _ = score(runner, str(SAMPLES / "mining-facility.json"), "--lang", "en")
    assert code == 0 and "NOT ELIGIBLE" in out.splitlines()[0]
    assert "The province does not support mining or mineral processing" in out
    code, out, _ = score(runner, str(SAMPLES / "strong-household-mien-dong.yaml"), "--as-of", "2017-06-01", "--format", "json")
    data = json.loads(out)
    assert data["support"]["cap_vnd"] == 200_000_000 and data["policy"]["as_of"] == "2017-06-01"


def test_ineligible_exits_zero_and_names_the_reason(runner: CliRunner) -> None:
    code, out, _ = score(runner, str(SAMPLES / "hoffmann-brickworks.toml"))
    assert code == 0
    assert "KHÔNG ĐỦ ĐIỀU KIỆN" in out and "Lò vòng" in out


def test_incomplete_names_the_missing_fields(runner: CliRunner) -> None:
    code, out, _ = score(runner, str(SAMPLES / "incomplete.yaml"), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["decision"] == "incomplete"
    assert set(data["missing"]) == {"counterpart_committed", "local_material_share"}


def test_vietnamese_labels_and_number_forms(runner: CliRunner) -> None:
    code, out, _ = score(runner, str(SAMPLES / "vietnamese-labels.yaml"), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["decision"] == "eligible"
    assert data["support"]["cost_vnd"] == 80_000_000 and data["support"]["requested_vnd"] == 35_000_000


def test_nfd_labels_are_read_like_nfc(runner: CliRunner, tmp_path: Path) -> None:
    import unicodedata

    text = (SAMPLES / "vietnamese-labels.yaml").read_text(encoding="utf-8")
    nfd = tmp_path / "nfd.yaml"
    nfd.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    code, out, _ = score(runner, str(nfd), "--format", "json")
    assert code == 0 and json.loads(out)["decision"] == "eligible"


def test_invalid_proposal_exits_one_with_a_line_per_bad_field(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (SAMPLES / "strong-household-mien-dong.yaml").read_text(encoding="utf-8")
    text = text.replace("local_material_share: 95", "local_material_share: chín lăm")
    text = text.replace("legal_form: household_business", "legal_form: hộ gia đình")
    text += "local_materal_share: 50\n"
    bad.write_text(text, encoding="utf-8")
    code, out, err = score(runner, str(bad))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines.pop().startswith("Bộ quy tắc: bac-kan")  # the last line names the pack
    assert len(lines) == 3
    assert any("local_material_share" in line and "chín lăm" in line for line in lines)
    assert any("legal_form" in line and "household_business" in line for line in lines)
    assert any("local_materal_share" in line and "local_material_share" in line for line in lines)
    assert "Traceback" not in err


def test_missing_file_and_bad_as_of(runner: CliRunner) -> None:
    code, _, err = score(runner, "no-such-file.yaml")
    assert code == 1 and "no-such-file.yaml" in err
    result = runner.invoke(main, ["score", str(SAMPLES / "incomplete.yaml"), "--as-of", "31/02/2020"])
    assert result.exit_code == 2


def test_date_before_any_support_value_is_an_error_not_zero(runner: CliRunner) -> None:
    code, _, err = score(runner, str(SAMPLES / "strong-household-mien-dong.yaml"), "--as-of", "2013-01-01")
    assert code == 1 and "2014" in err


def test_numbers_beyond_any_facility_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "huge.yaml"
    text = (SAMPLES / "strong-household-mien-dong.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("total_cost_vnd: 600_000_000", "total_cost_vnd: 1e300"), encoding="utf-8")
    code, _, err = score(runner, str(bad))
    assert code == 1 and "total_cost_vnd" in err and "quá lớn" in err
