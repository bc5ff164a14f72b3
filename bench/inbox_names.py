"""Applicant names for bench/inbox.py: common German names, so a name search hits as often as
it would in a real inbox (a little more, to be on the safe side).

About 7 % of applicants carry one of the twenty most common surnames, weighted as in Germany but
about three times as often ("Müller": 1 %, so a search for it finds ~10 000 cases in 1 000 000);
the rest get a name of a long tail built from syllables (Ober+hausen) that each match ~0.1 %.
"""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Anna", "Bernd", "Björn", "Christa", "Dieter", "Elif", "Emma", "Erika", "Felix", "Frieda",
    "Günter", "Hannah", "Heinz", "Ingrid", "Jana", "Jörg", "Jürgen", "Karin", "Käthe", "Klaus",
    "Lea", "Leon", "Lukas", "Maria", "Mehmet", "Mia", "Monika", "Noah", "Olga", "Paul", "Petra",
    "Renate", "Sabine", "Sören", "Stefan", "Susanne", "Thomas", "Uwe", "Ursula", "Zoë",
)
COMMON_SURNAMES = (
    ("Müller", 100), ("Schmidt", 80), ("Schneider", 50), ("Fischer", 45), ("Weber", 40),
    ("Meyer", 40), ("Wagner", 35), ("Becker", 30), ("Schulz", 30), ("Hoffmann", 30),
    ("Schäfer", 25), ("Koch", 25), ("Bauer", 25), ("Richter", 25), ("Klein", 25),
    ("Wolf", 20), ("Schröder", 20), ("Neumann", 20), ("Schwarz", 20), ("Zimmermann", 20),
)
"""The twenty most common German surnames, in per ten thousand of applicants."""
SEARCHED = "Müller"
"""The surname the benchmark searches for: the most common one."""
PREFIXES = ("Ober", "Unter", "Linden", "Birken", "Eichen", "Buchen", "Stein", "Berg", "Wald",
            "Feld", "Brunn", "Hoch", "Nieder", "Kirch", "Mühl", "Rosen", "Sonnen", "Winter",
            "Sommer", "Frank", "Hart", "Lang", "Kurz", "Grün", "Weiß", "Roth", "Eisen", "Holz",
            "Kalten", "Warm")
SUFFIXES = ("hausen", "bach", "berg", "mann", "feld", "hofer", "ner", "inger", "meier", "bauer",
            "dorf", "brunner", "huber", "thal", "stein", "wald", "rieder", "kamp", "beck", "land",
            "ert", "ig", "ke", "ler", "lein", "gruber", "haus", "mayr", "schmid", "heim")
_COMMON_SHARE = sum(weight for _, weight in COMMON_SURNAMES) / 10_000


def surname(rng: random.Random) -> str:
    """Draw a surname: one of the common ones, or one of the long tail."""
    if rng.random() < _COMMON_SHARE:
        return rng.choices([n for n, _ in COMMON_SURNAMES], [w for _, w in COMMON_SURNAMES])[0]
    return rng.choice(PREFIXES) + rng.choice(SUFFIXES)


def applicant_name(rng: random.Random) -> str:
    """Draw a full name: first name, surname, now and then a double-barrelled one."""
    last = surname(rng)
    if rng.random() < 0.03:
        last = f"{last}-{surname(rng)}"
    return f"{rng.choice(FIRST_NAMES)} {last}"
