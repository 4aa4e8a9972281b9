"""A request an adapter prepares and the runner sends: pure data, the same for --dry-run,
the tests and the real hand-off.

Values a step needs from an earlier one (a campaign's id) are `{placeholders}` in the URL
or JSON, filled from what earlier steps captured. Keys are never in here: the provider
adds them as headers at send time, so a dry run can only show them masked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

# Captured values by name ("campaign_id": "b12c..."): what the ledger keeps per step.
Captures = Mapping[str, str]
Pick = Callable[[Any], dict[str, str]]


@dataclass(frozen=True)
class PreparedRequest:
    """One call to a provider, named for the ledger step it completes."""

    step: str
    method: str
    url: str
    json: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    # Capture name -> dotted path into the JSON response ("id", "data.id").
    captures: Mapping[str, str] = field(default_factory=dict)
    # Values read from the response by code, for a search among many ("find" steps).
    pick: Pick | None = None
    # Skip this step when a value of that name is already known (a campaign found earlier).
    skip_if: str | None = None
    # What this step means, for the dry-run file and the README.
    does: str = ""
    # False for a step that delivers mail at once (a Postmark batch, an SES message): after
    # a 5xx or a lost answer it may have gone out, so it is not retried blindly.
    idempotent: bool = True

    def resolved(self, captured: Captures) -> PreparedRequest:
        """The request with `{placeholders}` filled from earlier steps' captures."""
        return replace(self, url=_fill(self.url, captured), json=_fill_json(self.json, captured))

    def as_json(self, masked_headers: Mapping[str, str]) -> dict[str, Any]:
        """What --dry-run writes: the call as it would go out, keys masked."""
        return {
            "step": self.step,
            "does": self.does,
            "method": self.method,
            "url": self.url,
            "headers": {**self.headers, **masked_headers},
            "json": self.json,
        }


def _fill(text: str, captured: Captures) -> str:
    for name, value in captured.items():
        text = text.replace("{" + name + "}", value)
    return text


def _fill_json(value: Any, captured: Captures) -> Any:
    if isinstance(value, str):
        return _fill(value, captured)
    if isinstance(value, list):
        return [_fill_json(item, captured) for item in value]
    if isinstance(value, dict):
        return {key: _fill_json(item, captured) for key, item in value.items()}
    return value


def dig(data: Any, path: str) -> str | None:
    """The value at a dotted path of a JSON response, as text; None when it is not there."""
    for part in path.split("."):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return None if data is None or isinstance(data, dict | list) else str(data)
