"""Exit codes and the failures a user can cause that every command reports the same way.

The exit status is a contract (README, "Exit status"): scripts of a provincial office branch on
it, so each code has one meaning and no failure falls back on Python's own codes.
"""

from __future__ import annotations

import errno
from pathlib import Path

from kcscore.i18n import Message, known

EXIT_OK = 0  # done; an ineligible applicant or some bad rows is still a result
EXIT_INVALID = 1  # the input or the rules are invalid, or nothing could be assessed
EXIT_USAGE = 2  # the command line cannot be carried out: bad option, unusable --out
EXIT_BUG = 70  # a fault in kcscore itself (EX_SOFTWARE of sysexits.h)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM)


class UserError(Exception):
    """A failure the user can fix, with its exit code: a catalogue code and its parameters, said in
    one line in the user's language where it is shown (``message``), at the command line's edge."""

    code = EXIT_INVALID

    def __init__(self, what: str | Message, /, exit_code: int | None = None, **params: object) -> None:
        self.said = what if isinstance(what, Message) else Message(what, params)
        super().__init__(self.said.code)
        if exit_code is not None:
            self.code = exit_code

    def message(self, lang: str | None) -> str:
        return self.said.say(lang)

    @property
    def vi(self) -> str:
        return self.message("vi")

    @property
    def en(self) -> str:
        return self.message("en")

    def __str__(self) -> str:
        return self.message("en")

    def __reduce__(self) -> tuple[object, ...]:  # across processes: the code, its parameters, the exit code
        return _restore, (type(self), self.said, self.code)


def _restore(cls: type[UserError], said: Message, code: int) -> UserError:
    error = cls.__new__(cls)
    UserError.__init__(error, said, code)
    return error


class OutputError(UserError, OSError):
    """An output that cannot or must not be written (exit 2). Also an ``OSError``, so that code
    which tolerates a failed write (the pack cache) keeps tolerating it."""

    code = EXIT_USAGE


class TooDeep(UserError):
    """Input nested deeper than any proposal or list can be: refused before Python's own stack
    limit turns it into a crash."""

    def __init__(self, path: str | Path, limit: int | None = None) -> None:
        bound = Message("error.too_deep.limit", {"limit": limit}) if limit else ""
        super().__init__("error.too_deep", path=path, bound=bound)


def write_failed(path: str | Path, error: OSError) -> OutputError:
    """The one line for an output that the system refused to write, naming the path and why."""
    return OutputError("error.write_failed", path=path, reason=os_reason(error))


def os_reason(error: OSError) -> Message | str:
    """Why the system refused, as a catalogue code (``error.reason.EACCES``) when kcscore has words for
    that errno, else the system's own text, the same in every language."""
    code = f"error.reason.{errno.errorcode.get(error.errno or 0, '')}"
    return Message(code) if known(code) else (error.strerror or str(error))
