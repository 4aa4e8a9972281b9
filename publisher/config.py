"""publication.toml mapped onto frozen dataclasses, validated once at load.

Every setting is documented where it is declared (`metadata={"doc": ...}`); the README's
configuration table is generated from these declarations. The loader in `config_loader`
checks types, required keys, allowed values and unknown keys, and reports all problems at
once with the dotted key and the line it sits on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def setting(doc: str, default: Any = None, *, required: bool = False, **extra: Any) -> Any:
    """A documented dataclass field; `required` ones have no default."""
    metadata = {"doc": doc, **extra}
    if required:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class PublicationSection:
    name: str = setting("Publication name, as readers know it.", required=True)
    language: str = setting(
        "Language of the edition (BCP 47 tag), set as `lang` on the email.",
        "en-US",
        check="language",
    )
    website_url: str = setting("Home page of the publication.", required=True, check="url")
    postal_address: str = setting(
        "Physical postal address printed in every edition's footer (CAN-SPAM).",
        required=True,
    )
    aliases: tuple[str, ...] = setting(
        "Other names the publication goes by, used to recognise pasted boilerplate.", ()
    )


@dataclass(frozen=True, kw_only=True)
class SenderSection:
    name: str = setting("Display name in the From header.", required=True)
    address: str = setting("Sending address in the From header.", required=True, check="email")
    reply_to: str = setting("Address replies go to.", required=True, check="email")


@dataclass(frozen=True, kw_only=True)
class UnsubscribeSection:
    url: str = setting(
        "One-click unsubscribe URL (List-Unsubscribe and the footer link).",
        required=True,
        check="https_url",
    )
    mailto: str = setting(
        "Address for mailto unsubscribes in List-Unsubscribe; empty to leave it out.",
        "",
        check="optional_email",
    )


@dataclass(frozen=True, kw_only=True)
class ScheduleSection:
    timezone: str = setting(
        "IANA time zone the send time is in.", "America/New_York", check="timezone"
    )
    send_time: str = setting("Local send time, 24-hour HH:MM.", "06:00", check="clock_time")
    holidays: str = setting(
        "Country whose public holidays are skipped (ISO 3166 code); empty for none.",
        "US",
        check="holiday_country",
    )
    holiday_subdivision: str = setting(
        "State or province whose holidays are skipped too (e.g. MA); empty for none.", ""
    )
    extra_holidays: tuple[str, ...] = setting(
        "Further dates (YYYY-MM-DD) with no edition, such as the newsroom's own days off.",
        (),
        check="iso_dates",
    )


@dataclass(frozen=True, kw_only=True)
class BoilerplateRule:
    """A publication's own boilerplate rule, added to the packaged ones."""

    name: str = setting("A name for the rule, shown in strip reports.", required=True)
    family: str = setting(
        "pitch, offer, trial, copyright, label or advertisement.", required=True, check="family"
    )
    pattern: str = setting(
        "Regular expression a whole normalised paragraph or line must match (lowercase; "
        "`{publication}` and `{price}` allowed).",
        required=True,
        check="pattern",
    )
    tail: bool = setting(
        "Only remove in the trailing run of boilerplate, after a strict rule matched.", False
    )


@dataclass(frozen=True, kw_only=True)
class BoilerplateSection:
    pitch: str = setting(
        "Subscription pitch printed once at the end of each edition.", required=True
    )
    offer: str = setting(
        "Offer printed after the pitch; `{price}` is replaced by `price`.", required=True
    )
    price: str = setting("Price shown in the offer, with its currency sign.", required=True)
    trial: str = setting("Trial offer printed after the offer; empty to leave it out.", "")
    copyright_holder: str = setting(
        "Holder named in the copyright line; the year is the send date's.", required=True
    )
    rules: tuple[BoilerplateRule, ...] = setting(
        "The publication's own boilerplate rules, as `[[boilerplate.rules]]` tables with "
        "`name`, `family`, `pattern` and `tail`.",
        (),
    )


@dataclass(frozen=True, kw_only=True)
class Publication:
    """The whole validated publication.toml, plus where it was read from."""

    publication: PublicationSection = setting("The publication itself.", required=True)
    sender: SenderSection = setting("Who the edition comes from.", required=True)
    unsubscribe: UnsubscribeSection = setting("How readers leave the list.", required=True)
    schedule: ScheduleSection = setting("When editions are sent.", ScheduleSection())
    boilerplate: BoilerplateSection = setting(
        "Canonical boilerplate re-added once per edition.", required=True
    )
    root: Path = field(default=Path("."), metadata={"internal": True})
