"""Actor stage: find the actor behind each noun phrase of a parsed document, as of a date.

`find_actors(doc, table, on)` is the pure function; `ActorFinder` is its spaCy adapter.
Mentions are keyed by the index of the noun phrase's head token, which is what the event
stage asks for. Resolution uses the document in order, so a surname or a pronoun resolves
through the full mentions before it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from .actor_table import ActorTable, Entry, Person, is_leader_role, norm_token
from .records import Actor

NP_LEFT_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "npadvmod", "quantmod", "prep"})
HEAD_POS = frozenset({"PROPN", "NOUN", "PRON"})
HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj", "attr", "poss", "ROOT",
                       "npadvmod", "oprd", "compound", "csubj"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_POSSESSIVES = frozenset({"its", "their"})
NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
NER_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
GENERIC_SECTORS = frozenset({"GOV", "CVL"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})  # a gazetteer city must look like a place
OF_PREPS = frozenset({"of", "at", "in", "from", "for"})  # "the speaker of the Storting", "dockers in Norway"
TOPIC_SECTORS = frozenset({"OPP", "REB"})  # "the opposition" belongs to the country the story is about


@dataclass
class Context:
    """What the document has said so far: the persons named in full and the last ones in view."""

    on: dt.date | None
    seen: set[str] = field(default_factory=set)
    last_person: Actor | None = None
    last_subject_person: Actor | None = None
    last_group: tuple[int, Actor] | None = None  # (sentence start, actor) of the last state or organisation
    persons: list[Actor] = field(default_factory=list)  # persons named so far, latest last
    sentence_start: int = 0
    countries: Counter = field(default_factory=Counter)


def find_actors(doc: Doc, table: ActorTable, on: dt.date | None,
                context: Context | None = None) -> dict[int, tuple[Actor, ...]]:
    """Actors for every noun-phrase head in `doc`, keyed by head token index."""
    ctx = context or Context(on)
    found: dict[int, tuple[Actor, ...]] = {}
    for sent in doc.sents:
        ctx.sentence_start = sent.start
        _find_in_sentence(sent, table, ctx, found)
    return found


def _find_in_sentence(sent, table: ActorTable, ctx: Context, found: dict[int, tuple[Actor, ...]]) -> None:
    covered = -1  # end of the last actor's span: 'Technology' in 'Institute of Technology' is no actor
    for token in sent:
        pos = token.pos_
        if pos not in HEAD_POS and pos != "ADJ" or token.idx < covered:
            continue
        if is_anti_adjective(token):
            entry = table.phrases.get((norm_token(token.text),))
            if entry is not None and entry.country:
                found[token.i] = (Actor(token.text, token.idx, token.idx + len(token), entry.country, None, None,
                                        "actors.anti-adjective"),)
            continue
        if pos not in HEAD_POS or (token.dep_ not in HEAD_DEPS and token.head.i != token.i):
            continue
        if token.dep_ == "compound" and token.head.pos_ in HEAD_POS:
            continue  # part of a larger noun phrase, resolved with its head
        actors = resolve_phrase(token, table, ctx)
        if actors:
            found[token.i] = actors
            if actors[0].end > token.idx + len(token):
                covered = actors[0].end
            _remember(ctx, token, actors)


def as_of(actor: Actor, table: ActorTable, day: dt.date) -> Actor:
    """A person's actor re-resolved on another day: the office held then."""
    person = table.person_by_name.get(actor.name or "")
    if person is None:
        return actor
    country, sector, why = person.on(day)
    if (country, sector) == (actor.country, actor.sector):
        return actor
    return replace(actor, country=country, sector=sector, rule=f"{why}@{day.isoformat()}")


def is_anti_adjective(token: Token) -> bool:
    """'American' in 'anti-American': the country an attitude or act is directed against."""
    if token.i < 2 or not token.text[:1].isupper():  # cheap tests first: this runs on every token
        return False
    doc = token.doc
    return doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "anti"


def _remember(ctx: Context, head: Token, actors: tuple[Actor, ...]) -> None:
    for actor in actors:
        if actor.country:
            ctx.countries[actor.country] += 1
            if not actor.rule.startswith(("person", "coref")):
                ctx.last_group = (ctx.sentence_start, actor)
        if actor.rule.startswith("person"):
            if actor.name:
                ctx.seen.add(actor.name)
                ctx.persons.append(actor)
            ctx.last_person = actor
            if head.dep_ in ("nsubj", "nsubjpass"):
                ctx.last_subject_person = actor


def np_tokens(head: Token) -> list[Token]:
    """The head with its left modifiers (titles, adjectives, possessives), in text order."""
    tokens = [t for child in head.lefts if child.dep_ in NP_LEFT_DEPS for t in child.subtree]
    tokens.append(head)
    tokens.sort(key=lambda t: t.i)
    dashes = [k for k, t in enumerate(tokens) if t is not head and _is_separator_dash(t)]
    if dashes:  # a dateline ("MANILA - Armed men ...") is not part of the actor
        tokens = tokens[dashes[-1] + 1:]
    while tokens and tokens[0].dep_ in ("det", "punct", "case") and tokens[0] is not head:
        tokens.pop(0)
    return tokens


def _is_separator_dash(token: Token) -> bool:
    """A dash standing apart ('MANILA - ', 'MANILA — '), unlike the hyphen in 'Putin-controlled'."""
    doc = token.doc
    spaced_before = token.i > 0 and bool(doc[token.i - 1].whitespace_)
    return token.text in ("-", "--", "—", "–") and (spaced_before or token.text != "-") and bool(token.whitespace_)


@dataclass(frozen=True, slots=True)
class Match:
    first: int  # index into the token list
    last: int
    value: Entry | Person


def find_matches(tokens: list[Token], table: ActorTable) -> list[Match]:
    """Longest-first, non-overlapping table matches over contiguous tokens. A match must start
    with a capital ("Turkey", not "turkey"; "Chad", not "chad"), and a gazetteer city must be
    tagged as a place by the parser ("Reading" the town, not the verb; "Jackson" the person)."""
    keys = [norm_token(t.text) for t in tokens]
    matches: list[Match] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].text[:1].isupper():
            i += 1
            continue
        for n in range(min(table.max_len, len(tokens) - i), 0, -1):
            window = tokens[i:i + n]
            if window[-1].i - window[0].i != n - 1:
                continue
            value = table.lookup(tuple(keys[i:i + n]))
            if value is not None and not (isinstance(value, Entry) and value.kind == "city"
                                          and window[0].ent_type_ not in PLACE_ENTS):
                matches.append(Match(i, i + n - 1, value))
                i += n
                break
        else:
            i += 1
    return matches


def _person_actor(person: Person, text: str, start: int, end: int, ctx: Context,
                  modifier_sector: str | None) -> Actor:
    country, sector, why = person.on(ctx.on)
    if modifier_sector == "ELI":
        sector, why = "ELI", why + "+former"
    return Actor(text, start, end, country, sector, person.name, why)


def unresolved_actor(head: Token) -> Actor | None:
    """A noun phrase that takes part in an event but names no known actor ('the captain of a ship')."""
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in NON_ACTOR_ENTS:
        return None
    tokens = np_tokens(head)
    tokens += [t for child in head.rights if child.dep_ == "prep" and child.lower_ == "of" for t in child.subtree]
    text, start, end = _span(sorted(tokens, key=lambda t: t.i))
    return Actor(text, start, end, None, None, None, "actors.unresolved")


def _span(tokens: list[Token]) -> tuple[str, int, int]:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    # a span's own text: Doc.text would join every token of the document on each call
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text, start, end


def _surname(head: Token, table: ActorTable, ctx: Context) -> Person | None:
    names = table.surnames.get(norm_token(head.text))
    if not names:
        return None
    seen = [n for n in names if n in ctx.seen]
    candidates = seen or [n for n in names if ctx.on is None
                          or any(t.covers(ctx.on) for t in table.person_by_name[n].terms)] or list(names)
    if len(candidates) == 1:
        return table.person_by_name[candidates[0]]
    countries = {table.person_by_name[n].on(ctx.on)[0] for n in candidates}
    return table.person_by_name[sorted(candidates)[0]] if len(countries) == 1 else None


def resolve_phrase(head: Token, table: ActorTable, ctx: Context) -> tuple[Actor, ...]:
    """The actor(s) a noun phrase headed by `head` stands for; () when it is not an actor."""
    if head.pos_ == "PRON":
        return _pronoun_actor(head, ctx)
    if head.ent_type_ in NON_ACTOR_ENTS:
        return ()
    tokens = np_tokens(head)
    head_pos = tokens.index(head)
    name_tail = _of_name_tail(head)
    matches = find_matches(tokens + name_tail, table)
    head_match = next((m for m in matches if m.first <= head_pos <= m.last), None)
    if head_match is not None and head_match.last >= len(tokens):
        tokens = tokens + name_tail  # "Institute of Technology", "Ministry of Defence": one name
    matches = [m for m in matches if m.last < len(tokens)]
    modifier_sector = next((table.sector_modifiers[t.lower_] for t in tokens
                            if t is not head and t.lower_ in table.sector_modifiers), None)
    head_sector = _head_sector(tokens, head_pos, table)
    if head_sector is None and head.lemma_.lower() in table.collective_heads:
        head_sector = modifier_sector  # "paramilitary group" is PRM, "criminal network" CRM
    if not matches and head_sector is None and head.pos_ != "PROPN" and head.ent_type_ not in NER_ACTOR_TYPES \
            and not any(t.pos_ == "PROPN" or "-" in t.text for t in tokens) \
            and not any(c.dep_ == "appos" for c in head.rights):
        return ()  # most noun phrases: nothing here can name an actor
    text, start, end = _span(tokens)
    modifiers = [m for m in matches if m is not head_match]

    appos_person = next((a for child in head.rights if child.dep_ == "appos"
                         for a in resolve_phrase(child, table, ctx) if a.rule.startswith("person")), None)
    if appos_person is not None and (head_match is None or not isinstance(head_match.value, Person)):
        return (Actor(text, start, end, appos_person.country, appos_person.sector, appos_person.name,
                      appos_person.rule + "+appos"),)

    if head_match is not None:
        if isinstance(head_match.value, Person):
            return (_person_actor(head_match.value, text, start, end, ctx, modifier_sector),)
        return (_entry_actor(head_match.value, head, (text, start, end), modifiers, modifier_sector, table, ctx),)

    if (head.pos_ == "PROPN" or head.is_title) and len(tokens) - head_pos == 1:
        person = _surname(head, table, ctx)
        if person is not None:
            return (_person_actor(person, text, start, end, ctx, modifier_sector),)

    countries = [m.value.country for m in modifiers if isinstance(m.value, Entry) and m.value.country]
    countries += [c for t in tokens if t is not head for c in hyphen_countries(t, table)]
    # within a longer unknown name ("Anna Berg Olsen") a known name is not that person
    in_name = head.pos_ == "PROPN"
    person_mods = [m.value for m in modifiers if isinstance(m.value, Person) and not in_name]
    matched = {i for m in matches for i in range(m.first, m.last + 1)}
    # ... nor is a surname fused with a noun ("a Nimitz-class carrier"; "Putin-controlled" is his)
    person_mods += [p for i, t in enumerate(tokens) if t is not head and i not in matched and t.pos_ == "PROPN"
                    and not in_name and not _fused_with_noun(t) and (p := _surname(t, table, ctx)) is not None]
    if person_mods and not countries:
        countries = [c for p in person_mods if (c := p.on(ctx.on)[0])]
    countries = list(dict.fromkeys(countries))
    mod_sector = next((m.value.sector for m in modifiers if isinstance(m.value, Entry) and m.value.sector), None)
    # "Deputy Minister Jon Holm": a title word qualifying the next one is not the title
    title_sector = next((table.sector_heads[t.lower_] for t, after in zip(tokens, tokens[1:], strict=False)
                         if t.lower_ in table.sector_heads and after.lower_ not in table.sector_heads), None)

    if head_sector is not None and not person_mods:
        earlier = _title_referent(head, tokens, head_pos, countries, table, ctx)
        if earlier is not None:
            return (Actor(text, start, end, earlier.country, earlier.sector, earlier.name, "coref.nominal"),)
    if head_sector is not None:
        # "military officials" is MIL, "opposition leader" OPP: a modifier refines a generic head
        refines = modifier_sector is not None and (modifier_sector == "ELI" or head_sector in GENERIC_SECTORS)
        sector = modifier_sector if refines else head_sector
        if not countries:
            countries, sector = _of_phrase(head, sector, table, ctx)
        bare = len(tokens) == 1  # "the rebels", not "Kurdish rebels"
        if not countries and bare and sector in TOPIC_SECTORS and ctx.countries:
            countries = [ctx.countries.most_common(1)[0][0]]
        rule = "actors.sector-noun" + ("+country" if countries else "")
        return tuple(Actor(text, start, end, c, sector, None, rule) for c in (countries or [None]))

    if head.pos_ == "PROPN" or head.ent_type_ in NER_ACTOR_TYPES:
        sector = modifier_sector or title_sector or mod_sector
        return tuple(Actor(text, start, end, c, sector, None, "actors.named-unknown")
                     for c in (countries or [None]))

    if countries:
        sector = modifier_sector or mod_sector
        return tuple(Actor(text, start, end, c, sector, None, "actors.modifier") for c in countries)
    return ()


def _title_referent(head: Token, tokens: list[Token], head_pos: int, countries: list[str], table: ActorTable,
                    ctx: Context) -> Actor | None:
    """'the minister', 'the Russian leader': the latest person named before whose office the title
    fits (and whose country a country word names). Only a definite singular title refers back;
    'a minister' or 'ministers' are new people."""
    if not ctx.persons or head.tag_ not in ("NN", "NNP"):
        return None
    det = next((c for c in head.lefts if c.dep_ == "det"), None)
    if det is None or det.lower_ != "the":
        return None
    title = _noun_lemma(head)
    if head_pos > 0 and f"{tokens[head_pos - 1].lower_} {title}" in table.person_titles:
        title = f"{tokens[head_pos - 1].lower_} {title}"  # "the foreign minister"
    if title not in table.person_titles:
        return None
    for person in reversed(ctx.persons[-8:]):
        role = person.rule.partition(":")[2].lower()
        if countries and person.country not in countries:
            continue
        if title in role or title == "leader" and is_leader_role(role) or title in ("diplomat", "envoy") \
                and person.sector == "GOV":
            return person
    return None


def _fused_with_noun(token: Token) -> bool:
    doc = token.doc
    return (not token.whitespace_ and token.i + 2 < len(doc) and doc[token.i + 1].text == "-"
            and not doc[token.i + 1].whitespace_ and doc[token.i + 2].pos_ == "NOUN")


def _of_name_tail(head: Token) -> list[Token]:
    """'of Peace' after 'the Institute': the rest of a name the parser split at
    'of', when every word of it is capitalised (so 'Ministry of Defence', not 'leader of Russia's
    opposition')."""
    if not head.text[:1].isupper():
        return []
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            tail = list(child.subtree)
            words = [t for t in tail[1:] if t.dep_ not in ("det", "punct", "cc")]
            if words and all(t.text[:1].isupper() for t in words) and tail[-1].i - tail[0].i == len(tail) - 1 \
                    and tail[0].i == head.i + 1:
                return tail
            return []
    return []


def _of_phrase(head: Token, sector: str, table: ActorTable, ctx: Context) -> tuple[list[str], str]:
    """Country (and sector) from what a sector noun belongs to: 'the speaker of the Storting'
    is the Norwegian legislature, 'dockers in Norway' Norwegian labour. Only membership ('of', 'for')
    passes a sector on: 'protesters in Moscow' are not the Russian government."""
    for prep in head.rights:
        if prep.dep_ != "prep" or prep.lower_ not in OF_PREPS:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            owner = next((a for a in resolve_phrase(pobj, table, ctx) if a.country), None)
            if owner is None:
                continue
            if prep.lower_ in ("of", "for") and owner.sector and owner.sector != "CVL" \
                    and sector in GENERIC_SECTORS:
                sector = owner.sector
            return [owner.country], sector
    return [], sector


def hyphen_countries(token: Token, table: ActorTable) -> list[str]:
    """'U.S.-Russian', 'Sino-Indian': a single token naming two or more countries."""
    if "-" not in token.text[1:-1]:
        return []
    parts = [table.phrases.get((norm_token(p),)) for p in token.text.split("-")]
    countries = [p.country for p in parts if p is not None and p.country]
    return countries if len(countries) >= 2 and len(countries) == len(parts) else []


def _pronoun_actor(head: Token, ctx: Context) -> tuple[Actor, ...]:
    """he/she: the last person (subjects first), or an unidentified actor (PLOVER UNK) when the
    document has named none; its/their: the last state or organisation of the same sentence.
    Other pronouns are left alone."""
    low = head.lower_
    ref = None
    if low in PERSON_PRONOUNS:
        ref, rule = ctx.last_subject_person or ctx.last_person, "coref.pronoun"
        if ref is None:
            return (Actor(head.text, head.idx, head.idx + len(head), None, "UNK", None, "coref.unresolved"),)
    elif low in GROUP_POSSESSIVES and head.dep_ == "poss" and ctx.last_group is not None \
            and ctx.last_group[0] == ctx.sentence_start:  # "Russia ... its allies", same sentence only
        ref, rule = ctx.last_group[1], "coref.possessive"
    if ref is None:
        return ()
    return (Actor(head.text, head.idx, head.idx + len(head), ref.country, ref.sector, ref.name, rule),)


def _entry_actor(value: Entry, head: Token, span: tuple[str, int, int], modifiers: list[Match],
                 modifier_sector: str | None, table: ActorTable, ctx: Context) -> Actor:
    """A noun phrase whose head is in the table: a country, seat, institution or organisation."""
    sector = modifier_sector if modifier_sector == "ELI" else value.sector_on(ctx.on)
    if sector is None and value.kind == "city":
        sector = "CVL"  # a city that acts or is acted on is its people, not its country's government
    if sector is None and value.kind == "country" and _led_by_government(head, table, ctx):
        sector = "GOV"  # "Russia, then led by President Yeltsin, ...": the state as governed
    # "the French National Guard", "Peru's Interior Ministry": a named country overrides the
    # country an institution's name has by default
    country = (_first_country(modifiers) if value.kind == "institution" else None) or value.country \
        or _first_country(modifiers)
    return Actor(*span, country, sector, value.name, value.rule)


LEAD_LEMMAS = frozenset({"lead", "rule", "govern", "head"})


def _led_by_government(head: Token, table: ActorTable, ctx: Context) -> bool:
    for clause in head.children:
        if clause.dep_ == "acl" and clause.lemma_ in LEAD_LEMMAS:
            agent = next((g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
                         None)
            # ELI too: the clause may describe the past ("then led by"), and the leader held office then
            if agent is not None and any(a.sector in ("GOV", "ELI") for a in resolve_phrase(agent, table, ctx)):
                return True
    return False


def _head_sector(tokens: list[Token], head_pos: int, table: ActorTable) -> str | None:
    """Sector of the head noun, three- and two-word heads first ('self-defense forces', 'state
    media')."""
    head = tokens[head_pos]
    lemma = _noun_lemma(head)
    before = [t.lower_ for t in tokens[:head_pos] if t.text != "-"][-2:]
    if len(before) == 2:
        three = f"{before[0]} {before[1]} {lemma}"
        if three in table.sector_heads:
            return table.sector_heads[three]
    if before:
        two = f"{before[-1]} {lemma}"
        if two in table.sector_heads:
            return table.sector_heads[two]
    if lemma in table.plural_heads and head.tag_ not in ("NNS", "NNPS"):
        return None
    return table.sector_heads.get(lemma) or table.sector_heads.get(head.lower_)


def _noun_lemma(head: Token) -> str:
    """The lemma, also for plurals the tagger took for names ('Forces' in 'Self Defense Forces',
    a lower-case 'insurgents' tagged PROPN), whose lemma spaCy leaves as written."""
    lemma = head.lemma_.lower()
    if head.pos_ == "PROPN" and lemma == head.lower_ and lemma.endswith("s") and not lemma.endswith("ss") \
            and (head.tag_ == "NNPS" or head.text.islower()):
        return lemma[:-1]
    return lemma


def _first_country(matches: list[Match]) -> str | None:
    for m in matches:
        country = m.value.country if isinstance(m.value, Entry) else None
        if country:
            return country
    return None
