"""Command line: parses arguments, calls one function, turns errors into exit codes.

Heavy modules (the renderer, the inliner) are imported inside the commands that need
them, so `publisher --help` and `publisher schedule` start at once.
"""

from __future__ import annotations

import argparse
import gc
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from publisher import __version__
from publisher.errors import ProblemList, PublisherError

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_INTERNAL, EXIT_HANDOFF_FAILED, EXIT_INTERRUPTED = 0, 1, 3, 4, 130
DEFAULT_CONFIG = Path("publication.toml")
# Commands over one edition run without the cyclic garbage collector: what they allocate
# lives until they end (a build's peak memory is the same with and without it, at 4 and
# at 200 briefs), and collecting it as it is made costs about 5% of a build.
WITHOUT_COLLECTOR = frozenset({"build", "check"})

if TYPE_CHECKING:
    from publisher.boilerplate import Rule
    from publisher.content import Removal
    from publisher.record import Finding

    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]


def _now(text: str | None) -> datetime | None:
    """--now as a datetime; a time without offset is read in the publication's zone."""
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise PublisherError(
            f"--now is not an ISO 8601 date and time: {text!r}",
            hint="write it like 2026-11-27T15:30 or 2026-11-27T15:30:00-05:00",
        ) from None


def _warn_stripped(file_name: str, removals: tuple[Removal, ...]) -> None:
    """One stderr line per file that lost pasted boilerplate, naming the families."""
    if not removals:
        return
    count = len(removals)
    noun = "paragraph" if count == 1 else "paragraphs"
    families = ", ".join(dict.fromkeys(r.family for r in removals))
    print(
        f"warning: stripped {count} boilerplate {noun} from {file_name}: {families}",
        file=sys.stderr,
    )


def run_build(args: argparse.Namespace) -> int:
    from publisher.build import build_edition

    built = build_edition(
        Path(args.content), Path(args.config), Path(args.out), _now(args.now), args.edition
    )
    print(built.bundle.path)
    return _report_findings(built.findings, strict=False)


def _report_findings(findings: tuple[Finding, ...], *, strict: bool) -> int:
    """The findings table on stderr; 1 when one fails the edition."""
    from publisher.checks import has_errors
    from publisher.checks.report import format_table

    if findings:
        sys.stderr.write(format_table(findings))
    return EXIT_CHECKS_FAILED if has_errors(findings, strict=strict) else EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from publisher.checks import CheckedEdition, run_checks, sort_findings
    from publisher.checks.bundles import find_bundle
    from publisher.checks.report import findings_json, format_table
    from publisher.config import load_settings

    settings = load_settings(Path(args.config))
    bundle = Path(args.bundle) if args.bundle else find_bundle(Path(args.out))
    edition = CheckedEdition.read(bundle, settings)
    findings = run_checks(edition)
    if args.external:
        from publisher.checks.external import run_external

        findings = sort_findings((*findings, *run_external(edition)))
    if args.json:
        sys.stdout.write(findings_json(findings, bundle))
    else:
        print(bundle)
        sys.stdout.write(format_table(findings))
    from publisher.checks import has_errors

    return EXIT_CHECKS_FAILED if has_errors(findings, strict=args.strict) else EXIT_OK


def _aware(args: argparse.Namespace, timezone: str) -> datetime:
    """--now (or the clock) with a zone: a time without offset is the publication's."""
    from zoneinfo import ZoneInfo

    now = _now(args.now)
    if now is None:
        return datetime.now(ZoneInfo(timezone))
    return now if now.tzinfo is not None else now.replace(tzinfo=ZoneInfo(timezone))


def run_handoff(args: argparse.Namespace) -> int:
    from publisher.config import load_settings
    from publisher.handoff.run import SMTP, HandoffRequest, hand_off
    from publisher.handoff.smtp import SmtpServer
    from publisher.handoff.source import Permission

    settings = load_settings(Path(args.config))
    smtp = None
    if args.smtp:
        tls = args.tls or "starttls"
        smtp = SmtpServer.parse(args.smtp, tls, Path(args.cafile) if args.cafile else None)
    destination = args.esp or SMTP
    request = HandoffRequest(
        bundle=Path(args.bundle),
        destination=destination,
        allow=Permission(args.send_now, args.ignore_checks, args.resend, args.unapproved),
        is_test=args.test,
        dry_run=args.dry_run,
        to=tuple(args.to or ()),
        recipients_file=Path(args.recipients) if args.recipients else None,
        smtp=smtp,
    )
    outcome = hand_off(request, settings, _aware(args, settings.schedule.timezone))
    print(outcome.summary)
    return EXIT_OK


def run_dispatch(args: argparse.Namespace) -> int:
    from publisher.config import load_settings
    from publisher.handoff.dispatch import dispatch

    settings = load_settings(Path(args.config))
    report = dispatch(Path(args.dist), settings, _aware(args, settings.schedule.timezone), args.via)
    for line in (*report.sent, *(f"too late: {late}" for late in report.late)):
        print(line)
    for failure in report.failed:
        print(f"error: {failure}", file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.has_failed else sys.stdout)
    return EXIT_HANDOFF_FAILED if report.has_failed else EXIT_OK


def run_cancel(args: argparse.Namespace) -> int:
    from publisher.config import load_settings
    from publisher.handoff.run import cancel

    settings = load_settings(Path(args.config))
    now = _aware(args, settings.schedule.timezone)
    print(cancel(Path(args.bundle), args.esp, settings, now).summary)
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from datetime import date

    from publisher.diff.compare import compare
    from publisher.diff.report import format_html, format_json, format_terminal
    from publisher.diff.snapshot import read_snapshot
    from publisher.diff.sources import current_snapshot, earlier_snapshot

    on = date.fromisoformat(args.date) if args.date else None
    bundles = [Path(name) for name in args.bundles]
    if len(bundles) > 2:
        raise PublisherError("diff takes at most two bundles", hint="publisher diff [OLD] [NEW]")
    if len(bundles) == 2:
        new = read_snapshot(bundles[1])
    else:
        new = current_snapshot(Path(args.content), Path(args.config), _now(args.now), on, None)
    if bundles:
        old = read_snapshot(bundles[0])
    else:
        send_date = date.fromisoformat(new.send_at[:10])
        old = earlier_snapshot(Path(args.out), send_date, None)
    diff = compare(old, new)
    if args.html:
        from publisher.atomic import write_file

        write_file(Path(args.html), format_html(diff).encode("utf-8"))
    if args.json:
        sys.stdout.write(format_json(diff))
    else:
        sys.stdout.write(format_terminal(diff, colour=sys.stdout.isatty()))
    return EXIT_CHECKS_FAILED if args.exit_code and diff.has_changes else EXIT_OK


def run_approve(args: argparse.Namespace) -> int:
    import getpass

    from publisher.config import load_settings
    from publisher.handoff.approval import approve
    from publisher.handoff.source import HandoffBundle

    settings = load_settings(Path(args.config))
    bundle = HandoffBundle.read(Path(args.bundle), settings)
    by = args.by or getpass.getuser()
    copy = approve(bundle, by, _aware(args, settings.schedule.timezone))
    print(f"{bundle.path}: approved by {by} (copy in {copy})")
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from publisher.status import dist_status

    for status in dist_status(Path(args.dist)):
        print(status.line)
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from publisher.scaffold import EXAMPLE_BRIEF, create_publication

    created = create_publication(Path(args.folder), args.name)
    for relative in created.files:
        print(created.folder / relative)
    print(
        f"next: cd {created.folder}, replace the EXAMPLE values in publication.toml and"
        f" {EXAMPLE_BRIEF}, then run publisher build",
        file=sys.stderr,
    )
    return EXIT_OK


def run_schedule(args: argparse.Namespace) -> int:
    from publisher.config.loader import load_settings
    from publisher.schedule import aware_now, next_send_time, send_policy

    policy = send_policy(load_settings(Path(args.config)).schedule)
    print(next_send_time(aware_now(_now(args.now), policy), policy).isoformat())
    return EXIT_OK


def _rules(config: str) -> tuple[Rule, ...]:
    from publisher.boilerplate import load_rules
    from publisher.config.loader import load_settings

    return load_rules(load_settings(Path(config)))


def run_strip(args: argparse.Namespace) -> int:
    if args.learn:
        from publisher.boilerplate.history import learn_rules

        learned = learn_rules([Path(path) for path in args.paths], _rules(args.config))
        sys.stdout.write(learned.to_json() if args.json else learned.to_toml())
        print(learned.summary(), file=sys.stderr)
        return EXIT_OK
    if len(args.paths) != 1:
        raise PublisherError(
            "strip takes one FILE" if args.paths else "strip needs a FILE",
            hint="publisher strip brief.md; or publisher strip --learn [DIR...] to propose rules",
        )
    from publisher.boilerplate import strip_file

    rules = _rules(args.config)
    stripped = strip_file(Path(args.paths[0]), rules)
    if args.json:
        sys.stdout.write(stripped.to_json(rules))
    else:
        sys.stdout.write(stripped.text)
        for note in stripped.notes():
            print(note, file=sys.stderr)
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from publisher.importer import import_article

    imported = import_article(Path(args.file), Path(args.into), _rules(args.config))
    _warn_stripped(Path(args.file).name, imported.removals)
    print(imported.path)
    return EXIT_OK


def run_archive(args: argparse.Namespace) -> int:
    from publisher.archive import build_archive
    from publisher.archive.progress import ProgressBar

    report = build_archive(
        Path(args.dist),
        Path(args.out),
        Path(args.config),
        include_all=args.all,
        progress=ProgressBar(sys.stderr),
    )
    print(report.summary())
    return EXIT_OK


def run_preview(args: argparse.Namespace) -> int:
    from publisher.preview.session import serve_preview
    from publisher.preview.state import EditionSource

    source = EditionSource(Path(args.content), Path(args.config), _now(args.now), args.edition)
    return serve_preview(source, args.port, open_browser=not args.no_open)


def run_screenshots(args: argparse.Namespace) -> int:
    from publisher.checks.bundles import find_bundle
    from publisher.preview.screenshots import take_screenshots

    bundle = Path(args.bundle) if args.bundle else find_bundle(Path(args.out))
    print(take_screenshots(bundle))
    return EXIT_OK


def _port(text: str) -> int:
    """--port: 1 to 65535, or 0 for any free port."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {text!r}")
    return int(text)


def _common(sub: argparse.ArgumentParser, *, now: bool = True, config: bool = True) -> None:
    """The options most commands share: --debug, and --config and --now where they apply."""
    sub.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks of internal errors",
    )
    if config:
        sub.add_argument(
            "--config",
            default=str(DEFAULT_CONFIG),
            metavar="FILE",
            help="publication config (default: publication.toml)",
        )
    if now:
        sub.add_argument(
            "--now",
            metavar="ISO8601",
            help="pretend it is this time (default: the current time)",
        )


def _add_build(commands: Subcommands) -> None:
    build = commands.add_parser("build", help="build the edition into dist/<send-date>/")
    build.add_argument(
        "content",
        nargs="?",
        default="content",
        metavar="DIR",
        help="folder of Markdown briefs (default: content)",
    )
    build.add_argument(
        "--out", default="dist", metavar="DIR", help="where bundles go (default: dist)"
    )
    build.add_argument(
        "--edition",
        metavar="NAME",
        help="a second edition of the day, such as breaking; writes dist/<send-date>-NAME/",
    )
    _common(build)
    build.set_defaults(run=run_build)


def _add_check(commands: Subcommands) -> None:
    check = commands.add_parser("check", help="check a built bundle; exit 1 when an error is found")
    check.add_argument(
        "bundle",
        nargs="?",
        metavar="BUNDLE",
        help="a bundle folder (default: the newest in --out)",
    )
    check.add_argument(
        "--out", default="dist", metavar="DIR", help="where bundles are (default: dist)"
    )
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--external",
        action="store_true",
        help="also run the independent validators (make node-deps, make system-deps)",
    )
    _common(check, now=False)
    check.set_defaults(run=run_check)


def _add_handoff(commands: Subcommands) -> None:
    handoff = commands.add_parser(
        "handoff", help="hand a bundle to SMTP or an ESP for its send time; never twice"
    )
    handoff.add_argument(
        "bundle", metavar="BUNDLE", help="the bundle folder, such as dist/2026-11-27"
    )
    where = handoff.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--smtp",
        nargs="?",
        const="",
        metavar="HOST:PORT",
        help="send over SMTP (without HOST:PORT: [handoff.smtp])",
    )
    where.add_argument("--esp", metavar="NAME", help="hand off to a provider's API")
    tls = handoff.add_mutually_exclusive_group()
    tls.add_argument("--starttls", dest="tls", action="store_const", const="starttls")
    tls.add_argument("--ssl", dest="tls", action="store_const", const="ssl")
    tls.add_argument(
        "--no-tls", dest="tls", action="store_const", const="none", help="a relay on this machine"
    )
    handoff.add_argument("--cafile", metavar="FILE", help="CA certificates to trust for TLS")
    handoff.add_argument("--to", action="append", metavar="ADDR", help="a recipient (repeatable)")
    handoff.add_argument("--recipients", metavar="FILE", help="CSV of recipients (email,name)")
    handoff.add_argument(
        "--test", action="store_true", help="the test send to editors ([Test] subject)"
    )
    handoff.add_argument(
        "--dry-run", action="store_true", help="write the requests to BUNDLE.handoff/ only"
    )
    handoff.add_argument("--send-now", action="store_true", help="send even if not its time")
    handoff.add_argument(
        "--ignore-checks", action="store_true", help="send although its checks found errors"
    )
    handoff.add_argument("--resend", action="store_true", help="send again: the only way to")
    handoff.add_argument(
        "--unapproved",
        action="store_true",
        help="hand off although [handoff] require_approval finds no approval of these files",
    )
    _common(handoff)
    handoff.set_defaults(run=run_handoff)


def _add_dispatch(commands: Subcommands) -> None:
    dispatcher = commands.add_parser(
        "dispatch", help="hand off every bundle whose send time has come (for cron or systemd)"
    )
    dispatcher.add_argument(
        "dist", nargs="?", default="dist", metavar="DIST", help="where bundles are (default: dist)"
    )
    dispatcher.add_argument(
        "--via", metavar="NAME", help="smtp, postmark or ses (default: handoff.dispatch)"
    )
    _common(dispatcher)
    dispatcher.set_defaults(run=run_dispatch)


def _add_cancel(commands: Subcommands) -> None:
    canceller = commands.add_parser("cancel", help="unschedule a handed-off edition")
    canceller.add_argument("bundle", metavar="BUNDLE")
    canceller.add_argument("--esp", required=True, metavar="NAME", help="the provider (or smtp)")
    _common(canceller)
    canceller.set_defaults(run=run_cancel)


def _add_diff(commands: Subcommands) -> None:
    differ = commands.add_parser(
        "diff", help="what changed since the test send (or between two bundles)"
    )
    differ.add_argument("bundles", nargs="*", metavar="BUNDLE", help="[OLD] [NEW] bundle folders")
    differ.add_argument("--date", metavar="YYYY-MM-DD", help="the edition of that send date")
    differ.add_argument(
        "--content", default="content", metavar="DIR", help="the briefs (default: content)"
    )
    differ.add_argument("--out", default="dist", metavar="DIR", help="bundles (default: dist)")
    differ.add_argument("--json", action="store_true", help="print the diff as JSON")
    differ.add_argument("--html", metavar="FILE", help="also write the diff as a web page")
    differ.add_argument(
        "--exit-code", action="store_true", help="exit 1 when something changed, as git diff"
    )
    _common(differ)
    differ.set_defaults(run=run_diff)


def _add_approve(commands: Subcommands) -> None:
    approver = commands.add_parser("approve", help="sign off a bundle for its hand-off")
    approver.add_argument("bundle", metavar="BUNDLE")
    approver.add_argument("--by", metavar="NAME", help="who approves (default: your user name)")
    _common(approver)
    approver.set_defaults(run=run_approve)


def _add_status(commands: Subcommands) -> None:
    status = commands.add_parser("status", help="one line per bundle: checked, sent, scheduled")
    status.add_argument("dist", nargs="?", default="dist", metavar="DIST")
    status.set_defaults(run=run_status)


def _add_init(commands: Subcommands) -> None:
    init = commands.add_parser(
        "init", help="start a new publication in a folder (never overwrites a file)"
    )
    init.add_argument("folder", metavar="DIR", help="the new publication's folder")
    init.add_argument(
        "--name", metavar="NAME", help="the publication's name (default: from the folder's name)"
    )
    _common(init, now=False, config=False)
    init.set_defaults(run=run_init)


def _add_schedule(commands: Subcommands) -> None:
    schedule = commands.add_parser("schedule", help="print the next send time")
    _common(schedule)
    schedule.set_defaults(run=run_schedule)


def _add_strip(commands: Subcommands) -> None:
    strip = commands.add_parser(
        "strip", help="print a brief without pasted boilerplate, or propose rules (--learn)"
    )
    strip.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a brief or pasted article; with --learn, folders of briefs or bundles "
        "(default: content and dist)",
    )
    strip.add_argument(
        "--json",
        action="store_true",
        help='print {"text": ..., "removed": [...], "suspects": [...]} (or the proposals)',
    )
    strip.add_argument(
        "--learn",
        action="store_true",
        help="propose rules for publication.toml from paragraphs that recur in past briefs",
    )
    _common(strip, now=False)
    strip.set_defaults(run=run_strip)


def _add_import(commands: Subcommands) -> None:
    importer = commands.add_parser(
        "import", help="turn a pasted article (text or saved HTML page) into a brief"
    )
    importer.add_argument("file", metavar="FILE", help="a .txt paste or a saved .html page")
    importer.add_argument(
        "--into", default="content", metavar="DIR", help="where the brief goes (default: content)"
    )
    _common(importer, now=False)
    importer.set_defaults(run=run_import)


def _add_archive(commands: Subcommands) -> None:
    archive = commands.add_parser(
        "archive", help="write the web archive of handed-off editions (index, pages, feed)"
    )
    archive.add_argument(
        "dist", nargs="?", default="dist", metavar="DIST", help="where bundles are (default: dist)"
    )
    archive.add_argument(
        "--out", default="site", metavar="DIR", help="the site's folder (default: site)"
    )
    archive.add_argument(
        "--all", action="store_true", help="every bundle, handed off or not (to look at the site)"
    )
    _common(archive, now=False)
    archive.set_defaults(run=run_archive)


def _add_preview(commands: Subcommands) -> None:
    preview = commands.add_parser(
        "preview", help="preview the edition in the browser, rebuilt on every save"
    )
    preview.add_argument(
        "content",
        nargs="?",
        default="content",
        metavar="DIR",
        help="folder of Markdown briefs (default: content)",
    )
    preview.add_argument(
        "--port",
        type=_port,
        metavar="N",
        help="port on 127.0.0.1 (default: 8000, or a free one when it is taken; 0: any free)",
    )
    preview.add_argument(
        "--no-open", action="store_true", help="print the address without opening a browser"
    )
    preview.add_argument(
        "--edition", metavar="NAME", help="a second edition of the day, such as breaking"
    )
    _common(preview)
    preview.set_defaults(run=run_preview)


def _add_screenshots(commands: Subcommands) -> None:
    screenshots = commands.add_parser(
        "screenshots", help="PNGs of a bundle's email at 600 and 375 px, light and dark"
    )
    screenshots.add_argument(
        "bundle", nargs="?", metavar="BUNDLE", help="a bundle folder (default: the newest in --out)"
    )
    screenshots.add_argument(
        "--out", default="dist", metavar="DIR", help="where bundles are (default: dist)"
    )
    _common(screenshots, now=False, config=False)
    screenshots.set_defaults(run=run_screenshots)


COMMANDS: dict[str, Callable[[Subcommands], None]] = {
    "build": _add_build,
    "check": _add_check,
    "handoff": _add_handoff,
    "dispatch": _add_dispatch,
    "cancel": _add_cancel,
    "diff": _add_diff,
    "approve": _add_approve,
    "status": _add_status,
    "init": _add_init,
    "schedule": _add_schedule,
    "strip": _add_strip,
    "import": _add_import,
    "archive": _add_archive,
    "preview": _add_preview,
    "screenshots": _add_screenshots,
}
"""Each command's parser, in the order `publisher --help` lists them."""


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, just that command's parser under the top level:
    building all fifteen costs a build's process ~15 ms, and a known command never
    needs the others (help and errors name only its own options)."""
    parser = argparse.ArgumentParser(
        prog="publisher",
        description="Turns Markdown briefs into a daily email newsletter bundle.",
    )
    parser.add_argument("--version", action="version", version=f"publisher {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, add in COMMANDS.items():
        if only is None or name == only:
            add(commands)
    return parser


def _report(error: PublisherError) -> None:
    problems = error.problems if isinstance(error, ProblemList) else [error]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
        if problem.hint:
            print(f"  hint: {problem.hint}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Runs one command; 0 ok, 1 failed checks, 2 user mistake, 3 internal error, 130 Ctrl-C."""
    words = sys.argv[1:] if argv is None else argv
    parser = _parser(words[0] if words and words[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    if argv is None and args.command in WITHOUT_COLLECTOR:
        gc.disable()  # the command line only: a caller's process collects as usual
    try:
        status = run(args)
        if argv is None:
            # The process exits next: freezing what the command allocated spares the
            # interpreter's exit a full garbage collection of it (~130 ms after a build).
            # Only for the command line, so a caller's long-lived process collects as usual.
            gc.freeze()
        return status
    except PublisherError as error:
        _report(error)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # an unexpected exception is a bug: say so
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        print(f"internal error: {what} (please report this)", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        else:
            print("  hint: run again with --debug for the traceback", file=sys.stderr)
        return EXIT_INTERNAL
