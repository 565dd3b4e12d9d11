"""The `balint` command: where the stages are composed for the user.

`main` is the only place that turns failures into exit codes: an expected failure is one line on
stderr and exit 1, a usage error exit 2, Ctrl-C 130, and anything unexpected one line and 70
(the traceback with --debug). The network is off for every command except `balint models fetch`.
"""

from __future__ import annotations

import logging
import os
import sys

EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_INTERNAL = 1, 2, 130, 70


def _configure_logging(verbosity: int) -> None:
    """The library logs under "balint" and never configures it; the command line decides what is shown."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    logger = logging.getLogger("balint")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel({0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG))


class _OneLine(logging.Formatter):
    """"balint: warning: …", like the command's other messages."""

    def format(self, record: logging.LogRecord) -> str:
        return f"balint: {record.levelname.lower()}: {record.getMessage()}"


def _sweep_orphans() -> None:
    """A recording killed before it could clean up left chunks nobody can read: remove them, and say so."""
    from balint.recorder.store import recordings_dir, sweep_orphans

    swept = sweep_orphans()
    if swept.folders:
        print(f"balint: deleted {swept.chunks} unreadable audio chunks left by {swept.folders} interrupted "
              "recording(s); their key died with the process", file=sys.stderr)
    if swept.left_alone:
        print(f"balint: left alone in {recordings_dir()}, not made by balint: {', '.join(swept.left_alone)}",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from balint.models.privacy import apply_private_environment
    from balint.recorder.cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.func is None:
        parser.print_help()
        return EXIT_USAGE
    apply_private_environment(allow_hub=args.command == "models" and args.models_command == "fetch")
    _configure_logging(args.verbose)
    from balint.analysis.format import displayable
    from balint.analysis.types import BalintError
    from balint.models.catalog import ModelNotFound

    try:
        _sweep_orphans()
        return args.func(args)
    except (BalintError, ModelNotFound) as error:  # paths and names in it may carry control characters
        print(f"balint: error: {displayable(error)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("balint: interrupted; nothing was kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`balint models | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except MemoryError:
        print("balint: error: out of memory; try a shorter file or close other programs", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(f"balint: error: {error.strerror or error} ({displayable(error.filename or 'I/O')})", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # the last line of defence: one line, never a traceback, unless asked
        if args.debug:
            raise
        print(f"balint: internal error: {type(error).__name__}: {error} (rerun with --debug and report it)",
              file=sys.stderr)
        return EXIT_INTERNAL
