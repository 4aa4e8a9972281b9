"""The canonical boilerplate, re-added once per edition from publication.toml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from publisher.config import Settings


@dataclass(frozen=True)
class Footer:
    """What follows the briefs: pitch, offer, trial, copyright, address, unsubscribe."""

    pitch: str
    offer: str
    trial: str
    copyright: str
    postal_address: str
    unsubscribe_url: str
    website_url: str


def canonical_footer(settings: Settings, send_date: date) -> Footer:
    """The footer for an edition sent on `send_date` (its year goes in the copyright)."""
    texts = settings.boilerplate
    return Footer(
        pitch=texts.pitch,
        offer=texts.offer.replace("{price}", texts.price),
        trial=texts.trial,
        copyright=f"Copyright © {send_date.year} {texts.copyright_holder}. All Rights Reserved.",
        postal_address=settings.publication.postal_address,
        unsubscribe_url=settings.unsubscribe.url,
        website_url=settings.publication.website_url,
    )
