"""Event stage: predicates with their source and target actors, coded in CAMEO and PLOVER.

`find_events(doc, actors, lexicon, ...)` is the pure function over a parsed Doc and the actor
mentions of the actor stage. Every event says which lexicon pattern produced it (`rule`).
Dates are attached afterwards by the date stage; here each event carries the document date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .actors import is_anti_adjective, unresolved_actor
from .codes import codebook
from .lexicon import Lexicon, Pattern
from .records import Actor, Event, EventDate
from .records import Span as TextSpan

SUBJECT_DEPS = ("nsubj", "csubj")
# Last: "from" ("withdrew its troops from Iraq"); a country's actor is preferred to a sector alone anyway.
TARGET_PREPS = ("with", "to", "against", "on", "at", "toward", "towards", "into", "upon", "from")
SPEECH_LEMMAS = frozenset({"say", "tell", "announce", "claim", "indicate", "state", "report", "add", "insist",
                           "declare", "note", "argue", "suggest", "confirm", "believe", "think"})
INTENT_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "can", "must", "ought"})
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "hold", "make", "pay", "impose", "mount",
                         "issue", "lodge", "give", "offer", "provide", "deliver", "sign", "begin", "start"})
UNTARGETED_TYPES = frozenset({"PROTEST", "MOBILIZE"})
RECIPROCAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT"})
MEETING_NOUNS = frozenset({"conference", "talk", "negotiation", "summit", "meeting", "dialogue", "peace"})
# Objects that stand for another actor's course of action: opposing "the use of force" opposes its user.
ACTION_NOUNS = frozenset({"use", "policy", "plan", "strategy", "decision", "move", "proposal", "action", "campaign",
                          "intervention", "operation", "way", "path", "effort", "bid", "attempt", "initiative"})
DISCOURSE_TYPES = frozenset({"REJECT", "ACCUSE", "THREATEN"})
JOINT_CODES = {True: "036", False: "030"}  # joint call for talks: intent to negotiate; else intent to cooperate
MAX_EVENTS_PER_SENTENCE = 4
QUANTITY_NOUNS = frozenset({"series", "number", "lot", "couple", "set", "string", "wave", "spate", "barrage",
                            "round", "flurry", "volley", "host", "range", "handful", "dozen", "kind", "type"})
MODALITIES_DEFAULT = frozenset({"asserted", "intended"})
TIME_ENTS = frozenset({"DATE", "TIME"})
# "X ordered troops to attack Y": the event is the ordered act, and X, who ordered it, is its source.
DIRECTIVE_LEMMAS = frozenset({"order", "direct", "instruct", "command", "authorize", "authorise"})


@dataclass(frozen=True, slots=True)
class Frame:
    """A predicate matched to a pattern, with its argument heads and modality."""

    pattern: Pattern
    trigger: Token
    trigger_end: Token
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    modality: str
    attribution: Token | None


def find_events(doc: Doc, actors: dict[int, tuple[Actor, ...]], lexicon: Lexicon, *, doc_id: str,
                published: dt.date | None, modalities: frozenset[str] = MODALITIES_DEFAULT) -> list[Event]:
    """Events of every sentence of `doc`, in sentence order."""
    events: list[Event] = []
    fallback = EventDate(published.isoformat() if published else None, "day" if published else None, "document")
    for index, sent in enumerate(doc.sents):
        found = []
        for frame in frames(sent, lexicon):
            if frame.modality not in modalities:
                continue
            found.extend(_events_of(frame, sent, index, actors, doc_id, fallback))
        events.extend(_best(found))
    return events


def frames(sent: Span, lexicon: Lexicon) -> Iterator[Frame]:
    for token in sent:
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ != "aux" and token.lemma_ != "be"):
            frame = _verb_frame(token, lexicon)
        elif token.pos_ == "NOUN":
            frame = _noun_frame(token, lexicon)
        else:
            continue
        if frame is not None:
            yield frame


def _children(token: Token, deps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_object(token: Token, prep: str) -> Token | None:
    """The object of `prep` under `token`, or under its particle ("walked away from X")."""
    children = [*token.children, *(g for c in token.children if c.dep_ in ("prt", "advmod") for g in c.children)]
    for child in children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep:
            pobj = _pobj(child)
            if pobj is not None:
                return pobj
    return None


def _pobj(prep: Token) -> Token | None:
    """The object of a preposition, unless it is a date ("called X on Saturday" is no "call on")."""
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return pobj if pobj is not None and pobj.ent_type_ not in TIME_ENTS else None


def _xcomp_verb(verb: Token) -> Token | None:
    """The verb of an infinitive complement: 'refused to meet', 'ordered troops to attack'."""
    return next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject head, is_passive) for a verb, climbing through xcomp/conj/acl chains."""
    token = verb
    for _ in range(4):
        subj = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            return subj, False
        passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return passive, True
        if token.dep_ == "xcomp" and token.head is not token:
            controller = next((c for c in token.head.children if c.dep_ in ("dobj", "dative")), None)
            if controller is not None:  # "urged the EU to impose": the EU would impose
                return controller, False
        if token.dep_ in ("xcomp", "conj", "advcl", "acomp") and token.head is not token:
            token = token.head
            continue
        if token.dep_ in ("acl", "relcl") and token.head is not token:
            return token.head, token.dep_ == "acl" and token.tag_ == "VBN"
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            # "with Russia blocking the way": spaCy hangs the subject on the preposition's object
            return None, False
        break
    return None, False


def _matches(pattern: Pattern, verb: Token, dobj: Token | None) -> bool:
    if pattern.particle and not any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ == pattern.particle
                                    for c in verb.children):
        return False
    if pattern.object and (dobj is None or dobj.lemma_.lower() != pattern.object):
        return False
    if pattern.prep and not pattern.object:
        return _prep_object(verb, pattern.prep) is not None
    return True


def _modality(verb: Token) -> tuple[str, Token | None]:
    """asserted | intended | requested | negated | hypothetical, and the attributed speaker's head."""
    token = verb
    modality = "asserted"
    attribution = None
    for _ in range(6):
        children = list(token.children)
        if any(c.dep_ == "neg" for c in children):
            return "negated", attribution
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in children):
            return "hypothetical", attribution
        aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        if aux & HYPOTHETICAL_AUX:
            modality = "hypothetical" if modality == "asserted" else modality
        elif aux & INTENT_AUX or (token.lemma_ == "go" and any(c.dep_ == "xcomp" for c in children)):
            modality = "intended"
        if token.dep_ in ("xcomp", "ccomp", "conj") and token.head is not token:
            head = token.head
            if token.dep_ == "ccomp" and head.lemma_ in SPEECH_LEMMAS:
                attribution = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
                if modality == "hypothetical" and aux & {"would"}:
                    modality = "intended"  # reported "would": an announced intention
                break
            if token.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") for c in head.children):
                return "requested", attribution  # asked of someone else, not done
            if token.dep_ == "xcomp" and head.pos_ in ("VERB", "ADJ") and modality == "asserted":
                modality = "intended" if head.lemma_ not in ("fail", "refuse", "decline") else "negated"
            token = head
            continue
        if token.dep_ == "advcl" and token.head is not token:
            token = token.head
            continue
        break
    return modality, attribution


def _verb_frame(verb: Token, lexicon: Lexicon) -> Frame | None:
    if verb.lemma_.lower() in DIRECTIVE_LEMMAS:
        ordered = _ordered_act(verb, lexicon)
        if ordered is not None:
            return ordered
    patterns = lexicon.verbs.get(verb.lemma_.lower())
    if not patterns:
        return None
    dobj = _object_noun(next((c for c in verb.children if c.dep_ == "dobj"), None))
    pattern = next((p for p in patterns if _matches(p, verb, dobj)), None)
    if pattern is None:
        return None
    subject, passive = _subject(verb)
    agent = _prep_object(verb, "by")
    if passive:
        sources = (agent,) if agent is not None else ()
        targets: tuple[Token, ...] = (subject,) if subject is not None else ()
    else:
        sources = (subject,) if subject is not None else ()
        targets = _target_candidates(verb, pattern, dobj)
    end = max([verb] + [c for c in verb.children if c.dep_ in ("prt",)] +
              ([dobj] if pattern.object and dobj is not None else []), key=lambda t: t.i)
    modality, attribution = _modality(verb)
    return Frame(pattern, verb, end, sources, targets, modality, attribution)


def _ordered_act(verb: Token, lexicon: Lexicon) -> Frame | None:
    """The act a directive verb orders ("ordered troops to attack Y", "ordered the release of Y"),
    coded with the orderer as source."""
    act = _xcomp_verb(verb)
    frame = _verb_frame(act, lexicon) if act is not None else None
    if frame is None:
        noun = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        frame = _noun_frame(noun, lexicon) if noun is not None else None
    if frame is None:
        return None
    subject, passive = _subject(verb)
    if subject is None or passive:
        return None
    modality, attribution = _modality(verb)
    return Frame(frame.pattern, verb, frame.trigger_end, (subject,), frame.targets, modality, attribution)


def _object_noun(dobj: Token | None) -> Token | None:
    """'a series of comments' -> 'comments': the object behind a quantity noun."""
    if dobj is not None and dobj.lemma_.lower() in QUANTITY_NOUNS:
        return _prep_object(dobj, "of") or dobj
    return dobj


def _anti_target(noun: Token | None) -> Token | None:
    """'anti-American comments': the adjective after 'anti-' names the target."""
    if noun is None:
        return None
    return next((c for c in noun.children if c.dep_ == "amod" and is_anti_adjective(c)), None)


def _target_candidates(verb: Token, pattern: Pattern, dobj: Token | None) -> tuple[Token, ...]:
    """Heads that may hold the target, most likely first; the event stage takes the first that
    names an actor ("refused to send peacekeepers to Angola": Angola, not the peacekeepers)."""
    if pattern.object:  # a light verb's object is the act, not its target
        found = [_prep_object(dobj if dobj is not None else verb, pattern.prep), _prep_object(verb, pattern.prep)] \
            if pattern.prep else []
        return _unique([*found, _anti_target(dobj)])
    if pattern.prep:
        return _unique([_prep_object(verb, pattern.prep), dobj])
    embedded = _xcomp_verb(verb)
    inner = [next((c for c in embedded.children if c.dep_ == "dobj"), None), *_argument_heads(embedded)] \
        if embedded is not None else []
    return _unique([dobj, *_argument_heads(verb), *inner, _because_of(verb)])


def _argument_heads(verb: Token) -> list[Token | None]:
    dative = next((c for c in verb.children if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON")), None)
    # a target phrase follows its verb: "With White House agreement, Kerry walked away" is no target
    # every object of each preposition, the last winning: the parser may split one phrase into several
    # objects ("freed on bail two ex-ministers"), and the last is the head of the target
    by_prep = {c.lower_: g for c in verb.children if c.dep_ == "prep" and c.i > verb.i
               for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in TIME_ENTS}
    return [dative, *(by_prep.get(prep) for prep in TARGET_PREPS)]


def _because_of(verb: Token) -> Token | None:
    """'fuming because of X's failure': the one whose act caused it."""
    because = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "because"), None)
    if because is None:
        return None
    near = [because, *(c for c in because.children if c.lower_ == "of")]  # the parser hangs it on either
    return next((g for c in near for g in c.children if g.dep_ == "pobj"), None)


def _unique(tokens: list[Token | None]) -> tuple[Token, ...]:
    return tuple(dict.fromkeys(t for t in tokens if t is not None))


def _noun_frame(noun: Token, lexicon: Lexicon) -> Frame | None:
    patterns = lexicon.nouns.get(noun.lemma_.lower())
    if not patterns:
        return None
    pattern = next((p for p in patterns if p.prep is None or _prep_object(noun, p.prep) is not None), None)
    if pattern is None:
        return None
    source = next((c for c in noun.children if c.dep_ in ("poss", "amod", "compound")), None)
    pronoun = source is not None and source.pos_ == "PRON"  # "completed its withdrawal": its = the subject
    governed = noun.head.lemma_ in LIGHT_VERBS or noun.head.lemma_ in DIRECTIVE_LEMMAS
    if (source is None or pronoun) and noun.dep_ == "dobj" and (pronoun or governed):
        source = _subject(noun.head)[0]
    target = _prep_object(noun, pattern.prep) if pattern.prep else None
    modality, attribution = _modality(noun.head) if noun.dep_ in ("dobj", "nsubj") else ("asserted", None)
    return Frame(pattern, noun, noun, (source,) if source is not None else (),
                 (target,) if target is not None else (), modality, attribution)


def _actors_of(heads: tuple[Token, ...], actors: dict[int, tuple[Actor, ...]]) -> list[Actor]:
    found: list[Actor] = []
    for head in heads:
        for token in (head, *head.conjuncts):
            found.extend(actors.get(token.i, ()))
    return found


INNER_PREPS = ("from", "by", "of", "on", "against", "with", "to")  # "sanctions on X", "a request from X"


def _inner_actors(head: Token, actors: dict[int, tuple[Actor, ...]]) -> list[Actor]:
    """Actors inside a non-actor noun phrase: 'South Sudan's ceasefire', 'a request from Modi'."""
    for child in head.children:
        if child.dep_ == "poss" and child.i in actors:
            return list(actors[child.i])
    for prep in INNER_PREPS:
        pobj = _prep_object(head, prep)
        if pobj is not None and pobj.i in actors:
            return list(actors[pobj.i])
    for clause in (c for c in head.children if c.dep_ == "acl"):  # "a plan to deploy troops in Mali"
        for prep in ACL_PREPS:
            pobj = _prep_object(clause, prep)
            if pobj is not None and pobj.i in actors:
                return list(actors[pobj.i])
    return []


ACL_PREPS = ("in", "against", "on", "to", "into")


def _first_target(candidates: tuple[Token, ...], actors: dict[int, tuple[Actor, ...]]) -> list[Actor]:
    """The first candidate naming a country's actor, else the first naming any actor."""
    found = [a for head in candidates if (a := _actors_of((head,), actors) or _inner_actors(head, actors))]
    return next((a for a in found if any(x.country for x in a)), found[0] if found else [])


def _events_of(frame: Frame, sent: Span, index: int, actors: dict[int, tuple[Actor, ...]], doc_id: str,
               fallback: EventDate) -> list[Event]:
    code, rule, sources, targets = _sides(frame, sent, actors)
    book = codebook()
    cameo, plover = book.cameo(code), book.to_plover(code)
    doc = sent.doc
    t_start, t_end = frame.trigger.idx, frame.trigger_end.idx + len(frame.trigger_end.text)
    trigger = TextSpan(doc[frame.trigger.i:frame.trigger_end.i + 1].text, t_start, t_end)
    attribution = next(iter(actors.get(frame.attribution.i, ())), None) if frame.attribution is not None else None
    return [Event(doc_id=doc_id, sentence_index=index, sentence=sent.text, sentence_start=sent.start_char,
                  source=(source,), target=(target,) if target is not None else (), plover=plover, cameo=cameo,
                  trigger=trigger, date=fallback, modality=frame.modality, reciprocal=reciprocal,
                  attribution=attribution, confidence=_confidence(frame, source, target, rule), rule=rule)
            for source, target, reciprocal in _pairs(sources, targets, plover.type)]


def _sides(frame: Frame, sent: Span, actors: dict[int, tuple[Actor, ...]]) -> tuple[str, str, list, list]:
    """(CAMEO code, rule, source actors, target actors) of a frame, after the rules that supply a
    missing side: joint requests, discourse targets, unresolved noun phrases."""
    code, rule = frame.pattern.cameo, f"lexicon:{frame.pattern.id}"
    plover_type = codebook().to_plover(code).type
    sources = _actors_of(frame.sources, actors)
    targets = _first_target(frame.targets, actors)
    if not targets and len(sources) > 1 and plover_type == "REQUEST":
        # "A and B pushed for talks": asking together is their agreement with each other
        code = JOINT_CODES[any(t.lemma_.lower() in MEETING_NOUNS for h in frame.targets for t in h.subtree)]
        return code, rule + "+joint", sources, []
    if not targets and frame.targets and plover_type in DISCOURSE_TYPES and \
            frame.targets[0].lemma_.lower() in ACTION_NOUNS:
        targets = _discourse_actor(sent, actors, {a.country for a in sources})
        rule += "+discourse-target" if targets else ""
    if not sources and len(targets) > 1 and len({(t.start, t.end) for t in targets}) == 1:
        # "a reset in U.S.-Russian relations": one phrase names both sides of a mutual act
        return code, rule + "+dyad", targets, targets
    reciprocal = len(sources) > 1 and plover_type in RECIPROCAL_TYPES
    if sources and not targets and not reciprocal and frame.targets and plover_type not in UNTARGETED_TYPES:
        targets = [a for a in (unresolved_actor(frame.targets[0]),) if a is not None]
    elif targets and not sources and frame.sources and any(t.country or t.sector for t in targets):
        sources = [a for a in (unresolved_actor(frame.sources[0]),) if a is not None]
    return code, rule, sources, targets


def _pairs(sources: list[Actor], targets: list[Actor], plover_type: str) -> list[tuple[Actor, Actor | None, bool]]:
    """(source, target, reciprocal) dyads: every source with every target, or both directions
    between coordinated subjects of a cooperative act, or a source alone for protests."""
    if sources and sources is targets:  # a dyadic phrase: both directions, reciprocal
        return [(s, t, True) for s in sources for t in targets if s is not t]
    if sources and targets:
        return [(s, t, False) for s in sources for t in targets if (s.start, s.end) != (t.start, t.end)]
    if len(sources) > 1 and plover_type in RECIPROCAL_TYPES:
        return [(s, t, True) for s in sources for t in sources if s is not t]
    if sources and plover_type in UNTARGETED_TYPES:
        return [(s, None, False) for s in sources]
    return []


def _confidence(frame: Frame, source: Actor, target: Actor | None, rule: str) -> float:
    """Higher for known countries and specific patterns; lower for what the text does not assert."""
    known = (source.country is not None) + (target is not None and target.country is not None)
    score = (0.45 + 0.15 * known + 0.05 * frame.pattern.specificity
             - (0.1 if frame.modality != "asserted" else 0.0)
             - (0.2 if "discourse" in rule else 0.0)
             - (0.15 if target is not None and target.rule == "actors.unresolved" else 0.0)
             - (0.15 if source.rule == "actors.unresolved" else 0.0))
    return round(min(score, 0.95), 3)


def _discourse_actor(sent: Span, actors: dict[int, tuple[Actor, ...]], exclude: set) -> list[Actor]:
    """The subject of the previous sentence in the same paragraph, if it is another country's actor:
    whose course of action an objection without a named target is aimed at."""
    doc = sent.doc
    before, first = doc[sent.start - 1] if sent.start else None, doc[sent.start]
    if before is None or "\n" in before.whitespace_ or before.is_space or first.is_space:
        return []
    previous = doc[sent.start - 1].sent
    for token in previous:
        if token.dep_ in ("nsubj", "nsubjpass"):
            found = [a for a in actors.get(token.i, ()) if a.country and a.country not in exclude]
            if found:
                return found
    return []


def _best(events: list[Event]) -> list[Event]:
    """One event per (source, target, type) in a sentence, the most confident, capped."""
    best: dict[tuple, Event] = {}
    for event in events:
        target = event.target[0] if event.target else None
        key = (event.source[0].start, event.source[0].code, target and target.start, target and target.code,
               event.plover.type)
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    ranked = sorted(best.values(), key=lambda e: -e.confidence)[:MAX_EVENTS_PER_SENTENCE]
    return sorted(ranked, key=lambda e: (e.trigger.start, e.source[0].start))
