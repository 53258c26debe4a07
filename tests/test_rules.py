"""Extraction rules on hand-built parses: deterministic, independent of the model release."""

from __future__ import annotations

import datetime as dt

from conftest import parsed
from detente.actors import find_actors
from detente.events import find_events

ON = dt.date(2012, 6, 1)


def code(doc, table, lexicon, **kw):
    actors = find_actors(doc, table, ON)
    return find_events(doc, actors, lexicon, doc_id="t", published=ON, **kw)


def dyads(events):
    return [(e.source[0].code, e.target[0].code if e.target else None, e.plover.type, e.modality) for e in events]


def test_active_subject_verb_object(vocab, table, lexicon):
    doc = parsed(vocab, ["Moscow", "criticized", "Ottawa", "."], [1, 1, 1, 1],
                 ["nsubj", "ROOT", "dobj", "punct"], ["PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["Moscow", "criticize", "Ottawa", "."], tags=["NNP", "VBD", "NNP", "."])
    events = code(doc, table, lexicon)
    assert dyads(events) == [("RUSGOV", "CANGOV", "ACCUSE", "asserted")]
    e = events[0]
    assert doc.text[e.trigger.start:e.trigger.end] == "criticized"
    assert e.rule == "lexicon:t.criticize" and e.cameo.code == "111" and e.cameo.quad_class == 3


def test_passive_by_agent_is_the_source(vocab, table, lexicon):
    # "Ottawa was criticized by the Kremlin ."
    doc = parsed(vocab, ["Ottawa", "was", "criticized", "by", "the", "Kremlin", "."], [2, 2, 2, 2, 5, 3, 2],
                 ["nsubjpass", "auxpass", "ROOT", "agent", "det", "pobj", "punct"],
                 ["PROPN", "AUX", "VERB", "ADP", "DET", "PROPN", "PUNCT"],
                 lemmas=["Ottawa", "be", "criticize", "by", "the", "Kremlin", "."])
    assert dyads(code(doc, table, lexicon)) == [("RUSGOV", "CANGOV", "ACCUSE", "asserted")]


def test_negated_event_is_not_emitted_by_default(vocab, table, lexicon):
    # "Russia did not attack Ukraine ."
    words = ["Russia", "did", "not", "attack", "Ukraine", "."]
    doc = parsed(vocab, words, [3, 3, 3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
                 ["PROPN", "AUX", "PART", "VERB", "PROPN", "PUNCT"])
    assert code(doc, table, lexicon) == []
    marked = code(doc, table, lexicon, modalities=frozenset({"asserted", "negated"}))
    assert dyads(marked) == [("RUS", "UKR", "ASSAULT", "negated")]


def test_conditional_clause_yields_nothing(vocab, table, lexicon):
    # "If Russia attacks Ukraine , France will criticize Russia ."
    words = ["If", "Russia", "attacks", "Ukraine", ",", "France", "will", "criticize", "Russia", "."]
    heads = [2, 2, 7, 2, 7, 7, 7, 7, 7, 7]
    deps = ["mark", "nsubj", "advcl", "dobj", "punct", "nsubj", "aux", "ROOT", "dobj", "punct"]
    pos = ["SCONJ", "PROPN", "VERB", "PROPN", "PUNCT", "PROPN", "AUX", "VERB", "PROPN", "PUNCT"]
    doc = parsed(vocab, words, heads, deps, pos, lemmas=["if", "Russia", "attack", "Ukraine", ",", "France",
                                                          "will", "criticize", "Russia", "."])
    # the attack is hypothetical; the main clause is a stated intention
    assert dyads(code(doc, table, lexicon)) == [("FRA", "RUS", "ACCUSE", "intended")]


def test_coordinated_adjectives_give_one_event_per_country(vocab, table, lexicon):
    # "French and German officials criticized Moscow ."
    words = ["French", "and", "German", "officials", "criticized", "Moscow", "."]
    doc = parsed(vocab, words, [3, 0, 0, 4, 4, 4, 4], ["amod", "cc", "conj", "nsubj", "ROOT", "dobj", "punct"],
                 ["ADJ", "CCONJ", "ADJ", "NOUN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["French", "and", "German", "official", "criticize", "Moscow", "."])
    events = code(doc, table, lexicon)
    assert sorted(dyads(events)) == [("DEUGOV", "RUSGOV", "ACCUSE", "asserted"),
                                     ("FRAGOV", "RUSGOV", "ACCUSE", "asserted")]
    assert len({e.event_id for e in events}) == 2


def test_reciprocal_subjects_without_object(vocab, table, lexicon):
    # "Moscow and Ottawa agreed ."
    doc = parsed(vocab, ["Moscow", "and", "Ottawa", "agreed", "."], [3, 0, 0, 3, 3],
                 ["nsubj", "cc", "conj", "ROOT", "punct"], ["PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"],
                 lemmas=["Moscow", "and", "Ottawa", "agree", "."])
    events = code(doc, table, lexicon)
    assert sorted(dyads(events)) == [("CANGOV", "RUSGOV", "AGREE", "asserted"),
                                     ("RUSGOV", "CANGOV", "AGREE", "asserted")]
    assert all(e.reciprocal for e in events)


def test_light_verb_with_object_and_preposition(vocab, table, lexicon):
    # "Canada imposed sanctions on Russia ."
    words = ["Canada", "imposed", "sanctions", "on", "Russia", "."]
    doc = parsed(vocab, words, [1, 1, 1, 2, 3, 1], ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
                 ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["Canada", "impose", "sanction", "on", "Russia", "."])
    events = code(doc, table, lexicon)
    assert dyads(events) == [("CAN", "RUS", "COERCE", "asserted")]
    assert events[0].trigger.text == "imposed sanctions"


def test_person_resolves_by_term_and_pronoun_follows(vocab, table, lexicon):
    # "Anna Berg visited Moscow . She criticized the Kremlin ."
    words = ["Anna", "Berg", "visited", "Moscow", ".", "She", "criticized", "the", "Kremlin", "."]
    heads = [1, 2, 2, 2, 2, 6, 6, 8, 6, 6]
    deps = ["compound", "nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "det", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PUNCT", "PRON", "VERB", "DET", "PROPN", "PUNCT"]
    doc = parsed(vocab, words, heads, deps, pos, lemmas=["Anna", "Berg", "visit", "Moscow", ".", "she",
                                                          "criticize", "the", "Kremlin", "."])
    events = code(doc, table, lexicon)
    assert dyads(events) == [("CANGOV", "RUSGOV", "CONSULT", "asserted"), ("CANGOV", "RUSGOV", "ACCUSE", "asserted")]
    assert events[0].source[0].name == "Anna Berg" and events[1].source[0].rule == "coref.pronoun"
    after_term = find_actors(doc, table, dt.date(2020, 1, 1))
    assert after_term[1][0].code == "CANELI"  # a former foreign minister


def test_sector_noun_takes_country_from_adjective(vocab, table):
    # "former French officials"
    doc = parsed(vocab, ["former", "French", "officials"], [2, 2, 2], ["amod", "amod", "ROOT"],
                 ["ADJ", "ADJ", "NOUN"], lemmas=["former", "French", "official"])
    actors = find_actors(doc, table, ON)
    assert [a.code for a in actors[2]] == ["FRAELI"]
    assert actors[2][0].text == "former French officials"
