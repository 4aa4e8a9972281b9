"""A large, deterministic edition for the benchmark: 20 briefs of ~250 words each.

The text is nonsense built from a seeded `random.Random`, but shaped like real briefs:
front matter on some, a list, links, emphasis, and on a couple of them the website
boilerplate editors paste along with the article (the tail of a copied GlobalPost page).
"""

from __future__ import annotations

import random
from pathlib import Path

BRIEF_COUNT = 20
WORDS_PER_BRIEF = 250
SEED = 20261125
PASTED_EVERY = 8
"""Briefs 0, 8 and 16 (three of twenty) carry pasted boilerplate."""

# The end of a brief copied from the website, as editors paste it.
PASTED_BOILERPLATE = """\
Subscribe today and GlobalPost will be in your inbox the next weekday morning


Join us today and pay only $46 for an annual subscription, or less than $4 a month for \
our unique insights into crucial developments on the world stage. It’s by far the best \
investment you can make to expand your knowledge of the world.

And you get a free two-week trial with no obligation to continue.

Copyright © 2025 GlobalPost Media Corporation. All Rights Reserved.

Copy link"""

SUBJECTS = (
    "officials",
    "negotiators",
    "regulators",
    "port authorities",
    "aid agencies",
    "central bankers",
    "farm groups",
    "shipping firms",
    "city councils",
    "energy ministers",
)
VERBS = (
    "warned",
    "said",
    "confirmed",
    "denied",
    "announced",
    "signalled",
    "argued",
    "estimated",
)
CLAUSES = (
    "that talks on the new framework would resume next week",
    "that river levels could rise again before the weekend",
    "that export licences would take several months to process",
    "that the budget shortfall was larger than first reported",
    "that repairs to the grid would finish before winter",
    "that the coalition had agreed on a timetable for the vote",
    "that shipping rates had doubled since the start of the quarter",
    "that the fund would be paid out in two installments",
    "that a second round of inspections was already under way",
    "that the decision could be appealed to the constitutional court",
)
PLACES = (
    "Geneva",
    "Jakarta",
    "Lagos",
    "Rotterdam",
    "Santiago",
    "Nairobi",
    "Hanoi",
    "Montreal",
    "Warsaw",
    "Dhaka",
)
TOPICS = (
    "Grain Corridor",
    "Port Strike",
    "Rate Decision",
    "Flood Defences",
    "Election Recount",
    "Vaccine Rollout",
    "Mining Permits",
    "Heat Wave",
    "Rail Link",
    "Fishing Quotas",
)


def _sentence(rng: random.Random) -> str:
    subject, verb, clause = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(CLAUSES)
    place = rng.choice(PLACES)
    sentence = f"{subject.capitalize()} in {place} {verb} on Tuesday {clause}."
    roll = rng.random()
    if roll < 0.12:
        sentence = sentence.replace(clause, f"*{clause}*", 1)
    elif roll < 0.18:
        sentence = sentence.replace(subject.capitalize(), f"**{subject.capitalize()}**", 1)
    return sentence


def _link(rng: random.Random, number: int) -> str:
    place = rng.choice(PLACES)
    return (
        f"Read the [{place} statement](https://www.example.org/news/{number}/"
        f"{place.lower()}-statement) in full."
    )


def _body(rng: random.Random, number: int) -> str:
    """Paragraphs of sentences, one bullet list and two or three links, ~250 words."""
    paragraphs: list[str] = []
    words = 0
    list_after = rng.randrange(1, 3)
    # Stop a paragraph early: the last one, the closing link and the title add ~40 words.
    while words < WORDS_PER_BRIEF - 40:
        sentences = [_sentence(rng) for _ in range(rng.randrange(2, 4))]
        if rng.random() < 0.4:
            sentences.append(_link(rng, number))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
        if len(paragraphs) == list_after:
            items = [f"- {clause.removeprefix('that ')}" for clause in rng.sample(CLAUSES, 3)]
            paragraphs.append("The agenda for the next round includes:\n\n" + "\n".join(items))
            words += sum(len(item.split()) for item in items) + 6
    paragraphs.append(_link(rng, number))
    return "\n\n".join(paragraphs)


def _brief(rng: random.Random, number: int) -> tuple[str, str]:
    """The brief's file name and text; even briefs use front matter, odd ones a heading."""
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    title = f"{place} {topic} Talks Enter Day {number + 2}"
    slug = f"{number:02d}-{place.lower()}-{topic.lower().replace(' ', '-')}"
    body = _body(rng, number)
    if number % PASTED_EVERY == 0:
        body += "\n\n" + PASTED_BOILERPLATE
    if number % 2 == 0:
        url = f"https://www.example.org/news/{slug}"
        head = f'---\ntitle: "{title}"\nsource: GlobalPost\nurl: {url}\n---\n\n'
    else:
        head = f"# {title}\n\n"
    return f"{slug}.md", head + body + "\n"


def write_large_edition(content_dir: Path, count: int = BRIEF_COUNT, seed: int = SEED) -> Path:
    """Writes `count` Markdown briefs into `content_dir` (created) and returns it."""
    content_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        name, text = _brief(rng, number)
        (content_dir / name).write_text(text, encoding="utf-8")
    return content_dir
