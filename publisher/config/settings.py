"""publication.toml as a tree of frozen dataclasses: every setting declared once, here.

Each setting is documented where it is declared; the README's configuration table and
`publisher init`'s commented publication.toml are generated from these declarations. The
loader (`config.loader`) checks types, required keys, validators and unknown keys, and
reports every problem at once with its dotted key and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publisher.config import validators
from publisher.config.fields import setting
from publisher.config.handoff import DkimSection, HandoffSection


@dataclass(frozen=True, kw_only=True)
class PublicationSection:
    """`[publication]`: the newsletter's name, language, web and postal addresses."""

    name: str = setting("Publication name, as readers know it.", required=True, example="{name}")
    language: str = setting(
        "Language of the edition (BCP 47 tag), set as `lang` on the email.",
        "en-US",
        check=validators.language_tag,
    )
    website_url: str = setting(
        "Home page of the publication.",
        required=True,
        example="https://www.example.org",
        check=validators.web_url,
    )
    postal_address: str = setting(
        "Physical postal address printed in every edition's footer (CAN-SPAM).",
        required=True,
        example="{name}, 1 Example Street, Springfield, EX 00000, Exampleland",
    )
    aliases: tuple[str, ...] = setting(
        "Other names the publication goes by, used to recognise pasted boilerplate.", ()
    )


@dataclass(frozen=True, kw_only=True)
class SenderSection:
    """`[sender]`: who the email is from and where replies go."""

    name: str = setting("Display name in the From header.", required=True, example="{name}")
    address: str = setting(
        "Sending address in the From header.",
        required=True,
        example="newsletter@example.org",
        check=validators.email_address,
    )
    reply_to: str = setting(
        "Address replies go to (Reply-To); a Mailchimp campaign has none: replies go to `address`.",
        required=True,
        example="editors@example.org",
        check=validators.email_address,
    )


@dataclass(frozen=True, kw_only=True)
class ListSection:
    """The list itself, as the edition's To header names it."""

    name: str = setting(
        "The list's own name, shown as the To header's display name.",
        required=True,
        example="{name} readers",
        check=validators.display_name,
    )
    address: str = setting(
        "The list's own address, in the To header; a hand-off that sends one message per "
        "recipient will replace it with each reader's.",
        required=True,
        example="readers@example.org",
        check=validators.email_address,
    )


@dataclass(frozen=True, kw_only=True)
class UnsubscribeSection:
    """`[unsubscribe]`: the one-click address (and mailto) every email must carry."""

    url: str = setting(
        "One-click unsubscribe URL (List-Unsubscribe and the footer link).",
        required=True,
        example="https://www.example.org/unsubscribe",
        check=validators.https_url,
    )
    mailto: str = setting(
        "Address for mailto unsubscribes in List-Unsubscribe; empty to leave it out.",
        "",
        check=validators.optional_email_address,
    )


@dataclass(frozen=True, kw_only=True)
class ScheduleSection:
    """`[schedule]`: the send time, its zone and the days skipped."""

    timezone: str = setting(
        "IANA time zone the send time is in.", "America/New_York", check=validators.timezone
    )
    send_time: str = setting(
        "Local send time, 24-hour HH:MM.", "06:00", check=validators.clock_time
    )
    holidays: str = setting(
        "Country whose public holidays are skipped (ISO 3166 code); empty for none.",
        "US",
        check=validators.holiday_country,
    )
    holiday_subdivision: str = setting(
        "State or province whose holidays are skipped too (e.g. MA); empty for none.", ""
    )
    extra_holidays: tuple[str, ...] = setting(
        "Further dates (YYYY-MM-DD) with no edition, such as the newsroom's own days off.",
        (),
        check=validators.iso_dates,
    )


@dataclass(frozen=True, kw_only=True)
class BoilerplateRule:
    """A publication's own boilerplate rule, added to the packaged ones."""

    name: str = setting(
        "A name for the rule, shown in strip reports.", required=True, example="podcast-plug"
    )
    family: str = setting(
        "pitch, offer, trial, copyright, label or advertisement.",
        required=True,
        example="pitch",
        check=validators.boilerplate_family,
    )
    pattern: str = setting(
        "Regular expression a whole normalised paragraph or line must match (lowercase; "
        "`{publication}` and `{price}` allowed).",
        required=True,
        example="listen to the {{publication}} podcast.*",
        check=validators.rule_pattern,
    )
    tail: bool = setting(
        "Only remove in the trailing run of boilerplate, after a strict rule matched.", False
    )


@dataclass(frozen=True, kw_only=True)
class BoilerplateSection:
    """`[boilerplate]`: the canonical pitch, offer and copyright, and the publication's rules."""

    pitch: str = setting(
        "Subscription pitch printed once at the end of each edition.",
        required=True,
        example="Subscribe today and {name} will be in your inbox every weekday morning.",
    )
    offer: str = setting(
        "Offer printed after the pitch; `{price}` is replaced by `price`.",
        required=True,
        example="Join us for {{price}} a year.",
    )
    price: str = setting(
        "Price shown in the offer, with its currency sign.", required=True, example="$40"
    )
    trial: str = setting("Trial offer printed after the offer; empty to leave it out.", "")
    copyright_holder: str = setting(
        "Holder named in the copyright line; the year is the send date's.",
        required=True,
        example="{name}",
    )
    rules: tuple[BoilerplateRule, ...] = setting(
        "The publication's own boilerplate rules, as `[[boilerplate.rules]]` tables with "
        "`name`, `family`, `pattern` and `tail`.",
        (),
    )


@dataclass(frozen=True, kw_only=True)
class ImagesSection:
    """`[images]`: where relative image paths are served from."""

    base_url: str = setting(
        "Where relative image paths in briefs (`map.png`) point, resolved as a browser would "
        "(end it with / for a folder); without `[images]` they are an error.",
        required=True,
        example="https://www.example.org/images/",
        check=validators.https_url,
    )


@dataclass(frozen=True, kw_only=True)
class TrackingSection:
    """`[tracking]`: the campaign tags put on the edition's links."""

    utm_source: str = setting(
        "With `[tracking]`, utm_source on the email's outgoing web links (never the unsubscribe "
        "or mailto: links), such as the newsletter's name; without it links stay as written.",
        required=True,
        example="example-daily",
        check=validators.filled_in("write a short name such as example-daily"),
    )
    utm_medium: str = setting(
        "With `[tracking]`, utm_medium on the same links, usually email.",
        required=True,
        example="email",
        check=validators.filled_in("write email"),
    )
    utm_campaign: str = setting(
        "With `[tracking]`, utm_campaign on the same links; `{date}` becomes the send date "
        "(YYYY-MM-DD). Links in a brief also get utm_content, the brief's slug.",
        required=True,
        example="daily-{{date}}",
        check=validators.campaign_name,
    )


@dataclass(frozen=True, kw_only=True)
class ArchiveSection:
    """The web archive of past editions (`publisher archive`), and each email's link to it."""

    base_url: str = setting(
        "Where the web archive (`publisher archive`) is served; each email links to its page, "
        "this address and the edition's folder (such as 2026-11-27/), as View in browser. "
        "Without `[archive]` there is no archive and no link.",
        required=True,
        example="https://www.example.org/archive/",
        check=validators.https_url,
    )
    subscribe_url: str = setting(
        "Where the archive's subscribe button, below every edition, leads (its text is "
        "`boilerplate.pitch`).",
        required=True,
        example="https://www.example.org/subscribe",
        check=validators.web_url,
    )

    @property
    def folder_url(self) -> str:
        """`base_url` as a folder: ending in /, so page addresses resolve below it."""
        return self.base_url if self.base_url.endswith("/") else f"{self.base_url}/"

    def page_url(self, folder: str) -> str:
        """The web address of an edition's archive page, from its bundle folder's name."""
        return f"{self.folder_url}{folder}/"


CHECK_LEVELS = ("error", "warning", "off")
"""How much a check's findings count: as found; its errors only warn; not run at all."""


def _level(what: str) -> str:
    levels = '"error" (as found), "warning" (its errors only warn) or "off" (not run)'
    return setting(f"{what}: {levels}.", "error", check=validators.one_of(*CHECK_LEVELS))  # type: ignore[no-any-return]


@dataclass(frozen=True, kw_only=True)
class ChecksSection:
    """`[checks]`: how much each internal check counts. The integrity and compliance
    checks always count in full: what the law requires, and the proof that a bundle is
    the one that was checked."""

    size: str = _level("Gmail's clipping limit")
    images: str = _level("Alt text, absolute https addresses and widths of images")
    links: str = _level("Links that cannot be followed, shorteners and placeholders")
    copy: str = _level("Subject, preheader, copyright year and leftover boilerplate")
    structure: str = _level("lang, layout tables, the heading outline and dark mode")
    plain_text: str = _level("The text part: titles, links and line lengths")
    boilerplate: str = _level("The stripper's report of pasted boilerplate")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The whole validated publication.toml, plus the folder it was read from."""

    publication: PublicationSection = setting("The publication itself.", required=True)
    sender: SenderSection = setting("Who the edition comes from.", required=True)
    list: ListSection = setting(
        "Who the edition is addressed to: the list itself, in the To header.", required=True
    )
    unsubscribe: UnsubscribeSection = setting("How readers leave the list.", required=True)
    schedule: ScheduleSection = setting("When editions are sent.", ScheduleSection())
    boilerplate: BoilerplateSection = setting(
        "Canonical boilerplate re-added once per edition.", required=True
    )
    images: ImagesSection | None = setting(
        "Where relative image paths in briefs point; without it they are an error.", None
    )
    tracking: TrackingSection | None = setting(
        "Campaign (UTM) tags on the email's outgoing links; without it links stay as written. "
        "The unsubscribe link and mailto: links are never tagged.",
        None,
    )
    archive: ArchiveSection | None = setting(
        "The web archive of past editions and each email's View in browser link; without it "
        "neither exists.",
        None,
    )
    checks: ChecksSection = setting(
        "How much each internal check's findings count (the build fails on an error).",
        ChecksSection(),
    )
    handoff: HandoffSection = setting(
        "Where the edition is handed off: SMTP, an ESP's API, the test send.", HandoffSection()
    )
    dkim: DkimSection | None = setting(
        "DKIM signing of SMTP and SES messages; without it they go out unsigned.", None
    )
    root: Path = field(default=Path("."), metadata={"internal": True})
