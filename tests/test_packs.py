"""Which pack a command uses: --rules, then KCSCORE_RULES, then rules/ upwards, then the installed one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcscore.cli import main
from kcscore.packs import ENV_VAR, PackLookupError, ResolvedPack, default_pack_path, resolve_pack

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "proposals" / "strong-household-mien-dong.yaml"


def pack(folder: Path) -> Path:
    """A minimal pack folder: what makes a folder a pack is its policy.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.yaml").write_text("policy: {}\n", encoding="utf-8")
    return folder


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project folder of policy files: rules/bac-kan and a sub-folder to stand in."""
    root = tmp_path / "project"
    pack(root / "rules" / "bac-kan")
    (root / "work" / "2019").mkdir(parents=True)
    return root


def lookup_error(explicit: str | None, cwd: Path, env: dict[str, str]) -> PackLookupError:
    with pytest.raises(PackLookupError) as caught:
        resolve_pack(explicit, cwd, env)
    assert caught.value.exit_code == 2
    return caught.value


# --- each step of the order ------------------------------------------------------------------

def test_explicit_beats_env_and_project(project: Path, tmp_path: Path) -> None:
    other = pack(tmp_path / "other")
    elsewhere = pack(tmp_path / "elsewhere")
    found = resolve_pack(str(other), project, {ENV_VAR: str(elsewhere)})
    assert (found.path, found.how) == (other, "explicit")


def test_explicit_relative_path_is_read_from_the_current_folder(project: Path) -> None:
    found = resolve_pack("rules/bac-kan", project, {})
    assert (found.path, found.how, found.shown) == (project / "rules" / "bac-kan", "explicit", "rules/bac-kan")


def test_env_beats_project(project: Path, tmp_path: Path) -> None:
    elsewhere = pack(tmp_path / "elsewhere")
    found = resolve_pack(None, project, {ENV_VAR: str(elsewhere)})
    assert (found.path, found.how) == (elsewhere, "env")


def test_an_empty_env_var_counts_as_unset(project: Path) -> None:
    assert resolve_pack(None, project, {ENV_VAR: ""}).how == "project"


def test_project_rules_folder_is_found_from_the_current_folder_and_upwards(project: Path) -> None:
    here = resolve_pack(None, project, {})
    below = resolve_pack(None, project / "work" / "2019", {})
    assert (here.path, here.how, here.shown) == (project / "rules" / "bac-kan", "project", "rules/bac-kan")
    assert (below.path, below.how) == (project / "rules" / "bac-kan", "project")
    assert below.shown == str(project / "rules" / "bac-kan")  # outside the current folder: in full


def test_the_nearest_rules_folder_wins(project: Path) -> None:
    nearer = pack(project / "work" / "rules" / "bac-kan")
    assert resolve_pack(None, project / "work" / "2019", {}).path == nearer


def test_standing_inside_a_pack_uses_that_pack(project: Path) -> None:
    inner = project / "rules" / "bac-kan"
    (inner / "tests").mkdir()
    for cwd in (inner, inner / "tests"):
        found = resolve_pack(None, cwd, {})
        assert (found.path, found.how) == (inner, "inside")


def test_a_pack_folder_beats_a_rules_folder_beside_it(tmp_path: Path) -> None:
    root = pack(tmp_path / "pack")
    pack(root / "rules" / "bac-kan")
    assert resolve_pack(None, root, {}).path == root


def test_installed_pack_when_nothing_else_is_found(tmp_path: Path) -> None:
    found = resolve_pack(None, tmp_path, {})
    assert (found.path, found.how) == (default_pack_path(), "installed")


# --- which pack of a folder of packs ---------------------------------------------------------

def test_bac_kan_is_meant_among_several_packs(project: Path) -> None:
    pack(project / "rules" / "bac-kan-2027")
    pack(project / "rules" / "cao-bang")
    assert resolve_pack(None, project, {}).path == project / "rules" / "bac-kan"


def test_the_only_pack_of_a_rules_folder(tmp_path: Path) -> None:
    only = pack(tmp_path / "rules" / "cao-bang")
    (tmp_path / "rules" / "notes").mkdir()  # a folder without policy.yaml is no pack
    assert resolve_pack(None, tmp_path, {}).path == only


def test_a_rules_folder_that_is_itself_a_pack(tmp_path: Path) -> None:
    rules = pack(tmp_path / "rules")
    assert resolve_pack(None, tmp_path, {}).path == rules


def test_several_packs_without_bac_kan_must_be_chosen(tmp_path: Path) -> None:
    pack(tmp_path / "rules" / "cao-bang")
    pack(tmp_path / "rules" / "lang-son")
    error = lookup_error(None, tmp_path, {})
    assert "cao-bang, lang-son" in error.message("vi") and "--rules rules/cao-bang" in error.message("vi") and ENV_VAR in error.message("vi")
    assert "holds 2 packs (cao-bang, lang-son); choose one" in error.message("en")


def test_a_base_layer_is_never_the_chosen_pack(tmp_path: Path) -> None:
    base = tmp_path / "rules" / "national"
    base.mkdir(parents=True)
    (base / "policy.yaml").write_text("# the law every province shares; no policy: section\n", encoding="utf-8")
    province = pack(tmp_path / "rules" / "cao-bang")
    assert resolve_pack(None, tmp_path, {}).path == province  # not "holds 2 packs"
    (province / "policy.yaml").write_text("extends: ../national\npolicy: {}\n", encoding="utf-8")
    assert resolve_pack(None, tmp_path, {}).path == province


def test_the_repository_s_rules_folder_has_one_base_layer() -> None:
    from kcscore.packs import is_base_layer, packs_in

    assert [p.name for p in packs_in(ROOT / "rules") if is_base_layer(p)] == ["national"]


def test_a_named_folder_of_packs_follows_the_same_choice(project: Path) -> None:
    found = resolve_pack("rules", project, {})
    assert (found.path, found.how) == (project / "rules" / "bac-kan", "explicit")


# --- errors never fall through to a later step -----------------------------------------------

def test_a_rules_folder_without_packs_is_an_error_not_the_installed_pack(project: Path) -> None:
    (project / "rules" / "bac-kan" / "policy.yaml").unlink()
    error = lookup_error(None, project, {})
    assert "'rules' không phải bộ quy tắc (không có policy.yaml)" in error.message("vi")
    assert "is not a policy pack" in error.message("en")


def test_a_missing_explicit_folder(project: Path) -> None:
    error = lookup_error("rulez/bac-kan", project, {})
    assert error.message("vi") == "không có thư mục bộ quy tắc 'rulez/bac-kan'"
    assert error.message("en") == "no policy pack folder 'rulez/bac-kan'"


def test_a_file_is_not_a_pack_folder(project: Path) -> None:
    (project / "notes.txt").write_text("x", encoding="utf-8")
    assert "is a file" in lookup_error("notes.txt", project, {}).message("en")


def test_a_folder_that_is_not_a_pack(project: Path) -> None:
    assert "'work' is not a policy pack" in lookup_error("work", project, {}).message("en")


def test_env_var_pointing_nowhere_names_the_variable(project: Path) -> None:
    error = lookup_error(None, project, {ENV_VAR: "/no/such/pack"})
    assert error.message("vi") == f"{ENV_VAR}=/no/such/pack: không có thư mục bộ quy tắc '/no/such/pack'"
    assert error.message("en").startswith(f"{ENV_VAR}=/no/such/pack: no policy pack folder")


# --- the line that names the pack ------------------------------------------------------------

class _Meta:
    id, version = "bac-kan", "2026.1"


class _Policy:
    meta, sha256 = _Meta(), "63066d7c3bcd" + "0" * 52


def test_the_pack_line_in_both_languages() -> None:
    found = ResolvedPack(Path("/p/rules/bac-kan"), "project", "rules/bac-kan")
    assert found.line(_Policy(), "vi") == ("Bộ quy tắc: bac-kan 2026.1 (sha256 quy tắc 63066d7c3bcd) — rules/bac-kan "
                                           "(thư mục rules/ tìm từ thư mục hiện tại)")
    assert found.line(_Policy(), "en", "old") == ("Old pack: bac-kan 2026.1 (rules sha256 63066d7c3bcd) — rules/bac-kan "
                                                  "(rules/ folder found from the current folder)")
    assert found.line(None, "vi") == "Bộ quy tắc: rules/bac-kan (thư mục rules/ tìm từ thư mục hiện tại)"


# --- through the command line, from a project folder -----------------------------------------

@pytest.fixture()
def edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of rules/ in a project folder that is the current folder; the cache on, in tmp."""
    folder = tmp_path / "project"
    shutil.copytree(ROOT / "rules", folder / "rules")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("KCSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KCSCORE_NO_CACHE", raising=False)
    monkeypatch.delenv(ENV_VAR, raising=False)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rules_check_without_argument_checks_the_project_rules(edited: Path) -> None:
    edit(edited / "rules" / "bac-kan" / "criteria.yaml", "input: local_material_share", "input: local_materal_share")
    result = CliRunner().invoke(main, ["rules", "check", "--format", "gnu"])
    assert result.exit_code == 1
    assert result.stdout.startswith("rules/bac-kan/criteria.yaml:")
    assert "local_materal_share" in result.stdout
    assert result.stderr.startswith("Bộ quy tắc: rules/bac-kan (thư mục rules/ tìm từ thư mục hiện tại): ")


def test_score_uses_the_edited_project_pack_not_a_stale_cache(edited: Path) -> None:
    first = CliRunner().invoke(main, ["score", str(SAMPLE), "--format", "json"])
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["score"] == 76  # and the pack is now in the cache
    edit(edited / "rules" / "bac-kan" / "criteria.yaml", "points: 11\n", "points: 10\n")  # zone III commune
    second = CliRunner().invoke(main, ["score", str(SAMPLE), "--format", "json"])
    assert second.exit_code == 0, second.stderr
    data = json.loads(second.stdout)  # stdout is JSON only: the pack line went to stderr
    assert data["score"] == 75
    assert second.stderr == (f"Bộ quy tắc: bac-kan 2026.1 (sha256 quy tắc {data['policy']['sha256'][:12]}) — rules/bac-kan "
                             "(thư mục rules/ tìm từ thư mục hiện tại)\n")
    assert data["policy"]["sha256"] != json.loads(first.stdout)["policy"]["sha256"]


def test_every_command_names_the_pack_it_used(edited: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    commands = {
        "rank": ["rank", str(ROOT / "samples" / "applicants" / "bac-kan-2019.csv"), "--format", "json", "--no-progress"],
        "template": ["template", "--out", str(tmp_path / "t.csv")],
        "test": ["rules", "test"],
        "doc": ["rules", "doc", "--lang", "en"],
    }
    for name, args in commands.items():
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (name, result.stderr)
        expected = "Policy pack: bac-kan" if "--lang" in args else "Bộ quy tắc: bac-kan"
        last = result.stderr.splitlines()[-1]  # named last, after any warning or error
        assert last.startswith(expected), (name, result.stderr)
        assert "— rules/bac-kan (" in last, name


def test_rules_diff_names_both_packs_when_its_output_has_no_header(edited: Path) -> None:
    result = CliRunner().invoke(main, ["rules", "diff", str(ROOT / "rules" / "bac-kan"), "rules/bac-kan",
                                       "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout)
    old, new = result.stderr.splitlines()[:2]
    assert old.startswith("Old pack: bac-kan 2026.1") and old.endswith("(given on the command line)")
    assert new.startswith("New pack: bac-kan 2026.1") and "— rules/bac-kan (" in new


def test_a_lookup_error_is_one_line_and_a_usage_error(edited: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "nowhere")
    result = CliRunner().invoke(main, ["score", str(SAMPLE), "--lang", "en"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{ENV_VAR}=nowhere: no policy pack folder 'nowhere'\n"
    check = CliRunner().invoke(main, ["rules", "check", "nowhere"])
    assert (check.exit_code, check.stderr) == (2, "không có thư mục bộ quy tắc 'nowhere'\n")
