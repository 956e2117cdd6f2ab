"""The ``kcscore`` command line: parse arguments, call the library, print. Nothing else lives here.

Heavy modules are imported inside each command so that ``kcscore score`` starts fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from kcscore.clitext import en, remember_lang
from kcscore.i18n import pick, render
from kcscore.safenet import DEBUG_KEY, SafeGroup, say_last

if TYPE_CHECKING:
    from kcscore.packs import ResolvedPack

LANGS = click.Choice(["vi", "en"])


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _cell_option(value: str, parse: Callable[[str], Any], hint: str, lang: str) -> Any:
    """An option read as a cell of that type is (a date, an amount); what cannot be read is a usage error."""
    from kcscore.tables.values import ValueProblem

    try:
        return parse(value)
    except ValueProblem as exc:
        raise click.BadParameter(exc.said.say(lang), param_hint=hint) from exc


def _as_of(value: str | None, lang: str = "vi") -> dt.date | None:
    if value is None:
        return None
    from kcscore.futuredates import as_of_warning
    from kcscore.tables.values import parse_date

    day: dt.date = _cell_option(value, parse_date, "--as-of", lang)
    _warn(as_of_warning(day, lang), lang)
    return day


def _find(pack: str | None, lang: str) -> ResolvedPack:
    """The pack to use: --rules/PACK, then $KCSCORE_RULES, then rules/ upwards, then the installed one."""
    import os

    from kcscore.packs import PackLookupError, resolve_pack

    try:
        return resolve_pack(pack, Path(os.getcwd()), os.environ)
    except PackLookupError as exc:
        _fail(exc.message(lang), exc.exit_code)
    except OSError as exc:  # the current folder was removed under us
        _fail(f"{exc.strerror or exc}", 2)


def _load(pack: str | None, lang: str, role: str | None = None, announce: bool = True, plain: bool = False) -> Any:
    """Find and load the pack, then name it on stderr (stdout stays clean for --format json).

    ``plain``: the pack's rule-file objects without pydantic (``packcache``), for ``score``.
    """
    from kcscore.packcache import load_policy_cached
    from kcscore.policy.diagnostics import PolicyError, format_all

    found = _find(pack, lang)
    try:
        policy = load_policy_cached(found.path, plain)
    except PolicyError as exc:
        _fail(format_all(exc.diagnostics, "gnu", lang) + "\n" + found.line(None, lang, role))
    if announce:
        _name_pack_at_the_end(found.line(policy, lang, role))
    return policy


def _name_pack_at_the_end(line: str) -> None:
    """Name the pack used as the command's last stderr line (see ``safenet.say_last``).

    Last, so that a failing command's reason stays its first line.
    """
    say_last(click.get_current_context(), line)


def _guard(outputs: list[tuple[Path, str | None]] | str | None, files: tuple[str | None, ...] = (),
           packs: tuple[str | None, ...] = (None,), lang: str = "vi") -> None:
    """Refuse (exit 2) before reading anything when an output would replace an input.

    ``packs`` are the pack arguments as given; each is looked up the way the command will load it,
    so the folder protected is the one actually read (``None``: the lookup's own choice).
    """
    if not outputs:
        return
    from kcscore.outputguard import check_outputs

    if isinstance(outputs, str):
        outputs = [(Path(outputs), None)]
    folders: list[str | Path] = [_find(pack, lang).path for pack in packs]
    check_outputs(outputs, files, folders)


def _warn(text: str | None, lang: str) -> None:
    if text is not None:
        click.echo(render("cli.warning", lang, text=text), err=True)


def _write(text: str, out: str | None) -> None:
    if out is None:
        click.echo(text)
        return
    from kcscore.fileio import write_text_atomic

    write_text_atomic(Path(out), text + "\n")


rules_option = click.option("--rules", "pack", type=click.Path(file_okay=False), default=None,
                            help=en("cli.opt.rules"))
lang_option = click.option("--lang", type=LANGS, default=None, help=en("cli.opt.lang"), callback=remember_lang,
                           is_eager=True)
sheet_option = click.option("--sheet", default=None, help=en("cli.opt.sheet"))
encoding_option = click.option("--encoding", default=None, help=en("cli.opt.encoding"))
as_of_option = click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                            help=en("cli.opt.as_of"))


@click.group(cls=SafeGroup, context_settings={"help_option_names": ["-h", "--help"]}, help=en("cli.main"))
@click.version_option(package_name="kcscore")
@click.option("--debug", is_flag=True, help=en("cli.opt.debug"))
@lang_option
@click.pass_context
def main(ctx: click.Context, debug: bool, lang: str) -> None:
    """The group: remembers --debug; --lang here sets the language of every command after it."""
    ctx.meta[DEBUG_KEY] = debug


record_option = click.option("--record", type=click.Path(dir_okay=False), default=None, metavar="FILE.json",
                              help=en("cli.opt.record"))


@main.command(help=en("cli.score"))
@click.argument("file", type=click.Path(dir_okay=False))
@rules_option
@lang_option
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help=en("cli.score.out"))
@click.option("--id", "record_id", default=None, help=en("cli.score.id"))
@sheet_option
@encoding_option
@record_option
def score(file: str, pack: str | None, lang: str, as_of: str | None, fmt: str, out: str | None,
          record_id: str | None, sheet: str | None, encoding: str | None, record: str | None) -> None:
    """``kcscore score``: one applicant's scorecard (help: ``cli.score``)."""
    from kcscore.api import InvalidApplicant, assess
    from kcscore.assess.assessor import AssessmentError
    from kcscore.errors import UserError
    from kcscore.oneapplicant import is_table, load_one

    day = _as_of(as_of, lang)
    _guard([(Path(o), None) for o in (out, record) if o], (file,), (pack,), lang)
    table = is_table(file, record_id)
    policy = _load(pack, lang, plain=True) if table else None  # a proposal file is read first: its errors need no pack
    try:
        one = load_one(policy, file, record_id, sheet, encoding)
    except UserError as exc:  # an unreadable proposal or list, or no such applicant in it
        _fail(exc.message(lang), exc.code)
    if policy is None:
        policy = _load(pack, lang, plain=True)
    try:
        assessment = assess(policy, one.record, as_of=day, lang=lang)
    except InvalidApplicant as exc:
        lines = []
        for p in exc.problems:
            label = p.field or p.column
            shown = "" if p.value is None else f" = {p.value!r}"
            where = one.where(p.column, lang)
            lines.append(f"{file}: {where + ': ' if where else ''}{label}{shown}: {p.message(lang)}")
        _fail("\n".join(lines))
    except AssessmentError as exc:
        _fail(f"{file}: {exc.message(lang)}")
    from kcscore.futuredates import submitted_warning

    _warn(submitted_warning([(assessment.id, assessment.submitted_on)], lang), lang)
    if fmt == "json":
        import json

        from kcscore.explain.words import words

        payload = {"policy": policy.header(assessment.as_of), **assessment.to_json(words(policy))}
        _write(json.dumps(payload, ensure_ascii=False, indent=2), out)
    else:
        from kcscore.report.scorecard import render
        from kcscore.report.term import PLAIN, detect

        _write(render(assessment, policy, lang, term=detect(sys.stdout) if out is None else PLAIN), out)
    if record:
        from kcscore.decisionrecord import build_record, write_record

        options = {"as_of": day, "id": record_id, "sheet": sheet, "encoding": encoding}
        write_record(Path(record), build_record("score", file, _find(pack, lang).path, policy, options, [assessment]))


def _budget(value: str | None, lang: str = "vi") -> int | None:
    if value is None:
        return None
    from kcscore.tables.values import parse_money

    amount: int = _cell_option(value, parse_money, "--budget", lang)
    if amount < 0:
        raise click.BadParameter(render("cli.negative_budget", lang), param_hint="--budget")
    return amount


def _read_rows(file: str, policy: Any, sheet: str | None, encoding: str | None, lang: str) -> tuple[Any, list[Any]]:
    from kcscore.pipeline import InputError, read_rows

    try:
        return read_rows(policy, file, sheet, encoding)
    except InputError as exc:
        _fail(exc.message(lang))


@main.command(help=en("cli.rank"))
@click.argument("file", type=click.Path(dir_okay=False))
@rules_option
@lang_option
@as_of_option
@click.option("--budget", default=None, metavar="AMOUNT", help=en("cli.rank.budget"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=en("cli.rank.format"))
@click.option("--out", type=click.Path(dir_okay=False), default=None, help=en("cli.rank.out"))
@sheet_option
@encoding_option
@click.option("--engine", type=click.Choice(["auto", "durable", "vectorised"]), default="auto", show_default=True,
              help=en("cli.rank.engine"))
@click.option("--no-progress", is_flag=True, help=en("cli.rank.no_progress"))
@record_option
def rank(file: str, pack: str | None, lang: str, as_of: str | None, budget: str | None, fmt: str, out: str | None,
         sheet: str | None, encoding: str | None, engine: str, no_progress: bool, record: str | None) -> None:
    """``kcscore rank``: a list assessed, ranked and funded (help: ``cli.rank``)."""
    from kcscore import pipeline
    from kcscore.outputguard import rank_outputs

    day = _as_of(as_of, lang)
    amount = _budget(budget, lang)
    _guard(rank_outputs(out) + ([(Path(record), "--record")] if record else []), (file,), (pack,), lang)
    # JSON Lines are written from the assessments' facts and the pack's sentences, which the plain
    # copies of the rule-file objects hold (as ``score`` reads them): without a record to build,
    # the pack is not turned back into pydantic objects, whose import costs more than the rest of
    # starting up
    lines_only = out is not None and Path(out).suffix.lower() == ".jsonl" and not record
    policy = _load(pack, lang, plain=lines_only)
    show = not no_progress and sys.stderr.isatty()
    try:
        report = pipeline.rank_file(policy, file, sheet, encoding, out=out, fmt=fmt, budget=amount,
                                    as_of=day, lang=lang, engine=engine, progress=show, echo=click.echo)
    except pipeline.OutputError as exc:
        _fail(exc.message(lang), 2)
    except pipeline.InputError as exc:
        _fail(exc.message(lang))
    reason = pipeline.nothing_assessed(report.counts, report.errors, lang, report.missing_columns)
    if reason:
        click.echo(reason, err=True)  # the reason first; the details follow
    for warning in report.warnings:
        _warn(warning, lang)
    for line in report.errors:
        click.echo(line, err=True)
    click.echo(report.summary, err=True)
    if reason:
        sys.exit(1)
    if record:
        from kcscore.decisionrecord import build_record, write_record
        from kcscore.recheck import rank_assessments

        options = {"as_of": day, "budget": amount, "engine": engine, "sheet": sheet, "encoding": encoding}
        # the assessments just ranked (a large list's rebuilt chunk by chunk); the JSON Lines routes, which
        # build none, assess again
        decided = report.assessments if report.assessments is not None else rank_assessments(policy, file, options)
        write_record(Path(record), build_record("rank", file, _find(pack, lang).path, policy, options, decided))


@main.command(help=en("cli.verify"))
@click.argument("record", type=click.Path(dir_okay=False, exists=True))
@click.option("--input", "input_path", type=click.Path(dir_okay=False), default=None, help=en("cli.verify.input"))
@click.option("--rules", "pack", type=click.Path(file_okay=False), default=None, help=en("cli.verify.rules"))
@lang_option
def verify(record: str, input_path: str | None, pack: str | None, lang: str) -> None:
    """``kcscore verify``: a decision record re-run (help: ``cli.verify``)."""
    from kcscore.decisionrecord import RecordError, read_record
    from kcscore.recheck import RerunError
    from kcscore.recheck import verify as run_verify

    try:
        data = read_record(Path(record))
    except RecordError as exc:
        _fail(exc.message(lang), 2)
    try:
        result = run_verify(data, Path(input_path) if input_path else None, Path(pack) if pack else None)
    except RerunError as exc:
        _fail(render("cli.cannot_rerun", lang, reason=exc.message(lang)))
    for difference in result.differences:
        click.echo(f"✗ {difference.message(lang)}")
    if result.ok:
        click.echo(render("cli.reproduced", lang, n=result.checked))
        return
    click.echo(render("cli.differences", lang, n=len(result.differences)), err=True)
    sys.exit(1)


@main.command(help=en("cli.notices"))
@click.argument("file", type=click.Path(dir_okay=False))
@rules_option
@lang_option
@as_of_option
@click.option("--budget", default=None, metavar="AMOUNT", required=True, help=en("cli.notices.budget"))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help=en("cli.notices.out"))
@click.option("--template", "template_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help=en("cli.notices.template"))
@sheet_option
@encoding_option
@click.option("--pdf", is_flag=True, help=en("cli.notices.pdf"))
def notices(file: str, pack: str | None, lang: str, as_of: str | None, budget: str, out_dir: str,
            template_file: str | None, sheet: str | None, encoding: str | None, pdf: bool) -> None:
    """``kcscore notices``: one letter per applicant (help: ``cli.notices``)."""
    from kcscore import pipeline
    from kcscore.notices import write_notices
    from kcscore.report.notice import TemplateError

    day = _as_of(as_of, lang)
    amount = _budget(budget, lang)
    _guard([(Path(out_dir) / "notice.docx", "--out")], (file,), (pack,), lang)
    policy = _load(pack, lang)
    try:
        run = write_notices(policy, file, Path(out_dir), amount, day, lang, Path(template_file) if template_file else None,
                            sheet, encoding, inputs=(file,), packs=(_find(pack, lang).path,), pdf=pdf)
    except TemplateError as exc:
        _fail(exc.message(lang), 2)
    except pipeline.InputError as exc:
        _fail(exc.message(lang))
    for warning in run.warnings:
        _warn(warning, lang)
    for line in run.rejected:
        click.echo(line, err=True)
    click.echo(run.summary(lang), err=True)
    if not run.written:
        sys.exit(1)


@main.command(help=en("cli.template"))
@rules_option
@lang_option
@click.option("--out", type=click.Path(dir_okay=False), required=True, help=en("cli.template.out"))
def template(pack: str | None, lang: str, out: str) -> None:
    """``kcscore template``: the blank applicant sheet (help: ``cli.template``)."""
    from kcscore.output.template import UnsupportedTemplate, write_template

    _guard(out, (), (pack,), lang)
    policy = _load(pack, lang)
    try:
        write_template(policy, Path(out), lang)
    except UnsupportedTemplate as exc:
        _fail(str(exc), 2)


@main.group(help=en("cli.rules"))
def rules() -> None:
    """``kcscore rules``: the pack commands (help: ``cli.rules``)."""


@rules.command("check", help=en("cli.rules.check"))
@click.argument("pack", required=False, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "gnu", "json"]), default="text", show_default=True)
@lang_option
def rules_check(pack: str | None, fmt: str, lang: str) -> None:
    """``kcscore rules check`` (help: ``cli.rules.check``)."""
    from kcscore.policy.diagnostics import format_all, has_errors
    from kcscore.policy.loader import check_policy

    found = _find(pack, lang)
    policy, diagnostics = check_policy(found.path)
    if policy is not None:
        from kcscore.engine.canary import engine_diagnostics

        diagnostics += engine_diagnostics(policy)
    if diagnostics:
        click.echo(format_all(diagnostics, fmt, lang))
    errors = sum(d.level == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt != "json":
        counts = render("cli.check_counts", lang, errors=errors, warnings=warnings)
        summary = f"{found.line(policy, lang)}: {counts}"
        click.echo(summary, err=True)
    sys.exit(1 if has_errors(diagnostics) else 0)


@rules.command("test", help=en("cli.rules.test"))
@click.argument("pack", required=False, type=click.Path(file_okay=False))
@click.option("--coverage", is_flag=True, help=en("cli.rules.coverage"))
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help=en("cli.rules.min_coverage"))
@click.option("--update", is_flag=True, help=en("cli.rules.update"))
@click.option("--yes", is_flag=True, help=en("cli.rules.yes"))
@click.option("--dry-run", is_flag=True, help=en("cli.rules.dry_run"))
@lang_option
def rules_test(pack: str | None, coverage: bool, min_coverage: float | None, update: bool, yes: bool, dry_run: bool,
               lang: str) -> None:
    """``kcscore rules test`` (help: ``cli.rules.test``)."""
    from kcscore.api import assessor_for
    from kcscore.packtest import run_cases
    from kcscore.report.testreport import render_plan, render_results

    if yes and not update:
        _fail(render("cli.yes_needs_update", lang), 2)
    policy = _load(pack, lang)
    results, cov = run_cases(policy, assessor_for(policy))
    if update or dry_run:
        from kcscore.caseupdate import apply_plan, plan_updates

        plan = plan_updates(results)
        click.echo(render_plan(plan, lang))

        def accept(file: str, updates: list[Any]) -> bool:
            if yes:
                return True
            if not sys.stdin.isatty():
                _warn(render("cli.not_written", lang, file=file), lang)
                return False
            n = sum(len(u.changes) for u in updates)
            return click.confirm(render("cli.confirm_write", lang, n=n, file=file))

        written = [] if dry_run else apply_plan(plan, accept)
        for file in written:
            click.echo(render("cli.written", lang, file=file))
        sys.exit(0 if len(written) == len(plan.files) and not plan.errors and not plan.blocked else 1)
    click.echo(render_results(results, cov, lang, show_coverage=coverage or min_coverage is not None))
    failed = any(not r.passed for r in results)
    below = min_coverage is not None and min(cov.rule_percent, cov.item_percent) < min_coverage
    if below:
        click.echo(render("cli.coverage_below", lang, pct=f"{min_coverage:g}"), err=True)
    sys.exit(1 if failed or below or not results else 0)


@rules.command("doc", help=en("cli.rules.doc"))
@click.argument("pack", required=False, type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=None, help=en("cli.rules.doc.out"))
@lang_option
def rules_doc(pack: str | None, out: str | None, lang: str) -> None:
    """``kcscore rules doc`` (help: ``cli.rules.doc``)."""
    from kcscore.report.rubric import render_rubric_markdown, write_rubric

    _guard(out, (), (pack,), lang)
    policy = _load(pack, lang)
    if out is None:
        click.echo(render_rubric_markdown(policy, lang))
        return
    try:
        write_rubric(policy, Path(out), lang)
    except ValueError as exc:
        vi, _, en = str(exc).partition(" || ")
        _fail(pick(vi, en or vi, lang), 2)


@rules.command("diff", help=en("cli.rules.diff"))
@click.argument("old", type=click.Path(file_okay=False))
@click.argument("new", type=click.Path(file_okay=False))
@click.option("--applicants", type=click.Path(dir_okay=False), default=None, help=en("cli.rules.diff.applicants"))
@click.option("--budget", default=None, metavar="AMOUNT", help=en("cli.rules.diff.budget"))
@as_of_option
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help=en("cli.rules.diff.out"))
def rules_diff(old: str, new: str, applicants: str | None, budget: str | None, as_of: str | None, lang: str, fmt: str,
               out: str | None) -> None:
    """``kcscore rules diff`` (help: ``cli.rules.diff``)."""
    from kcscore.policydiff import diff_impact, diff_packs, render_text, to_json, write_xlsx

    day = _as_of(as_of, lang)
    amount = _budget(budget, lang)
    _guard(out, (applicants,), (old, new), lang)
    named = fmt == "json" or out is not None  # the text comparison names both packs in its header
    before, after = _load(old, lang, "old", named), _load(new, lang, "new", named)
    diff = diff_packs(before, after)
    impact = None
    if applicants:
        _, rows = _read_rows(applicants, before, None, None, lang)
        impact = diff_impact(before, after, [r.cells for r in rows], budget=amount, as_of=day, lang=lang, diff=diff)
        for missing in impact.missing_columns:
            _warn(missing.message(lang), lang)
    if out and out.lower().endswith(".xlsx"):
        write_xlsx(diff, impact, Path(out), lang)
        return
    if fmt == "json" or (out and out.lower().endswith(".json")):
        import json

        _write(json.dumps(to_json(diff, impact), ensure_ascii=False, indent=2), out)
        return
    _write(render_text(diff, impact, lang), out)


@rules.command("sensitivity", help=en("cli.rules.sensitivity"))
@click.argument("pack", type=click.Path(file_okay=False))
@click.option("--applicants", type=click.Path(dir_okay=False), required=True,
              help=en("cli.rules.sensitivity.applicants"))
@click.option("--budget", default=None, metavar="AMOUNT", help=en("cli.rules.sensitivity.budget"))
@click.option("--step", type=click.FloatRange(0, 100, min_open=True, max_open=True), default=20.0, show_default=True,
              metavar="PCT", help=en("cli.rules.sensitivity.step"))
@click.option("--threshold-step", type=click.FloatRange(0, 100, min_open=True, max_open=True), default=10.0,
              show_default=True, metavar="PCT", help=en("cli.rules.sensitivity.threshold_step"))
@as_of_option
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help=en("cli.rules.sensitivity.out"))
def rules_sensitivity(pack: str, applicants: str, budget: str | None, step: float, threshold_step: float,
                      as_of: str | None, lang: str, fmt: str, out: str | None) -> None:
    """``kcscore rules sensitivity`` (help: ``cli.rules.sensitivity``)."""
    from kcscore.policydiff.sensitivity import sensitivity
    from kcscore.policydiff.sensitivity_render import render_text, to_json
    from kcscore.policydiff.sensitivity_xlsx import write_xlsx

    day = _as_of(as_of, lang)
    amount = _budget(budget, lang)
    _guard(out, (applicants,), (pack,), lang)
    policy = _load(pack, lang, None, fmt == "json" or out is not None)
    info, rows = _read_rows(applicants, policy, None, None, lang)
    report = sensitivity(policy, rows, budget=amount, as_of=day, lang=lang, step_pct=step,
                         threshold_step_pct=threshold_step)
    from kcscore import pipeline

    missing = pipeline.missing_columns(policy, list(getattr(info, "headers", []) or []))
    reason = pipeline.nothing_assessed({"assessed": len(report.base.assessments), "rows": len(rows)}, [], lang, missing)
    if reason:
        _fail(reason)
    for warning in report.base.warnings:
        _warn(warning, lang)
    if out and out.lower().endswith(".xlsx"):
        write_xlsx(report, Path(out), lang)
        return
    if fmt == "json" or (out and out.lower().endswith(".json")):
        import json

        _write(json.dumps(to_json(report), ensure_ascii=False, indent=2), out)
        return
    _write(render_text(report, lang), out)


if __name__ == "__main__":  # pragma: no cover
    main()
