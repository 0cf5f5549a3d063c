"""The command line: ``trayapp COMMAND ...``; parses, runs the command, says what went wrong.

Exit codes: 0 done, 2 bad input (nothing changed; the message is on stderr), 3 not found,
1 anything unexpected.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from trayapp.cli.commands import dispatch
from trayapp.cli.parser import EXIT_OK, EXIT_UNEXPECTED, build_parser, with_default_action
from trayapp.core.errors import NearMiss, UserFacingError


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code. What it prints cannot act on the terminal."""
    from trayapp.cli.visible import visible_output

    with visible_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    given = with_default_action(sys.argv[1:] if argv is None else argv)
    args = build_parser(given).parse_args(given)
    if args.command is None:
        args.command, args.demo, args.quit_after, args.json = "run", False, None, False
    try:
        return dispatch(args)
    except NearMiss as err:
        return _near_miss(err, args)
    except UserFacingError as err:
        sys.stderr.write(f"trayapp: {err.message}\n")
        return int(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("trayapp: interrupted; nothing was changed by the unfinished step\n")
        return EXIT_UNEXPECTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # a bug: say so plainly, keep the details out of sight
        import logging

        logging.getLogger(__name__).debug("unexpected failure", exc_info=True)
        sys.stderr.write(
            f"trayapp: something unexpected went wrong ({type(err).__name__}). "
            "Nothing was lost: changes are saved only when complete.\n"
        )
        return EXIT_UNEXPECTED


def _near_miss(err: NearMiss, args: argparse.Namespace) -> int:
    """A name like one on file: say so with the candidates (also as JSON with ``--json``) and,
    where the command can add a person, how to add a new one; nothing was saved."""
    from trayapp.cli.output import emit_json

    sys.stderr.write(f"trayapp: {err.message}\n")
    if hasattr(args, "new_contact"):
        sys.stderr.write(
            f"  Nothing was saved. If '{err.typed}' is someone new, repeat with --new-contact.\n"
        )
    if getattr(args, "json", False):
        emit_json(
            {
                "error": "near_miss",
                "message": err.message,
                "typed": err.typed,
                "candidates": [{"id": i, "label": text} for i, text in err.candidates],
                "saved": False,
            }
        )
    return int(err.exit_code)
