"""The command line speaks Vietnamese by default and English on request: help, usage and click's
own errors, not only kcscore's results. ``--lang`` wins over ``KCSCORE_LANG``, which wins over ``LANG``."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from kcscore.cli import main
from kcscore.clitext import say

VI_HEADINGS = ("Cách dùng: kcscore", "Tuỳ chọn:", "Hiện hướng dẫn này rồi thoát.")
EN_HEADINGS = ("Usage: kcscore", "Options:", "Show this message and exit.")


def _run(args: list[str], env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, args, env=env, prog_name="kcscore")


def test_the_top_help_is_vietnamese_by_default() -> None:
    result = _run(["--help"])
    assert result.exit_code == 0
    assert all(h in result.output for h in VI_HEADINGS) and "Lệnh:" in result.output
    assert "Chấm điểm, xếp hạng và giải trình" in result.output
    assert "Đánh giá một hồ sơ và in phiếu chấm điểm." in result.output  # the command list, translated
    assert not any(h in result.output for h in EN_HEADINGS) and "Commands:" not in result.output


def test_lang_en_gives_the_english_help() -> None:
    result = _run(["--lang", "en", "--help"])
    assert result.exit_code == 0
    assert all(h in result.output for h in EN_HEADINGS) and "Commands:" in result.output
    assert "Assess one applicant and print its scorecard." in result.output
    assert "Cách dùng" not in result.output


def test_a_command_help_follows_its_lang_option() -> None:
    vi = _run(["rank", "--help"]).output
    assert "Cách dùng: kcscore rank [OPTIONS] FILE" in vi and "[mặc định: text]" in vi
    assert "Ngân sách (đồng): 1129000000" in vi and "Budget in VND" not in vi
    en = _run(["rank", "--lang", "en", "--help"]).output
    assert "Usage: kcscore rank [OPTIONS] FILE" in en and "[default: text]" in en and "Budget in VND" in en


@pytest.mark.parametrize(("env", "english"), [
    ({"LANG": "en_US.UTF-8"}, True),
    ({"LANG": "vi_VN.UTF-8"}, False),
    ({"LANG": "en_US.UTF-8", "KCSCORE_LANG": "vi"}, False),
    ({"LANG": "vi_VN.UTF-8", "KCSCORE_LANG": "en"}, True),
])
def test_the_environment_chooses_when_lang_is_not_given(env: dict[str, str], english: bool) -> None:
    output = _run(["score", "--help"], env).output
    assert ("Usage:" in output) is english and ("Cách dùng:" in output) is not english


def test_lang_wins_over_the_environment() -> None:
    assert "Cách dùng:" in _run(["--lang", "vi", "--help"], {"KCSCORE_LANG": "en"}).output
    assert "Usage:" in _run(["score", "--lang", "en", "--help"], {"KCSCORE_LANG": "vi"}).output


@pytest.mark.parametrize(("args", "vi", "en"), [
    (["rank", "--bogus"], "Lỗi: Không có tuỳ chọn '--bogus'.", "Error: No such option '--bogus'."),
    (["rank"], "Lỗi: Thiếu tham số 'FILE'.", "Error: Missing argument 'FILE'."),
    (["rnk"], "Lỗi: Không có lệnh 'rnk'. Có phải ý bạn là 'rank'?", "Error: No such command 'rnk'. Did you mean 'rank'?"),
    (["rules", "sensitivity", "p", "--applicants", "a", "--step", "200"],
     "Lỗi: Giá trị không hợp lệ cho '--step': 200.0 nằm ngoài khoảng 0<x<100.",
     "Error: Invalid value for '--step': 200.0 is not in the range 0<x<100."),
])
def test_click_errors_are_said_in_the_chosen_language(args: list[str], vi: str, en: str) -> None:
    result = _run(args)
    assert result.exit_code == 2 and vi in result.output and "Error:" not in result.output
    assert "Xem 'kcscore" in result.output and "Cách dùng: kcscore" in result.output
    english = _run(["--lang", "en", *args])
    assert english.exit_code == 2 and en in english.output and "Try 'kcscore" in english.output


def test_lang_after_the_mistake_still_chooses_the_language() -> None:
    result = _run(["rank", "--lang", "en", "--bogus"])
    assert "Error: No such option '--bogus'." in result.output


def _commands(command: click.Command, path: str = "kcscore") -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += _commands(sub, f"{path} {name}")
    return found


@pytest.mark.parametrize(("path", "command"), _commands(main), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_and_option_help_has_a_vietnamese_text(path: str, command: click.Command) -> None:
    texts = [command.help or ""] + [p.help for p in command.params if isinstance(p, click.Option) and p.help]
    untranslated = [t for t in texts if t and say(t, "vi") == t]
    assert not untranslated, f"{path}: no Vietnamese in the catalogue for {untranslated}"


def test_no_command_shows_the_help_alone() -> None:
    result = _run([])
    assert result.exit_code == 2 and result.output.startswith("Cách dùng: kcscore") and "Lỗi:" not in result.output
