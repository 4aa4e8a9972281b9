"""The independent validators: their parsers on captured output, then each run for real.

Real runs need `make node-deps` (npm) and `make system-deps` (chromium, spamassassin);
without them those tests skip naming the target, and under CI=true they fail instead.
Each real run trips a validator with a doctored copy of the sample edition, so the tests
hold whatever the sample's own state; where the sample is clean, they pin that too.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

import publisher.checks.external as external
from publisher.checks.edition import CheckedEdition
from publisher.checks.external import VALIDATORS, axe, caniemail, htmlvalidate, mjml, spamassassin
from publisher.checks.external.__main__ import format_finding
from publisher.checks.external.invocation import EditionFiles, Invocation, MissingTool, Outcome
from publisher.checks.external.tools import REPOSITORY, Toolbox, find_toolbox
from publisher.config import load_settings
from publisher.record import Finding
from tests.builds import build_fixture, copy_fixture_edition
from tests.golden import FIXTURE_CONFIG

# Captured from `mjml --config.validationLevel=strict` 4.18.0 on a doctored email.mjml.
MJML_STDERR = """\
File: /tmp/publisher-external-x/email.mjml
Error: ValidationError: \n\
 Line 6 of /tmp/publisher-external-x/email.mjml (mj-text) — Attribute align has invalid \
value: lefty for type Enum, only accepts left, right, center, justify
Line 37 of /tmp/publisher-external-x/email.mjml (mj-buton) — Element mj-buton doesn't \
exist or is not registered

Command line error:
Input file(s) failed to render
"""
# The report table of `spamassassin -t -L` 4.0.1 on a message without To.
SPAMASSASSIN_STDOUT = """\
Content preview:  GlobalPost · Wednesday, December 2, 2026 Ceasefire Talks

Content analysis details:   (3.3 points, 5.0 required)

 pts rule name              description
---- ---------------------- --------------------------------------------------
-0.0 NO_RECEIVED            Informational: message has no Received headers
-0.0 NO_RELAYS              Informational: message was not relayed via SMTP
 0.9 MISSING_HEADERS        Missing To: header
 0.0 HTML_MESSAGE           BODY: HTML included in message
 0.7 HTML_FONT_LOW_CONTRAST BODY: HTML font color similar or identical to
                            background
 2.4 REPLYTO_WITHOUT_TO_CC  No description available.

"""
CLEAN_SPAMASSASSIN_STDOUT = """\
Content analysis details:   (-0.0 points, 5.0 required)

 pts rule name              description
---- ---------------------- --------------------------------------------------
-0.0 NO_RECEIVED            Informational: message has no Received headers
 0.0 HTML_MESSAGE           BODY: HTML included in message

"""
# html-validate 10.17.0 --formatter json, one image without alt.
HTMLVALIDATE_REPORT = json.dumps(
    [
        {
            "filePath": "/tmp/publisher-external-x/email.html",
            "messages": [
                {
                    "ruleId": "wcag/h37",
                    "severity": 2,
                    "message": '<img> is missing required "alt" attribute',
                    "offset": 4512,
                    "line": 51,
                    "column": 2,
                    "size": 3,
                    "selector": "html > body > img",
                    "ruleUrl": "https://html-validate.org/rules/wcag/h37.html",
                }
            ],
            "errorCount": 1,
            "warningCount": 0,
        }
    ]
)


def _violation(rule: str, *targets: str) -> dict[str, object]:
    return {
        "id": rule,
        "impact": "critical",
        "help": "Images must have alternative text",
        "helpUrl": "https://dequeuniversity.com/rules/axe/4.14/image-alt",
        "targets": list(targets),
    }


AXE_REPORT = {
    "axe": "4.14.1",
    "runs": [
        {"width": 600, "scheme": "light", "violations": [_violation("image-alt", "img", "p>img")]},
        {"width": 600, "scheme": "dark", "violations": [_violation("image-alt", "img", "p>img")]},
        {"width": 375, "scheme": "light", "violations": []},
        {"width": 375, "scheme": "dark", "violations": [_violation("image-alt", "img")]},
    ],
}
CANIEMAIL_REPORT = [
    {"title": "@media", "unsupported": ["outlook.windows"], "partial": [], "line": 30},
    {"title": "margin", "unsupported": [], "partial": ["outlook.windows"], "line": 3},
    {
        "title": "position",
        "unsupported": ["yahoo.ios", "aol.ios", "gmail.ios", "gmail.android", "orange.ios"],
        "partial": [],
        "line": 52,
    },
]


# The parsers, on captured output: no tool needed.


def test_mjml_reports_each_validation_error_at_its_line_of_the_mjml() -> None:
    findings = mjml.parse(Outcome(1, stderr=MJML_STDERR))

    assert [(f.check, f.severity, f.path, f.line, f.message) for f in findings] == [
        (
            "mjml",
            "error",
            "email.mjml",
            6,
            "Attribute align has invalid value: lefty for type Enum, only accepts left, right,"
            " center, justify",
        ),
        ("mjml", "error", "email.mjml", 37, "Element mj-buton doesn't exist or is not registered"),
    ]
    assert findings[1].hint == "fix the <mj-buton> the template writes there; MJML rejects it"


def test_mjml_that_fails_without_a_validation_message_is_one_error() -> None:
    outcome = Outcome(1, stderr="\nCommand line error:\nNo input files found\n")

    assert mjml.parse(outcome) == (
        Finding(
            "mjml",
            "error",
            "mjml failed (exit 1): No input files found",
            path="email.mjml",
            hint="run the mjml command by hand on the bundle's email.mjml to see why",
        ),
    )


def test_spamassassin_report_gives_the_score_and_every_rule() -> None:
    report = spamassassin.read_report(SPAMASSASSIN_STDOUT)

    assert report is not None
    assert (report.score, report.required) == (3.3, 5.0)
    assert [(rule.name, rule.points) for rule in report.rules] == [
        ("NO_RECEIVED", -0.0),
        ("NO_RELAYS", -0.0),
        ("MISSING_HEADERS", 0.9),
        ("HTML_MESSAGE", 0.0),
        ("HTML_FONT_LOW_CONTRAST", 0.7),
        ("REPLYTO_WITHOUT_TO_CC", 2.4),
    ]


def test_spamassassin_score_above_zero_is_one_error_naming_the_scoring_rules() -> None:
    assert spamassassin.parse(Outcome(0, stdout=SPAMASSASSIN_STDOUT)) == (
        Finding(
            "spamassassin",
            "error",
            "SpamAssassin scores 3.3 (MISSING_HEADERS +0.9, HTML_FONT_LOW_CONTRAST +0.7,"
            " REPLYTO_WITHOUT_TO_CC +2.4)",
            path="email.eml",
            hint="give the .eml a To header: Reply-To without To or Cc scores +2.4",
        ),
    )


def test_spamassassin_score_of_zero_is_no_finding() -> None:
    assert spamassassin.parse(Outcome(0, stdout=CLEAN_SPAMASSASSIN_STDOUT)) == ()


def test_spamassassin_without_a_report_is_an_error_with_its_last_words() -> None:
    (finding,) = spamassassin.parse(Outcome(2, stderr="config: failed to parse line\n"))

    assert finding.message == "spamassassin gave no report (exit 2): config: failed to parse line"


def test_html_validate_message_becomes_a_finding_at_its_line_of_the_html() -> None:
    assert htmlvalidate.parse(Outcome(1, report=HTMLVALIDATE_REPORT)) == (
        Finding(
            "html-validate",
            "error",
            '<img> is missing required "alt" attribute [wcag/h37]',
            path="email.html",
            line=51,
            hint="fix the template markup there; https://html-validate.org/rules/wcag/h37.html",
        ),
    )


def test_html_validate_without_a_report_is_one_error() -> None:
    (finding,) = htmlvalidate.parse(Outcome(1, stderr="Error: Cannot find module 'x'\n"))

    assert finding.message == "html-validate failed (exit 1): Error: Cannot find module 'x'"


def test_axe_violation_seen_alike_in_several_views_is_one_finding_naming_them() -> None:
    hint = (
        "Images must have alternative text (https://dequeuniversity.com/rules/axe/4.14/image-alt)"
    )

    assert axe.parse(Outcome(0, report=json.dumps(AXE_REPORT))) == (
        Finding(
            "axe",
            "error",
            "image-alt (critical) at 600 px light, 600 px dark: img and 1 more",
            path="email.html",
            hint=hint,
        ),
        Finding(
            "axe", "error", "image-alt (critical) at 375 px dark: img", "email.html", hint=hint
        ),
    )


def test_caniemail_reports_only_unsupported_features_outside_the_baseline() -> None:
    findings = caniemail.new_features(CANIEMAIL_REPORT, {"@media": "MJML's columns"})

    assert findings == (
        Finding(
            "caniemail",
            "error",
            "position is not supported by aol.ios, gmail.android, gmail.ios, orange.ios and 1 more",
            path="email.html",
            line=52,
            hint="do without it in the template or the brief, or review it into "
            "caniemail-baseline.json",
        ),
    )


def test_caniemail_baseline_gives_a_reason_for_every_feature() -> None:
    baseline = caniemail.load_baseline()

    assert len(baseline) >= 18
    assert all(reason.strip() for reason in baseline.values())


def test_finding_prints_on_one_line_with_its_hint_below() -> None:
    finding = Finding("mjml", "error", "Element mj-buton ...", "email.mjml", 37, "fix it")

    assert (
        format_finding(finding)
        == "error: email.mjml:37: mjml: Element mj-buton ...\n  hint: fix it"
    )
    assert (
        format_finding(replace(finding, path=None, hint=None))
        == "error: mjml: Element mj-buton ..."
    )


def test_every_validator_module_is_in_the_registry_under_its_name() -> None:
    modules = {
        info.name
        for info in pkgutil.iter_modules(external.__path__)
        if hasattr(getattr(external, info.name, None), "NAME")
    }
    assert modules == {"axe", "caniemail", "htmlvalidate", "mjml", "spamassassin"}
    assert {name: module.NAME for name, module in VALIDATORS.items()} == {
        name: name for name in VALIDATORS
    }
    assert list(VALIDATORS) == ["axe", "spamassassin", "mjml", "html-validate", "caniemail"]


# Finding the tools.


def test_node_modules_come_from_the_variable_alone_when_it_is_set(tmp_path: Path) -> None:
    toolbox = find_toolbox({"PUBLISHER_NODE_MODULES": str(tmp_path)}, cwd=Path("/"))

    assert toolbox.node_modules == (tmp_path,)


def test_node_modules_come_from_the_current_folder_then_the_repository(tmp_path: Path) -> None:
    toolbox = find_toolbox({}, cwd=tmp_path)

    assert toolbox.node_modules == (
        tmp_path.resolve() / "node_modules",
        REPOSITORY / "node_modules",
    )


def test_missing_npm_package_is_an_error_saying_to_run_make_node_deps(tmp_path: Path) -> None:
    edition = replace(_minimal_edition(tmp_path), mjml="<mjml></mjml>")

    findings = external.run_external(edition, {"mjml": mjml}, tools=Toolbox((tmp_path,)))

    assert findings == (
        Finding(
            "mjml",
            "error",
            f"npm package mjml is not installed (looked in {tmp_path})",
            hint="run `make node-deps` (npm ci from package-lock.json)",
        ),
    )


def test_missing_debian_program_is_an_error_saying_to_run_make_system_deps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    findings = external.run_external(_minimal_edition(tmp_path), {"spamassassin": spamassassin})

    assert findings == (
        Finding(
            "spamassassin",
            "error",
            "spamassassin is not installed",
            hint="run `make system-deps` (installs Debian's chromium and spamassassin)",
        ),
    )


class Sleeper:
    """A validator that never finishes, with a child of its own."""

    NAME = "sleeper"

    def command(self, files: EditionFiles, tools: Toolbox) -> Invocation:
        return Invocation(("sh", "-c", "sleep 60 & wait"))

    def parse(self, outcome: Outcome) -> tuple[Finding, ...]:
        return ()


def test_validator_that_does_not_finish_in_time_is_an_error(tmp_path: Path) -> None:
    edition = _minimal_edition(tmp_path)

    findings = external.run_external(edition, {"sleeper": Sleeper()}, timeout=0.5)

    assert findings == (
        Finding(
            "sleeper",
            "error",
            "sleeper did not finish within 0.5 s",
            hint="run it again on a quieter machine",
        ),
    )


def _minimal_edition(tmp_path: Path) -> CheckedEdition:
    """Any edition, for tests that stop before a validator reads it."""
    built = build_fixture(tmp_path / "minimal")
    return CheckedEdition.read(built.bundle.path, load_settings(FIXTURE_CONFIG))


# Each validator for real, on the sample edition and on doctored copies of it.


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> CheckedEdition:
    built = build_fixture(tmp_path_factory.mktemp("sample"))
    return CheckedEdition.read(built.bundle.path, load_settings(FIXTURE_CONFIG))


def require_tools(name: str) -> Toolbox:
    """The tools, or a skip naming the make target (a failure under CI) when one is missing."""
    toolbox = find_toolbox()
    with tempfile.TemporaryDirectory() as folder:
        try:
            VALIDATORS[name].command(EditionFiles(Path(folder)), toolbox)
        except MissingTool as missing:
            reason = f"{name}: {missing.message}: {missing.hint}"
            if os.environ.get("CI") == "true":
                pytest.fail(f"{reason} (CI must run every test)")
            pytest.skip(reason)
    return toolbox


def run(name: str, edition: CheckedEdition) -> tuple[Finding, ...]:
    """One validator's findings, run for real."""
    toolbox = require_tools(name)
    return external.run_external(edition, {name: VALIDATORS[name]}, tools=toolbox)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def summary(findings: tuple[Finding, ...]) -> list[tuple[str, str, str | None, int | None]]:
    return [(f.check, f.severity, f.path, f.line) for f in findings]


@pytest.mark.external
def test_mjml_finds_nothing_in_the_sample(sample: CheckedEdition) -> None:
    assert run("mjml", sample) == ()


@pytest.mark.external
def test_mjml_catches_a_misspelt_tag_that_mjml_python_drops(sample: CheckedEdition) -> None:
    anchor = "</mj-column>"
    mjml_text = sample.mjml.replace(anchor, "<mj-buton>Read</mj-buton>" + anchor, 1)

    findings = run("mjml", replace(sample, mjml=mjml_text))

    assert summary(findings) == [("mjml", "error", "email.mjml", line_of(mjml_text, "<mj-buton"))]
    assert findings[0].message == "Element mj-buton doesn't exist or is not registered"


@pytest.mark.external
def test_spamassassin_scores_a_message_without_to(sample: CheckedEdition) -> None:
    message = email.message_from_bytes(sample.eml, policy=email.policy.SMTP)
    del message["To"], message["Reply-To"]
    message["Reply-To"] = "editors@globalpost.example"
    eml = message.as_bytes(policy=email.policy.SMTP)

    (finding,) = run("spamassassin", replace(sample, eml=eml))

    assert summary((finding,)) == [("spamassassin", "error", "email.eml", None)]
    assert finding.message.startswith("SpamAssassin scores ")
    assert "MISSING_HEADERS +0.9" in finding.message
    assert "REPLYTO_WITHOUT_TO_CC +2.4" in finding.message


@pytest.mark.external
def test_spamassassin_scores_the_sample_zero(sample: CheckedEdition) -> None:
    assert run("spamassassin", sample) == ()


@pytest.mark.external
def test_the_sample_passes_every_validator_together(sample: CheckedEdition) -> None:
    for name in VALIDATORS:
        require_tools(name)
    assert external.run_external(sample) == ()


@pytest.mark.external
def test_a_brief_with_what_markdown_can_hold_passes_every_validator_together(
    tmp_path: Path,
) -> None:
    """What the sample's briefs lack and editors write: an image, inline code, a code
    block, a quotation, lists, a rule and a mailto: link. No validator finds anything
    (premailer's height="auto" was an html-validate error and a caniemail one)."""
    for name in VALIDATORS:
        require_tools(name)
    content, config = copy_fixture_edition(tmp_path)
    brief = content / "chip-exports.md"
    extra = (
        "![A wafer under inspection](https://www.example.org/wafer.jpg)\n\n"
        "The rule is listed as `EAR 744.23`:\n\n```\nECCN 3B001\n```\n\n"
        "> We will comply, the company said.\n\n- One\n- Two\n\n1. First\n2. Second\n\n"
        "---\n\nTips go to [the desk](mailto:desk@globalpost.example).\n"
    )
    brief.write_text(f"{brief.read_text('utf-8')}\n{extra}", "utf-8")
    bundle = build_fixture(tmp_path / "dist", content, config).bundle.path
    edition = CheckedEdition.read(bundle, load_settings(config))
    assert all(tag in edition.html for tag in ("<img ", "<code>", "<blockquote", 'href="mailto:'))
    assert external.run_external(edition) == ()


@pytest.mark.external
def test_spamassassin_scores_a_spammy_subject_and_body(sample: CheckedEdition) -> None:
    message = email.message_from_bytes(sample.eml, policy=email.policy.SMTP)
    message.replace_header("Subject", "YOU HAVE WON $1,000,000 USD!!! 100% GUARANTEED")
    eml = message.as_bytes(policy=email.policy.SMTP)

    (finding,) = run("spamassassin", replace(sample, eml=eml))

    assert "SUBJ_ALL_CAPS +" in finding.message


@pytest.mark.external
def test_spamassassin_finds_nothing_in_a_plain_message_with_every_header(
    sample: CheckedEdition,
) -> None:
    eml = (
        b"From: GlobalPost Daily <daily@globalpost.example>\r\n"
        b'To: "GlobalPost readers" <readers@globalpost.example>\r\n'
        b"Subject: Geneva talks stall over who moves first\r\n"
        b"Date: Fri, 27 Nov 2026 06:00:00 -0500\r\n"
        b"Message-ID: <edition-2026-11-27.0f3a9c@globalpost.example>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Talks in Geneva aimed at ending a border conflict stalled again on Tuesday.\r\n"
    )

    assert run("spamassassin", replace(sample, eml=eml)) == ()


@pytest.mark.external
def test_axe_finds_nothing_in_the_sample(sample: CheckedEdition) -> None:
    assert run("axe", sample) == ()


@pytest.mark.external
def test_axe_reports_an_image_without_alt_in_every_view(sample: CheckedEdition) -> None:
    html = sample.html.replace("</body>", '<img src="https://x.example/chart.png"></body>', 1)

    findings = [f for f in run("axe", replace(sample, html=html)) if "image-alt" in f.message]

    assert [(f.check, f.severity, f.path, f.message) for f in findings] == [
        (
            "axe",
            "error",
            "email.html",
            "image-alt (critical) at 600 px light, 600 px dark, 375 px light, 375 px dark: img",
        )
    ]


@pytest.mark.external
def test_axe_audits_dark_scheme_and_phone_width_each_for_real(sample: CheckedEdition) -> None:
    style = (
        "<style>@media (prefers-color-scheme: dark) { .dim { color: #777 !important;"
        " background: #888 !important; } }"
        "@media (max-width: 400px) { .narrow { color: #bbb !important; } }</style></head>"
    )
    paragraphs = (
        '<p class="dim" style="color:#000;background:#fff">Only dark mode hides this.</p>'
        '<p class="narrow" style="color:#000;background:#fff">Only phones hide this.</p></body>'
    )
    html = sample.html.replace("</head>", style, 1).replace("</body>", paragraphs, 1)

    messages = [f.message for f in run("axe", replace(sample, html=html))]

    assert messages == [
        "color-contrast (serious) at 600 px dark: .dim",
        "color-contrast (serious) at 375 px light: .narrow",
        "color-contrast (serious) at 375 px dark: .dim and 1 more",
    ]


@pytest.mark.external
def test_html_validate_allows_the_sample_email_markup(sample: CheckedEdition) -> None:
    assert run("html-validate", sample) == ()


@pytest.mark.external
def test_html_validate_reports_an_image_without_alt_at_its_line(sample: CheckedEdition) -> None:
    html = sample.html.replace("</body>", '<img src="https://x.example/chart.png">\n</body>', 1)

    findings = run("html-validate", replace(sample, html=html))

    assert summary(findings) == [
        ("html-validate", "error", "email.html", line_of(html, "<img src"))
    ]
    assert findings[0].message.endswith("[wcag/h37]")


@pytest.mark.external
def test_caniemail_finds_nothing_outside_the_baseline_in_the_sample(
    sample: CheckedEdition,
) -> None:
    assert run("caniemail", sample) == ()


@pytest.mark.external
def test_caniemail_reports_a_feature_outside_the_baseline_at_its_line(
    sample: CheckedEdition,
) -> None:
    html = sample.html.replace("</body>", '<div style="position:absolute">x</div>\n</body>', 1)

    findings = run("caniemail", replace(sample, html=html))

    assert summary(findings) == [("caniemail", "error", "email.html", line_of(html, "position:"))]
    assert findings[0].message.startswith("position is not supported by ")


@pytest.mark.external
def test_external_check_runs_every_validator_and_sorts_their_findings(
    sample: CheckedEdition,
) -> None:
    for name in VALIDATORS:
        require_tools(name)
    message = email.message_from_bytes(sample.eml, policy=email.policy.SMTP)
    del message["To"]
    img = '<img src="https://x.example/chart.png" style="position:absolute">\n'
    doctored = replace(
        sample,
        mjml=sample.mjml.replace("</mj-column>", "<mj-buton>Read</mj-buton></mj-column>", 1),
        html=sample.html.replace("</body>", img + "</body>", 1),
        eml=message.as_bytes(policy=email.policy.SMTP),
    )

    findings = external.run_external(doctored)

    assert {finding.check for finding in findings} == set(VALIDATORS)
    assert all(finding.severity == "error" for finding in findings)
    assert list(findings) == sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.check))


@pytest.mark.external
def test_module_entry_point_prints_findings_and_exits_1_on_an_error(
    sample: CheckedEdition, tmp_path: Path
) -> None:
    require_tools("mjml")
    built = build_fixture(tmp_path)
    mjml_file = built.bundle.path / "email.mjml"
    mjml_text = mjml_file.read_text("utf-8").replace("</mj-column>", "<mj-buton/></mj-column>", 1)
    mjml_file.write_text(mjml_text, "utf-8")
    command = [sys.executable, "-m", "publisher.checks.external", str(built.bundle.path)]

    done = subprocess.run(
        [*command, "--config", str(FIXTURE_CONFIG), "--only", "mjml"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (done.returncode, done.stdout) == (
        1,
        f"error: email.mjml:{line_of(mjml_text, '<mj-buton')}: mjml: Element mj-buton doesn't"
        " exist or is not registered\n"
        "  hint: fix the <mj-buton> the template writes there; MJML rejects it\n",
    )


def test_module_entry_point_on_a_folder_that_is_not_a_bundle_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "publisher.checks.external", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=FIXTURE_CONFIG.parent,
    )

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {tmp_path}: not a bundle (no manifest.json)\n"
        "  hint: give the folder publisher build printed, such as dist/2026-11-27\n"
    )
