"""The publication's settings: declared in `settings`, read and validated by `loader`.

One mechanism for every settings file (publication.toml, edition.toml, front matter):
typed frozen dataclasses, validators as functions (`validators`), secrets only from the
environment (`fields.secret`), every problem reported at once with its key and line.
"""

from publisher.config.loader import load_settings, read_settings
from publisher.config.settings import (
    BoilerplateRule,
    BoilerplateSection,
    PublicationSection,
    ScheduleSection,
    SenderSection,
    Settings,
    UnsubscribeSection,
)

__all__ = [
    "BoilerplateRule",
    "BoilerplateSection",
    "PublicationSection",
    "ScheduleSection",
    "SenderSection",
    "Settings",
    "UnsubscribeSection",
    "load_settings",
    "read_settings",
]
