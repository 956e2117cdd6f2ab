"""The one place that decides which language a text is in.

Every word kcscore prints on its own account has a code in :mod:`kcscore.i18n.catalogue`, with a
Vietnamese and an English template sharing the same named parameters. Code elsewhere asks for a
code and a language and never branches on the language itself, so a third language means one
more column in the catalogue, not a pass over every module. Texts that come with their own twin
(a rule's title in the pack, an error raised with both sentences) are chosen with :func:`pick`.
"""

from __future__ import annotations

import datetime as dt
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from kcscore.i18n.catalogue import CATALOGUE

LANGS = ("vi", "en")
DEFAULT = "vi"
ENV = "KCSCORE_LANG"


def lang_of(lang: str | None) -> str:
    """Only Vietnamese and English exist; anything but English is Vietnamese, the programme's language."""
    return "en" if lang == "en" else DEFAULT


def pick(vi: str, en: str, lang: str | None) -> str:
    """The one of two twin texts that is in ``lang``."""
    return en if lang_of(lang) == "en" else vi


def twins(vi: str, en: str, lang: str | None) -> tuple[str, str]:
    """Two twin texts as (the one in ``lang``, the other one): a message and its alternative."""
    return (en, vi) if lang_of(lang) == "en" else (vi, en)


def other_lang(lang: str | None) -> str:
    """The language that is not ``lang``: the one a message's twin is kept in."""
    return "vi" if lang_of(lang) == "en" else "en"


def known(code: str) -> bool:
    """Whether the catalogue holds ``code``: a caller may offer a more particular code and fall back."""
    return code in CATALOGUE


def render(code: str, lang: str | None, **params: object) -> str:
    """The text of ``code`` in ``lang`` with its named parameters filled in.

    An unknown code is a fault in kcscore, so it raises ``KeyError`` rather than print the code.
    A template without parameters is returned as written, unless it writes a literal brace as
    ``{{``/``}}`` (a JSON example in a hint): it is then a format string like any other.
    """
    template = CATALOGUE[code][lang_of(lang)]
    return template.format(**params) if params or "{{" in template else template


class Twin(NamedTuple):
    """A text that arrives already said in both languages (a reader's or a rule file's message): as a
    parameter of a ``Message`` it is said in that message's language."""

    vi: str
    en: str


@dataclass(frozen=True)
class Message:
    """A code and its parameters, said in a language only when it is shown (``say``). A parameter
    may itself be a ``Message`` or a ``Twin``: it is said in the same language."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def say(self, lang: str | None) -> str:
        return render(self.code, lang, **{name: said(value, lang) for name, value in self.params.items()})


class Spoken:
    """Something that holds what it says as a ``Message`` (``said``): ``message(lang)`` says it in a
    language, and ``vi``/``en`` say it in the one named (tests, a record that keeps both)."""

    said: Message

    def message(self, lang: str | None = DEFAULT) -> str:
        return self.said.say(lang)

    @property
    def vi(self) -> str:
        return self.said.say("vi")

    @property
    def en(self) -> str:
        return self.said.say("en")


class Listed(NamedTuple):
    """Several parameters said one after another, as a parameter of a ``Message``: each item said in
    the message's language, joined by commas, and ``… (+more)`` when ``more`` items were left out."""

    items: tuple[object, ...]
    more: int = 0


class Day(NamedTuple):
    """A date as a parameter of a ``Message``: written as the language writes dates (``format.date``:
    15/05/2018, 2018-05-15); no date at all reads "…" (an open end of a period)."""

    day: dt.date | None


def said(value: object, lang: str | None) -> object:
    """A parameter as it reads in ``lang``: a ``Message``, ``Twin``, ``Listed`` or ``Day`` said, any
    other value as given."""
    if isinstance(value, Message):
        return value.say(lang)
    if isinstance(value, Listed):
        shown = ", ".join(str(said(item, lang)) for item in value.items)
        return f"{shown}, … (+{value.more})" if value.more else shown
    if isinstance(value, Twin):
        return pick(value.vi, value.en, lang)
    if isinstance(value, Day):
        return "…" if value.day is None else value.day.strftime(render("format.date", lang))
    return value


def table(codes: Mapping[str, str], lang: str | None) -> dict[str, str]:
    """Several texts at once: ``{key: render(code, lang)}`` for a module's words without parameters."""
    return {key: render(code, lang) for key, code in codes.items()}


def group(prefix: str, lang: str | None) -> dict[str, str]:
    """A module's words at once: every code under ``prefix.``, keyed by the rest of the code, in ``lang``,
    in catalogue order. Templates come unfilled: the module fills their parameters where it uses them."""
    start = prefix + "."
    chosen = lang_of(lang)
    return {code[len(start):]: entry[chosen] for code, entry in CATALOGUE.items() if code.startswith(start)}


def capital(text: str) -> str:
    """The text with its first letter capitalised, as a table cell or a heading starts."""
    return text[:1].upper() + text[1:]


def status_label(key: str, lang: str | None) -> str:
    """An applicant's standing or decision as a cell or a heading starts it: "Đủ điều kiện", "Not eligible"."""
    return capital(render(f"status.{key}", lang))


def parameters(template: str) -> set[str]:
    """The named parameters a template uses (``{amount}`` → ``amount``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ``KCSCORE_LANG``, then ``LC_ALL``/``LC_MESSAGES``/``LANG``
    when they name English (``en_US.UTF-8``) or Vietnamese; Vietnamese otherwise."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV, "").strip().lower()
    if chosen in LANGS:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip().lower()
        if value:
            return "en" if value.startswith("en") else DEFAULT
    return DEFAULT
