"""Recipients for providers without lists of their own: a CSV file with an `email` column
(and optionally `name`), or addresses given on the command line."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import HandoffRefused

# ASCII only: a non-ASCII mailbox needs SMTPUTF8, which few providers accept.
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str = ""


def from_addresses(addresses: Iterable[str]) -> tuple[Recipient, ...]:
    found = []
    for address in addresses:
        if not _ADDRESS.fullmatch(address.strip()):
            raise HandoffRefused(
                f"not an email address: {address!r}", hint="write --to name@example.org"
            )
        found.append(Recipient(address.strip()))
    return tuple(dict.fromkeys(found))


def read_recipients(path: Path) -> tuple[Recipient, ...]:
    """Every row's address, once each, in file order; a bad row names its line."""
    try:
        text = path.read_text("utf-8-sig")
    except OSError as error:
        raise HandoffRefused(
            f"cannot read the recipients: {error.strerror or type(error).__name__}",
            path,
            hint="give a CSV file with an email column",
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    columns = [column.strip().lower() for column in reader.fieldnames or []]
    if "email" not in columns:
        raise HandoffRefused(
            "the recipients file has no email column", path, 1, hint="start it with: email,name"
        )
    recipients: dict[str, Recipient] = {}
    for row in reader:
        values = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
        address = values.get("email", "")
        if not _ADDRESS.fullmatch(address):
            raise HandoffRefused(
                f"not an email address: {address!r}",
                path,
                reader.line_num,
                hint="fix or remove that row",
            )
        recipients.setdefault(address.lower(), Recipient(address, values.get("name", "")))
    if not recipients:
        raise HandoffRefused("the recipients file lists no one", path, hint="add rows: email,name")
    return tuple(recipients.values())
