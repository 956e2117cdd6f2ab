"""The command line's own words in the user's language: help, usage, and click's messages.

click writes its headings ("Usage:", "Options"), its help for ``--help`` and ``--version`` and its
errors ("No such option …", "Missing argument …") in English. kcscore's commands use the classes
here, which say all of it through the catalogue: a text click writes is looked up by its English
wording, the way gettext looks up a message id, and said again in the language chosen with
``--lang``, then ``KCSCORE_LANG``, then the locale (``LANG``), then Vietnamese. The help of each
command and option is a ``cli.*`` entry of the catalogue, whose English text is what the command
declares, so both languages live in the catalogue only.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from functools import lru_cache
from typing import IO, Any

import click

from kcscore.i18n import LANGS, from_environment, lang_of, parameters, render
from kcscore.i18n.catalogue import CATALOGUE

LANG_KEY = "kcscore.lang"
_SAID = ("cli.", "click.")


def en(code: str) -> str:
    """The English text of a ``cli.*`` entry: what a command declares as its help."""
    return render(code, "en")


def current_lang(ctx: click.Context | None = None) -> str:
    """The language of this command line: ``--lang`` once read, else the environment's."""
    ctx = ctx or click.get_current_context(silent=True)
    chosen = ctx.meta.get(LANG_KEY) if ctx is not None else None
    return lang_of(chosen) if chosen else from_environment()


def remember_lang(ctx: click.Context, _param: Any, value: str | None) -> str:
    """``--lang`` callback: an explicit value wins; otherwise the group's ``--lang`` or the environment."""
    if value:
        ctx.meta[LANG_KEY] = value
    return current_lang(ctx)


@lru_cache(maxsize=1)
def _by_english() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """Fixed English texts → code, and patterns of the English templates with parameters → code."""
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for code, entry in CATALOGUE.items():
        if not code.startswith(_SAID):
            continue
        template = entry["en"]
        if not parameters(template):
            exact[template] = code
            continue
        regex = ""
        for literal, name, _spec, _conv in string.Formatter().parse(template):
            regex += re.escape(literal)
            if name:
                regex += f"(?P<{name}>.+?)"
        patterns.append((re.compile(regex + r"\Z", re.DOTALL), code))
    return exact, patterns


def say(text: str, lang: str) -> str:
    """``text``, an English text kcscore or click wrote, in ``lang``; an unknown text stays as it is."""
    if lang_of(lang) == "en" or not text:
        return text
    exact, patterns = _by_english()
    if text in exact:
        return render(exact[text], lang)
    for pattern, code in patterns:
        found = pattern.match(text)
        if found:
            return render(code, lang, **{k: say(v, lang) for k, v in found.groupdict().items()})
    return text


_EXTRA = re.compile(r"\A(?P<help>.*?)(?:  )?\[(?P<extra>[^\[\]]*)\]\Z", re.DOTALL)


def _help_cell(text: str, lang: str) -> str:
    """An option's help with click's ``[default: …; required]`` tail, each part said in ``lang``."""
    found = _EXTRA.match(text)
    if not found:
        return say(text, lang)
    extra = "; ".join(say(item, lang) for item in found["extra"].split("; "))
    help_text = say(found["help"], lang)
    return f"{help_text}  [{extra}]" if help_text else f"[{extra}]"


class Formatter(click.HelpFormatter):
    """click's help layout with every heading and help text said in the command line's language."""

    def __init__(self, lang: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{render('click.usage', self.lang)} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(say(heading, self.lang))

    def write_text(self, text: str) -> None:
        super().write_text(say(text, self.lang))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _help_cell(text, self.lang)) for term, text in rows], col_max, col_spacing)


class Context(click.Context):
    formatter_class = Formatter

    def make_formatter(self) -> click.HelpFormatter:
        return Formatter(current_lang(self), width=self.terminal_width, max_width=self.max_content_width)


def _short(text: str, limit: int) -> str:
    """A command's one-line summary in the command list: its first sentence, cut to ``limit``."""
    first = re.split(r"(?<=\.)\s", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[: limit - 3].rsplit(" ", 1)[0]
    return f"{cut.rstrip(',;:')}..."


def _lang_in(args: Sequence[str]) -> str | None:
    """The value of a ``--lang`` among raw arguments, so that an error found while reading them
    (before ``--lang`` itself is processed) is already said in that language."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        if value in LANGS:
            return value
    return None


def _first_command(args: Sequence[str]) -> int:
    """Where a group's own options end: the first argument that is not an option or its value."""
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("-"):
            return index
        index += 2 if arg == "--lang" else 1
    return index


class _SaidHelp:
    """The one-line help a group lists for a command, said in the user's language (the help text
    is a catalogue code)."""

    short_help: str | None
    help: str | None

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)  # type: ignore[misc]
        return _short(say(self.help, current_lang()), limit)


class Command(_SaidHelp, click.Command):
    context_class = Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        chosen = _lang_in(args)
        if chosen:
            ctx.meta[LANG_KEY] = chosen
        return super().parse_args(ctx, args)


class Group(_SaidHelp, click.Group):
    """A group whose own errors (an unknown option or command) are said in the user's language too."""

    context_class = Context
    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        chosen = _lang_in(args[: _first_command(args)])
        if chosen:
            ctx.meta[LANG_KEY] = chosen
        return super().parse_args(ctx, args)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.Exit:
            raise
        except click.ClickException as error:
            raise Said(error) from None


def message(error: click.ClickException, lang: str) -> str:
    """The one-line reason of a click error, in ``lang``."""
    return say(error.format_message(), lang)


def show_error(error: click.ClickException, lang: str | None = None, file: IO[Any] | None = None) -> None:
    """What ``error.show()`` prints (usage, where to find help, the reason), in the user's language."""
    if isinstance(error, Said):
        error = error.error
    if isinstance(error, click.exceptions.NoArgsIsHelpError) or type(error).__module__.split(".")[0] != "click":
        error.show(file)  # the help itself, or kcscore's own error, already in its language
        return
    ctx = getattr(error, "ctx", None)
    lang = lang or current_lang(ctx)
    lines: list[str] = []
    if isinstance(error, click.UsageError) and ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            names = ctx.command.get_help_option_names(ctx)
            hint = render("click.try", lang, command=ctx.command_path, option=max(names, key=len)) + "\n"
        lines.append(f"{ctx.get_usage()}\n{hint}")
    lines.append(render("click.error", lang, message=message(error, lang)))
    for line in lines:
        click.echo(line, file=file, err=file is None)


class Said(click.ClickException):
    """A click error raised while reading the command line, shown in the user's language."""

    def __init__(self, error: click.ClickException) -> None:
        super().__init__(error.message)
        self.error = error
        self.exit_code = error.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        show_error(self.error, file=file)


Group.group_class = Group  # ``rules`` and any other subgroup speak the same way
