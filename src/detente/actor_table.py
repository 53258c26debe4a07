"""The actor table: countries, seats of power, institutions, organisations, sector words and
office holders with terms, loaded from versioned data files (plus optional user tables)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError
from .readers import parse_date
from .tables import Row, data_path, read_csv, read_tsv, read_yaml

Tokenize = Callable[[str], list[str]]


def norm_token(text: str) -> str:
    """Match key of one token: dots dropped, curly quotes straightened; short all-caps kept
    (so 'US' does not match 'us'), everything else lower-cased."""
    t = text.replace(".", "").replace("\u2019", "'")
    if t.isupper() and len(t) <= 4:
        return t
    return t.lower()


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase stands for. `kind` says how it was listed (country, adjective, seat, ...)."""

    country: str | None
    sector: str | None
    name: str | None
    kind: str
    rule: str
    changes: tuple[tuple[dt.date, str], ...] = ()  # (from, sector): the Taliban govern from 2021-08-15

    def sector_on(self, on: dt.date | None) -> str | None:
        """The sector on a date; the last change when no date is known."""
        sector = self.sector
        for since, changed in self.changes:
            if on is None or since <= on:
                sector = changed
        return sector


@dataclass(frozen=True, slots=True)
class Term:
    country: str
    sector: str
    role: str
    start: dt.date
    end: dt.date | None

    def covers(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Person:
    name: str
    terms: tuple[Term, ...]

    def on(self, date: dt.date | None) -> tuple[str | None, str | None, str]:
        """(country, sector, why) of this person on `date`: the office held then; a former
        office holder is ELI; before any office, the country without a sector."""
        if not self.terms:
            return None, None, "person.unknown-terms"
        if date is None:
            last = max(self.terms, key=lambda t: t.start)
            return last.country, last.sector, f"person.latest:{last.role}"
        current = [t for t in self.terms if t.covers(date)]
        if current:
            best = min(current, key=_term_rank)
            return best.country, best.sector, f"person.term:{best.role}"
        past = [t for t in self.terms if t.end is not None and t.end <= date]
        if past:
            last = max(past, key=lambda t: t.end)
            return last.country, "ELI", f"person.former:{last.role}"
        return self.terms[0].country, None, "person.before-office"


LEADER_ROLES = ("president", "prime minister", "chancellor", "king", "supreme leader", "premier", "emir")


def is_leader_role(role: str) -> bool:
    low = role.lower()
    return any(r in low for r in LEADER_ROLES) and not low.startswith(("vice", "deputy", "acting"))


SECTOR_RANK = {"GOV": 0, "MIL": 1, "LEG": 2, "JUD": 3}


def _term_rank(term: Term) -> int:
    return SECTOR_RANK.get(term.sector, 9)


@dataclass
class ActorTable:
    phrases: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    persons: dict[tuple[str, ...], Person] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    person_by_name: dict[str, Person] = field(default_factory=dict)
    sector_heads: dict[str, str] = field(default_factory=dict)
    sector_modifiers: dict[str, str] = field(default_factory=dict)
    plural_heads: set[str] = field(default_factory=set)  # "forces" are troops; "force" is not an actor
    collective_heads: set[str] = field(default_factory=set)  # "group" takes its modifier's sector
    person_titles: set[str] = field(default_factory=set)  # "the minister" refers back to a person
    max_len: int = 1

    def leader_terms(self, name: str) -> list[Term]:
        """Terms as head of state or government of the person a text names: a listed name or alias
        ('George W. Bush', 'Lula'), else a surname after any given names ('Obama', 'Theresa May')."""
        words = name.replace(".", ". ").split()
        person = self.persons.get(tuple(norm_token(w) for w in words))
        if person is not None:
            names = {person.name}
        else:
            given = {w.lower().rstrip(".") for w in words[:-1]}
            names = {full for full in self.surnames.get(norm_token(words[-1]), ())
                     if given <= {w.lower().rstrip(".") for w in full.split()}}
        terms = [t for full in names for t in self.person_by_name[full].terms if is_leader_role(t.role)]
        return sorted(terms, key=lambda t: t.start)

    def add_phrase(self, tokens: Iterable[str], entry: Entry, *, override: bool = False) -> None:
        key = tuple(norm_token(t) for t in tokens if t.strip())
        if not key:
            return
        if override or key not in self.phrases:
            self.phrases[key] = entry
        if len(key[0]) > 4 and key[0].isupper():  # NATO also as Nato
            self.phrases.setdefault(tuple(k.lower() for k in key), entry)
        self.max_len = max(self.max_len, len(key))

    def add_person(self, name: str, aliases: list[str], term: Term, tokenize: Tokenize) -> None:
        person = self.person_by_name.get(name)
        person = Person(name, (person.terms if person else ()) + (term,))
        self.person_by_name[name] = person
        for variant in [name, *aliases]:
            key = tuple(norm_token(t) for t in tokenize(variant) if t.strip())
            self.persons[key] = person
            self.max_len = max(self.max_len, len(key))
            surname = _surname_key(key)
            if surname:
                self.surnames[surname].add(name)

    def lookup(self, key: tuple[str, ...]) -> Entry | Person | None:
        return self.persons.get(key) or self.phrases.get(key)


def _surname_key(key: tuple[str, ...]) -> str | None:
    """The family name a text may use alone: the last word ("Bashar al-Assad" -> "assad"), but the
    first when the name ends in a short hyphenated given-name tail ("Kim Jong-un" -> "kim");
    None for one-word names."""
    words = [(i, k) for i, k in enumerate(key) if k.isalpha()]
    if len(words) < 2:
        return None
    i, last = words[-1]
    if i > 0 and key[i - 1] == "-" and len(last) <= 2:
        return words[0][1]
    return last


def _alternatives(value: str) -> list[str]:
    return [p.strip() for p in value.split("|") if p.strip()]


COUNTRY_COLUMNS = ("iso3", "name", "aliases", "adjectives", "demonyms", "capital", "seats")
PHRASE_COLUMNS = ("phrase", "country", "sector", "note")
PHRASE_OPTIONAL = ("sector_since",)
SECTOR_COLUMNS = ("word", "sector", "role", "note")
CITY_COLUMNS = ("city", "country")
PERSON_COLUMNS = ("person", "aliases", "country", "sector", "role", "start", "end", "source")


def load_countries(table: ActorTable, path: Path, tokenize: Tokenize) -> None:
    for row in read_tsv(path, COUNTRY_COLUMNS):
        iso3 = row["iso3"]
        if len(iso3) != 3 or not iso3.isupper():
            raise row.error(f"iso3 {iso3!r} is not an ISO 3166-1 alpha-3 code")
        for kind, cells, sector in (("country", [row["name"], *row.alternatives("aliases")], None),
                                    ("adjective", row.alternatives("adjectives"), None),
                                    ("demonym", row.alternatives("demonyms"), None),
                                    ("capital", row.alternatives("capital"), "GOV"),
                                    ("seat", row.alternatives("seats"), "GOV")):
            for phrase in cells:
                table.add_phrase(tokenize(phrase), Entry(iso3, sector, row["name"] if kind == "country" else None,
                                                         kind, f"actors.{kind}:{iso3}"))


def parse_changes(row) -> tuple[tuple[dt.date, str], ...]:
    """The optional sector_since cell: 'GOV 1996-09-27; REB 2001-11-13', in date order."""
    changes = []
    for part in (p.strip() for p in row.cells.get("sector_since", "").split(";")):
        if not part:
            continue
        sector, _, day = part.partition(" ")
        try:
            since = parse_date(day.strip())
        except ValueError:
            since = None
        if since is None or not sector.isupper():
            raise row.error(f"sector_since {part!r} must read 'SECTOR YYYY-MM-DD'")
        changes.append((since, sector))
    if changes != sorted(changes):
        raise row.error("sector_since changes must be in date order")
    return tuple(changes)


def load_phrases(table: ActorTable, path: Path, tokenize: Tokenize, kind: str, *, override: bool = False) -> None:
    add_phrase_rows(table, read_tsv(path, PHRASE_COLUMNS), tokenize, kind, override=override)


def add_phrase_rows(table: ActorTable, rows: Iterable[Row], tokenize: Tokenize, kind: str, *,
                    override: bool = False) -> None:
    for row in rows:
        variants = row.alternatives("phrase")
        if not variants:
            raise row.error("empty phrase")
        country, sector = row["country"] or None, row["sector"] or None
        if country is not None and not (len(country) == 3 and country.isupper()):
            raise row.error(f"country {country!r} must be an ISO 3166-1 alpha-3 code, IGO, NGO or empty")
        if sector is not None and not (len(sector) == 3 and sector.isupper()):
            raise row.error(f"sector {sector!r} must be a three-letter agent code (GOV, MIL, REB, ...) or empty")
        entry = Entry(country, sector, variants[0], kind, f"actors.{kind}:{variants[0]}", parse_changes(row))
        for phrase in variants:
            table.add_phrase(tokenize(phrase), entry, override=override)


def load_cities(table: ActorTable, path: Path, tokenize: Tokenize) -> None:
    """The gazetteer: a city is a place in its country, never a seat of power (capitals and
    seats come from countries.tsv, loaded first, and keep their meaning)."""
    for row in read_tsv(path, CITY_COLUMNS):
        names = row.alternatives("city")
        entry = Entry(row["country"], None, names[0], "city", f"actors.city:{names[0]}")
        for name in names:
            table.add_phrase(tokenize(name), entry)


def load_sectors(table: ActorTable, path: Path) -> None:
    for row in read_tsv(path, SECTOR_COLUMNS):
        word, sector, role = row["word"].lower(), row["sector"], row["role"]
        if role not in ("head", "title", "plural", "modifier", "collective"):
            raise row.error(f"role {role!r} must be 'head', 'title' (a head that refers back to a person), "
                            "'plural' (a head only in the plural), 'modifier' or 'collective' (a group noun that "
                            "takes its modifier's sector)")
        if role == "collective":
            table.collective_heads.add(word)
            continue
        if role == "title":
            table.person_titles.add(word)
        if role == "plural":
            table.plural_heads.add(word)
        (table.sector_modifiers if role == "modifier" else table.sector_heads)[word] = sector


def load_office_holders(table: ActorTable, path: Path, tokenize: Tokenize) -> None:
    add_term_rows(table, read_tsv(path, PERSON_COLUMNS), tokenize)


def add_term_rows(table: ActorTable, rows: Iterable[Row], tokenize: Tokenize) -> None:
    for row in rows:
        try:
            start = parse_date(row["start"])
            end = parse_date(row["end"])
        except ValueError as exc:
            raise row.error(str(exc)) from None
        if start is None:
            raise row.error("a term needs a start date (YYYY-MM-DD)")
        if end is not None and end < start:
            raise row.error(f"term ends ({end}) before it starts ({start})")
        if not row["person"] or not (len(row["country"]) == 3 and row["country"].isupper()):
            raise row.error("a term needs a person and an ISO 3166-1 alpha-3 country")
        term = Term(row["country"], row["sector"], row["role"], start, end)
        table.add_person(row["person"], row.alternatives("aliases"), term, tokenize)


def build_table(tokenize: Tokenize, user_tables: Iterable[Path] = ()) -> ActorTable:
    """The shipped table, then user tables (which override what they repeat)."""
    table = ActorTable()
    load_countries(table, data_path("countries.tsv"), tokenize)
    load_phrases(table, data_path("institutions.tsv"), tokenize, "institution")
    load_phrases(table, data_path("organisations.tsv"), tokenize, "organisation")
    load_sectors(table, data_path("sectors.tsv"))
    load_office_holders(table, data_path("office_holders.tsv"), tokenize)
    load_cities(table, data_path("cities.tsv"), tokenize)
    for path in user_tables:
        load_user_table(table, Path(path), tokenize)
    return table


def load_user_table(table: ActorTable, path: Path, tokenize: Tokenize) -> None:
    """A user table of actors (phrase columns) or terms (office-holder columns), as TSV, CSV or a
    YAML list; its rows override the shipped ones. Errors name the file and line."""
    if not path.exists():
        raise DataError(str(path), None, "no such actor table")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        rows = list(read_yaml(path, {"phrase": PHRASE_COLUMNS + PHRASE_OPTIONAL, "person": PERSON_COLUMNS}))
        add_phrase_rows(table, (r for k, r in rows if k == "phrase"), tokenize, "user", override=True)
        add_term_rows(table, (r for k, r in rows if k == "person"), tokenize)
        return
    reader = read_csv if suffix == ".csv" else read_tsv
    sep = "," if suffix == ".csv" else "\t"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    header = [h.strip().strip('"') for h in first.split(sep)]
    if tuple(header[:4]) == PHRASE_COLUMNS:
        add_phrase_rows(table, reader(path, PHRASE_COLUMNS), tokenize, "user", override=True)
    elif tuple(header[:8]) == PERSON_COLUMNS:
        add_term_rows(table, reader(path, PERSON_COLUMNS), tokenize)
    else:
        kind = "comma" if suffix == ".csv" else "tab"
        expected = " or ".join(repr(sep.join(cols)) for cols in (PHRASE_COLUMNS, PERSON_COLUMNS))
        raise DataError(str(path), 1, f"header must be {expected} ({kind}-separated)")
