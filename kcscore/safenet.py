"""The last line of defence of the command line: no traceback ever reaches an officer.

Every command runs inside :class:`SafeGroup`. A :class:`kcscore.errors.UserError` raised anywhere
becomes its one line (vi or en) and its exit code; Ctrl-C becomes "đã dừng" and exit 130 (and
SIGTERM exit 143) after the usual clean-up has removed temporary files; a file the system will
not let us read, or a machine out of memory, is one line and exit 1; anything else is a bug in
kcscore and is reported as such in a few lines, exit 70, with how to see the traceback: the
``--debug`` option of ``kcscore`` or ``KCSCORE_DEBUG=1``, which let the exception through.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from kcscore.clitext import Group, current_lang, show_error
from kcscore.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_TERMINATED, UserError
from kcscore.i18n import render

LAST_LINES_KEY = "kcscore.last_lines"
QUIET_KEY = "kcscore.quiet_last_lines"
DEBUG_KEY = "kcscore.debug"
DEBUG_ENV = "KCSCORE_DEBUG"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up runs."""


def say_last(ctx: click.Context, line: str) -> None:
    """Print ``line`` on stderr when the command ends (which pack it used, say): after its output
    and after the reason it failed, but not after an interruption or a bug report, which stand alone."""
    ctx.meta.setdefault(LAST_LINES_KEY, []).append(line)


def _stand_alone(ctx: click.Context) -> None:
    ctx.meta[QUIET_KEY] = True


def debugging(ctx: click.Context) -> bool:
    return bool(ctx.meta.get(DEBUG_KEY)) or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _raise_terminated(_signum: int, _frame: Any) -> None:
    raise Terminated()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM unwinds the stack (so temporary files are removed) instead
    of killing the process where it stands."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_leftovers(ctx: click.Context) -> None:
    """After a failure has been reported, objects the failed command abandoned (an openpyxl sheet
    half written, say) may complain while they are collected, with a stack; the user has already
    been told what happened, so such noise is dropped, unless debugging."""
    if not debugging(ctx):
        sys.unraisablehook = lambda _unraisable: None


def bug_report(ctx: click.Context, error: BaseException, lang: str) -> str:
    """A short report for a fault in kcscore: what failed, that it is a bug, how to see more."""
    command = ctx.invoked_subcommand or ctx.info_name or "kcscore"
    what = f"{type(error).__name__}: {error}".strip()
    if len(what) > 200:
        what = what[:199] + "…"
    return render("cli.bug", lang, command=command, what=what, env=DEBUG_ENV)


class SafeGroup(Group):
    """A click group whose commands end in one clear line or a short bug report, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._invoke_safely(ctx)
        finally:
            if ctx.meta.get(LAST_LINES_KEY) and not ctx.meta.get(QUIET_KEY):
                click.echo("\n".join(ctx.meta[LAST_LINES_KEY]), err=True)

    def _invoke_safely(self, ctx: click.Context) -> Any:
        try:
            with _sigterm_as_interrupt():
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort):
            raise
        except click.ClickException as error:  # shown here, as click would, so that it comes first
            show_error(error, current_lang(ctx))
            ctx.exit(error.exit_code)
        except UserError as error:
            _quiet_leftovers(ctx)
            click.echo(error.message(current_lang(ctx)), err=True)
            ctx.exit(error.code)
        except KeyboardInterrupt as error:
            _quiet_leftovers(ctx)
            _stand_alone(ctx)
            terminated = isinstance(error, Terminated)
            click.echo(render("cli.terminated" if terminated else "cli.interrupted", current_lang(ctx)), err=True)
            ctx.exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED)
        except OSError as error:  # a file the system would not let us read (permissions, I/O error)
            if debugging(ctx):
                raise
            _quiet_leftovers(ctx)
            where = f"{error.filename}: " if error.filename else ""
            reason = error.strerror or type(error).__name__
            click.echo(render("cli.cannot_read", current_lang(ctx), where=where, reason=reason), err=True)
            ctx.exit(EXIT_INVALID)
        except MemoryError:  # a list too large for this machine: the user's to solve, not a bug
            _quiet_leftovers(ctx)
            _stand_alone(ctx)
            click.echo(render("cli.no_memory", current_lang(ctx)), err=True)
            ctx.exit(EXIT_INVALID)
        except Exception as error:  # the safety net itself: reported as a bug, never as a result
            if debugging(ctx):
                raise
            _quiet_leftovers(ctx)
            _stand_alone(ctx)
            click.echo(bug_report(ctx, error, current_lang(ctx)), err=True)
            ctx.exit(EXIT_BUG)
