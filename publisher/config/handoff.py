"""`[handoff]`, `[handoff.<provider>]` and `[dkim]` in publication.toml: where editions go.

Declarations only; the hand-off reads them. API keys and passwords are never settings:
each provider names the environment variable its key comes from (README, "Hand-off").
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.config import validators
from publisher.config.fields import setting


@dataclass(frozen=True, kw_only=True)
class SmtpHandoff:
    """`[handoff.smtp]`: the server `publisher handoff --smtp` and dispatch send through."""

    host: str = setting(
        "SMTP server to hand the edition to.", required=True, example="smtp.example.org"
    )
    port: int = setting("Its port: 587 for STARTTLS, 465 for TLS, 25 for neither.", 587)
    tls: str = setting(
        "starttls, ssl or none (none only for a server on this machine).",
        "starttls",
        check=validators.one_of("starttls", "ssl", "none"),
    )
    recipients: str = setting(
        "CSV file of recipients (a column `email`), one message each; empty for --to only.", ""
    )


@dataclass(frozen=True, kw_only=True)
class TestHandoff:
    """`[handoff.test]`: who gets the test send, and how its subject is marked."""

    to: tuple[str, ...] = setting("Editors who get the test send (`publisher handoff --test`).", ())
    prefix: str = setting("Put before the subject of a test send; empty for none.", "[Test] ")


@dataclass(frozen=True, kw_only=True)
class MailchimpHandoff:
    """`[handoff.mailchimp]`: the audience the campaign goes to, and the API's data centre."""

    list_id: str = setting(
        "The audience (list) id the campaign goes to.", required=True, example="a1b2c3d4e5"
    )
    server: str = setting(
        "The data center prefix of the account, as in us21.api.mailchimp.com; empty to take "
        "it from the key's suffix.",
        "",
    )
    api_url: str = setting(
        "Override of the API root (a proxy's, a test server's); empty for Mailchimp's, "
        "https://SERVER.api.mailchimp.com/3.0 with the server above.",
        "",
    )


@dataclass(frozen=True, kw_only=True)
class SendgridHandoff:
    """`[handoff.sendgrid]`: the Single Send's lists, sender and unsubscribe group."""

    list_ids: tuple[str, ...] = setting(
        "Marketing list ids the Single Send goes to (at most 50).",
        required=True,
        example=["0c1d2e3f-0000-4000-8000-000000000000"],
        check=validators.counted(1, 50, "a Single Send goes to 1 to 50 lists (SendGrid's limit)"),
    )
    sender_id: int = setting(
        "The verified sender's id (an integer).", required=True, example=123456
    )
    suppression_group_id: int = setting(
        "The unsubscribe group's id (an integer); 0 to use unsubscribe.url instead.", 0
    )
    api_url: str = setting(
        "SendGrid's API root.", "https://api.sendgrid.com", check=validators.web_url
    )


@dataclass(frozen=True, kw_only=True)
class PostmarkHandoff:
    """`[handoff.postmark]`: the broadcast stream and the recipients file."""

    stream: str = setting("The broadcast message stream's id.", "broadcast")
    recipients: str = setting(
        "CSV file of recipients (a column `email`).", required=True, example="subscribers.csv"
    )
    api_url: str = setting(
        "Postmark's API root.", "https://api.postmarkapp.com", check=validators.web_url
    )


@dataclass(frozen=True, kw_only=True)
class SesHandoff:
    """`[handoff.ses]`: the region, configuration set and recipients file."""

    region: str = setting("The AWS region of the SES account.", required=True, example="us-east-1")
    recipients: str = setting(
        "CSV file of recipients (a column `email`).", required=True, example="subscribers.csv"
    )
    configuration_set: str = setting("SES configuration set to send with; empty for none.", "")
    endpoint_url: str = setting("Override of the SES endpoint (tests only); empty for AWS's.", "")


@dataclass(frozen=True, kw_only=True)
class ButtondownHandoff:
    """`[handoff.buttondown]`: where Buttondown's API answers."""

    api_url: str = setting(
        "Buttondown's API root.", "https://api.buttondown.com/v1", check=validators.web_url
    )


@dataclass(frozen=True, kw_only=True)
class ListmonkHandoff:
    """`[handoff.listmonk]`: the instance, its lists and the template."""

    url: str = setting(
        "The listmonk server's address.",
        required=True,
        example="https://lists.example.org",
        check=validators.web_url,
    )
    list_ids: tuple[int, ...] = setting(
        "Ids of the lists the campaign goes to.", required=True, example=[1]
    )
    template_id: int = setting(
        "Campaign template id; 0 for the server's default, which frames the edition in "
        'listmonk\'s layout (a template of just {{ template "content" . }} sends it as built).',
        0,
    )


@dataclass(frozen=True, kw_only=True)
class HandoffSection:
    """`[handoff]`: the late window, sign-off, dispatch and each destination."""

    late_window_minutes: int = setting(
        "`publisher dispatch` sends a due edition at most this many minutes after its send "
        "time; older ones are reported, not sent.",
        120,
    )
    require_approval: bool = setting(
        "Refuse to hand off a bundle nobody approved (`publisher approve`), or one whose "
        "files changed since; `--unapproved` overrides it, and the ledger says so.",
        False,
    )
    dispatch: str = setting(
        "Where `publisher dispatch` sends due editions: smtp, postmark or ses; empty for "
        "none (providers that schedule are handed off by `publisher handoff --esp`).",
        "",
        check=validators.one_of("", "smtp", "postmark", "ses"),
    )
    smtp: SmtpHandoff | None = setting("Hand-off over SMTP.", None)
    test: TestHandoff = setting("The test send to editors.", TestHandoff())
    mailchimp: MailchimpHandoff | None = setting(
        "Mailchimp campaigns (key: MAILCHIMP_API_KEY).", None
    )
    sendgrid: SendgridHandoff | None = setting(
        "SendGrid Single Sends (key: SENDGRID_API_KEY).", None
    )
    postmark: PostmarkHandoff | None = setting(
        "Postmark broadcasts (key: POSTMARK_SERVER_TOKEN).", None
    )
    ses: SesHandoff | None = setting(
        "Amazon SES v2 (keys: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).", None
    )
    buttondown: ButtondownHandoff | None = setting(
        "Buttondown emails (key: BUTTONDOWN_API_KEY).", None
    )
    listmonk: ListmonkHandoff | None = setting(
        "listmonk campaigns (keys: LISTMONK_API_USER, LISTMONK_API_TOKEN).", None
    )


@dataclass(frozen=True, kw_only=True)
class DkimSection:
    """`[dkim]`: the selector, domain and key that sign SMTP and SES messages."""

    selector: str = setting(
        "DKIM selector: the DNS name is <selector>._domainkey.<domain>.",
        required=True,
        example="mail",
    )
    domain: str = setting(
        "The signing domain (d=), usually the sender's.", required=True, example="example.org"
    )
    key_file: str = setting(
        "Private key file (PEM), outside the repository; empty to read the key from the "
        "environment variable PUBLISHER_DKIM_PRIVATE_KEY.",
        "",
    )
