"""Extraction rules on hand-built parses: deterministic, independent of the model release."""

from __future__ import annotations

import datetime as dt

from conftest import parsed
from detente.actor_table import Entry, Term
from detente.actors import find_actors
from detente.events import find_events
from detente.lexicon import Lexicon, Pattern

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


def object_control(vocab, words, lemmas, object_pos):
    """'A verbed B to act on C .': the asked or ordered party B is the object of the first verb."""
    return parsed(vocab, words, [1, 1, 1, 4, 1, 4, 1], ["nsubj", "ROOT", "dobj", "aux", "xcomp", "dobj", "punct"],
                  ["PROPN", "VERB", object_pos, "PART", "VERB", "PROPN", "PUNCT"], lemmas=lemmas)


def test_object_control_makes_the_asked_party_the_source_and_marks_it_requested(vocab, table, lexicon):
    # "Ottawa urged France to criticize Moscow ."
    lexicon.add(Pattern("t.urge", "verb", "urge", None, None, None, "100"))
    doc = object_control(vocab, ["Ottawa", "urged", "France", "to", "criticize", "Moscow", "."],
                         ["Ottawa", "urge", "France", "to", "criticize", "Moscow", "."], object_pos="PROPN")
    assert dyads(code(doc, table, lexicon)) == [("CANGOV", "FRA", "REQUEST", "asserted")]
    everything = frozenset({"asserted", "intended", "requested", "negated", "hypothetical"})
    assert ("FRA", "RUSGOV", "ACCUSE", "requested") in dyads(code(doc, table, lexicon, modalities=everything))


def test_joint_request_for_talks_is_an_agreement_between_the_two(vocab, table, lexicon):
    # "Moscow and Ottawa pushed for talks ."
    lexicon.add(Pattern("t.push.for", "verb", "push", None, None, "for", "100"))
    words = ["Moscow", "and", "Ottawa", "pushed", "for", "talks", "."]
    doc = parsed(vocab, words, [3, 0, 0, 3, 3, 4, 3], ["nsubj", "cc", "conj", "ROOT", "prep", "pobj", "punct"],
                 ["PROPN", "CCONJ", "PROPN", "VERB", "ADP", "NOUN", "PUNCT"],
                 lemmas=["Moscow", "and", "Ottawa", "push", "for", "talk", "."])
    events = code(doc, table, lexicon)
    assert sorted(dyads(events)) == [("CANGOV", "RUSGOV", "AGREE", "asserted"),
                                     ("RUSGOV", "CANGOV", "AGREE", "asserted")]
    assert {e.cameo.code for e in events} == {"036"} and all(e.rule.endswith("+joint") for e in events)


def test_anger_because_of_anothers_act_targets_its_author(vocab, table, lexicon):
    # "French officials fumed because of Ottawa 's decision ."
    lexicon.add(Pattern("t.fume", "verb", "fume", None, None, None, "111"))
    words = ["French", "officials", "fumed", "because", "of", "Ottawa", "'s", "decision", "."]
    doc = parsed(vocab, words, [1, 2, 2, 2, 3, 7, 5, 3, 2],
                 ["amod", "nsubj", "ROOT", "prep", "pcomp", "poss", "case", "pobj", "punct"],
                 ["ADJ", "NOUN", "VERB", "SCONJ", "ADP", "PROPN", "PART", "NOUN", "PUNCT"],
                 lemmas=["French", "official", "fume", "because", "of", "Ottawa", "'s", "decision", "."])
    assert dyads(code(doc, table, lexicon)) == [("FRAGOV", "CANGOV", "ACCUSE", "asserted")]


def test_a_country_led_by_its_leader_is_its_government(vocab, table):
    # "Canada , led by Anna Berg , ..."
    words = ["Canada", ",", "led", "by", "Anna", "Berg", ","]
    doc = parsed(vocab, words, [0, 0, 0, 2, 5, 3, 0], ["ROOT", "punct", "acl", "agent", "compound", "pobj", "punct"],
                 ["PROPN", "PUNCT", "VERB", "ADP", "PROPN", "PROPN", "PUNCT"],
                 lemmas=["Canada", ",", "lead", "by", "Anna", "Berg", ","])
    assert find_actors(doc, table, ON)[0][0].code == "CANGOV"


def test_persons_are_resolved_as_of_the_event_date(vocab, table, lexicon):
    from detente.dates import date_events

    # "In 2011 , Anna Berg visited Moscow ." published in 2020, when she is out of office
    words = ["In", "2011", ",", "Anna", "Berg", "visited", "Moscow", "."]
    doc = parsed(vocab, words, [5, 0, 5, 4, 5, 5, 5, 5], ["prep", "pobj", "punct", "compound", "nsubj", "ROOT", "dobj",
                                                           "punct"],
                 ["ADP", "NUM", "PUNCT", "PROPN", "PROPN", "VERB", "PROPN", "PUNCT"],
                 lemmas=["in", "2011", ",", "Anna", "Berg", "visit", "Moscow", "."], tags=["IN", "CD", ",", "NNP",
                                                                                            "NNP", "VBD", "NNP", "."])
    published = dt.date(2020, 1, 1)
    events = find_events(doc, find_actors(doc, table, published), lexicon, doc_id="t", published=published)
    assert events[0].source[0].code == "CANELI"
    [dated] = date_events(doc, events, published, table)
    assert dated.date.value == "2011" and dated.date.historical and dated.source[0].code == "CANGOV"


def test_surname_keys():
    from detente.actor_table import _surname_key

    assert _surname_key(("john", "kerry")) == "kerry"
    assert _surname_key(("bashar", "al", "-", "assad")) == "assad"
    assert _surname_key(("kim", "jong", "-", "un")) == "kim"
    assert _surname_key(("madonna",)) is None


def test_a_named_country_overrides_an_institutions_default_country(vocab, table):
    # "the French National Guard"
    doc = parsed(vocab, ["the", "French", "National", "Guard"], [3, 3, 3, 3], ["det", "amod", "compound", "ROOT"],
                 ["DET", "ADJ", "PROPN", "PROPN"])
    assert find_actors(doc, table, ON)[3][0].code == "FRAMIL"


def test_a_known_name_inside_a_longer_unknown_name_lends_no_country(vocab, table):
    # "Anna Berg Olsen": not the Anna Berg of the table
    doc = parsed(vocab, ["Anna", "Berg", "Olsen"], [2, 2, 2], ["compound", "compound", "ROOT"],
                 ["PROPN", "PROPN", "PROPN"])
    [actor] = find_actors(doc, table, ON)[2]
    assert actor.country is None and actor.rule == "actors.named-unknown"


def test_target_inside_a_non_actor_object(vocab, table, lexicon):
    # "Russia criticized Ukraine 's decision ."
    words = ["Russia", "criticized", "Ukraine", "'s", "decision", "."]
    doc = parsed(vocab, words, [1, 1, 4, 2, 1, 1], ["nsubj", "ROOT", "poss", "case", "dobj", "punct"],
                 ["PROPN", "VERB", "PROPN", "PART", "NOUN", "PUNCT"],
                 lemmas=["Russia", "criticize", "Ukraine", "'s", "decision", "."])
    [event] = code(doc, table, lexicon)
    assert (event.source[0].code, event.target[0].code) == ("RUS", "UKR")
    assert doc.text[event.target[0].start:event.target[0].end] == "Ukraine 's decision"


def test_the_first_candidate_that_names_an_actor_is_the_target(vocab, table, lexicon):
    # "France refused to send soldiers to Ukraine ."
    lexicon.add(Pattern("t.refuse", "verb", "refuse", None, None, None, "120"))
    words = ["France", "refused", "to", "send", "soldiers", "to", "Ukraine", "."]
    doc = parsed(vocab, words, [1, 1, 3, 1, 3, 3, 5, 1],
                 ["nsubj", "ROOT", "aux", "xcomp", "dobj", "prep", "pobj", "punct"],
                 ["PROPN", "VERB", "PART", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["France", "refuse", "to", "send", "soldier", "to", "Ukraine", "."],
                 tags=["NNP", "VBD", "TO", "VB", "NNS", "IN", "NNP", "."])
    assert dyads(code(doc, table, lexicon)) == [("FRA", "UKR", "REJECT", "asserted")]


def test_the_place_of_an_act_proposed_in_the_object_is_the_target(vocab, table, lexicon):
    # "France backed a plan to deploy troops in Ukraine ."
    lexicon.add(Pattern("t.back", "verb", "back", None, None, None, "051"))
    words = ["France", "backed", "a", "plan", "to", "deploy", "troops", "in", "Ukraine", "."]
    doc = parsed(vocab, words, [1, 1, 3, 1, 5, 3, 5, 5, 7, 1],
                 ["nsubj", "ROOT", "det", "dobj", "aux", "acl", "dobj", "prep", "pobj", "punct"],
                 ["PROPN", "VERB", "DET", "NOUN", "PART", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["France", "back", "a", "plan", "to", "deploy", "troop", "in", "Ukraine", "."],
                 tags=["NNP", "VBD", "DT", "NN", "TO", "VB", "NNS", "IN", "NNP", "."])
    assert dyads(code(doc, table, lexicon)) == [("FRA", "UKR", "SUPPORT", "asserted")]


def test_a_preposition_before_the_verb_is_no_target(vocab, table, lexicon):
    # "With Ottawa , France attacked ."  (no object: no event, and Ottawa is not the target)
    words = ["With", "Ottawa", ",", "France", "attacked", "."]
    doc = parsed(vocab, words, [4, 0, 4, 4, 4, 4], ["prep", "pobj", "punct", "nsubj", "ROOT", "punct"],
                 ["ADP", "PROPN", "PUNCT", "PROPN", "VERB", "PUNCT"],
                 lemmas=["with", "Ottawa", ",", "France", "attack", "."])
    assert code(doc, table, lexicon) == []


def test_plural_only_sector_heads(vocab, table):
    table.sector_heads["force"] = "MIL"
    table.plural_heads.add("force")
    doc = parsed(vocab, ["French", "forces", "and", "force"], [1, 1, 1, 1], ["amod", "ROOT", "cc", "conj"],
                 ["ADJ", "NOUN", "CCONJ", "NOUN"], lemmas=["French", "force", "and", "force"],
                 tags=["JJ", "NNS", "CC", "NN"])
    actors = find_actors(doc, table, ON)
    assert actors[1][0].code == "FRAMIL" and 3 not in actors


def test_a_directive_codes_the_ordered_act_with_the_orderer_as_source(vocab, table, lexicon):
    # "Moscow ordered soldiers to attack Ukraine ."
    lexicon.add(Pattern("t.order", "verb", "order", None, None, None, "100"))
    doc = object_control(vocab, ["Moscow", "ordered", "soldiers", "to", "attack", "Ukraine", "."],
                         ["Moscow", "order", "soldier", "to", "attack", "Ukraine", "."], object_pos="NOUN")
    assert dyads(code(doc, table, lexicon)) == [("RUSGOV", "UKR", "ASSAULT", "asserted")]


def test_a_date_phrase_does_not_satisfy_a_preposition(vocab, table, lexicon):
    # "Ottawa called Moscow on Monday ."  -- a phone call (041), not "call on" (a request)
    lexicon.add(Pattern("t.call", "verb", "call", None, None, None, "041"))
    lexicon.add(Pattern("t.call.on", "verb", "call", None, None, "on", "100"))
    words = ["Ottawa", "called", "Moscow", "on", "Monday", "."]
    doc = parsed(vocab, words, [1, 1, 1, 1, 3, 1], ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
                 ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"],
                 lemmas=["Ottawa", "call", "Moscow", "on", "Monday", "."], ents=["O", "O", "O", "O", "B-DATE", "O"])
    assert dyads(code(doc, table, lexicon)) == [("CANGOV", "RUSGOV", "CONSULT", "asserted")]


def test_a_dyadic_phrase_gives_a_reciprocal_event(vocab, table):
    # "the thaw in French-Ukraine relations"  (hyphenated compound naming two countries)
    lex = Lexicon()
    lex.add(Pattern("t.thaw.in", "noun", "thaw", None, None, "in", "050"))
    words = ["the", "thaw", "in", "French-Ukraine", "relations"]
    doc = parsed(vocab, words, [1, 1, 1, 4, 2], ["det", "ROOT", "prep", "amod", "pobj"],
                 ["DET", "NOUN", "ADP", "ADJ", "NOUN"], lemmas=["the", "thaw", "in", "French-Ukraine", "relation"])
    events = code(doc, table, lex)
    assert sorted(dyads(events)) == [("FRA", "UKR", "SUPPORT", "asserted"), ("UKR", "FRA", "SUPPORT", "asserted")]
    assert all(e.reciprocal and e.rule.endswith("+dyad") for e in events)


def test_periods_named_after_leaders(table):
    from detente.dates import resolve_expression

    table.add_person("Lena Vik", [], Term("CAN", "GOV", "Prime Minister", dt.date(1993, 5, 1),
                                          dt.date(1998, 2, 1)), str.split)
    table.add_person("Lena Vik", [], Term("CAN", "GOV", "Prime Minister", dt.date(2004, 5, 1),
                                          dt.date(2012, 2, 1)), str.split)
    ref = dt.date(2013, 5, 29)
    got = {text: (v.value, v.precision) for text in ("at the beginning of the Vik administration", "under Vik",
                                                      "at the very end of the Vik government", "the Berg era")
           for v in [resolve_expression(text, ref, table)]}
    assert got == {"at the beginning of the Vik administration": ("2004", "year"),
                   "under Vik": (None, None),  # the latest term spans two decades: no single value
                   "at the very end of the Vik government": ("2012", "year"),
                   "the Berg era": (None, None)}  # a foreign minister names no era
    assert resolve_expression("under Vik", dt.date(2000, 1, 1), table).value == "1990s"


def test_a_name_split_at_of_is_matched_whole(vocab, table):
    # "the Institute of Peace said ."  (the parser hangs "of Peace" under "Institute")
    table.add_phrase(["Institute", "of", "Peace"], Entry("CAN", "EDU", "Institute of Peace", "organisation", "t.org"))
    doc = parsed(vocab, ["the", "Institute", "of", "Peace", "said", "."], [1, 4, 1, 2, 4, 4],
                 ["det", "nsubj", "prep", "pobj", "ROOT", "punct"], ["DET", "PROPN", "ADP", "PROPN", "VERB", "PUNCT"])
    actors = find_actors(doc, table, ON)
    [actor] = actors[1]
    assert (actor.code, actor.text) == ("CANEDU", "Institute of Peace")
    assert 3 not in actors  # "Peace" is part of the name, not an actor of its own


def test_a_title_of_an_institution_takes_its_country_and_sector(vocab, table):
    # "the speaker of the Storting" / "protesters in Moscow"
    table.add_phrase(["Storting"], Entry("NOR", "LEG", "Storting", "institution", "t.institution"))
    table.sector_heads.update({"speaker": "GOV", "protester": "CVL"})
    doc = parsed(vocab, ["the", "speaker", "of", "the", "Storting"], [1, 1, 1, 4, 2],
                 ["det", "ROOT", "prep", "det", "pobj"], ["DET", "NOUN", "ADP", "DET", "PROPN"])
    assert find_actors(doc, table, ON)[1][0].code == "NORLEG"
    # a place passes on its country only: protesters in the capital are not its government
    doc = parsed(vocab, ["protesters", "in", "Moscow"], [0, 0, 1], ["ROOT", "prep", "pobj"],
                 ["NOUN", "ADP", "PROPN"], lemmas=["protester", "in", "Moscow"])
    assert find_actors(doc, table, ON)[0][0].code == "RUSCVL"


def test_a_group_noun_takes_the_sector_of_its_modifier(vocab, table):
    table.sector_modifiers["paramilitary"] = "PRM"
    table.collective_heads.add("group")
    doc = parsed(vocab, ["a", "French", "paramilitary", "group"], [3, 3, 3, 3], ["det", "amod", "amod", "ROOT"],
                 ["DET", "ADJ", "ADJ", "NOUN"])
    assert find_actors(doc, table, ON)[3][0].code == "FRAPRM"
    doc = parsed(vocab, ["a", "French", "group"], [2, 2, 2], ["det", "amod", "ROOT"], ["DET", "ADJ", "NOUN"])
    assert find_actors(doc, table, ON)[2][0].code == "FRA"  # no modifier sector: just the country


def test_three_word_heads_and_plural_names(vocab, table):
    # "the Ottawa Self-Defense Forces": a plural tagged as a name keeps its singular lemma
    table.sector_heads["self defense force"] = "PRM"
    words = ["the", "Ottawa", "Self", "-", "Defense", "Forces"]
    doc = parsed(vocab, words, [5, 5, 4, 4, 5, 5], ["det", "compound", "compound", "punct", "compound", "ROOT"],
                 ["DET", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN"], lemmas=words,
                 tags=["DT", "NNP", "NNP", "HYPH", "NNP", "NNPS"], spaces=[True, True, False, False, True, False])
    assert find_actors(doc, table, ON)[5][0].code == "CANPRM"


def test_a_gazetteer_city_must_be_tagged_as_a_place(vocab, table):
    table.add_phrase(["Lyon"], Entry("FRA", None, "Lyon", "city", "t.city"))
    table.sector_heads["police"] = "COP"
    words = ["Lyon", "police", "and", "Lyon"]
    doc = parsed(vocab, words, [1, 1, 1, 1], ["compound", "ROOT", "cc", "conj"], ["PROPN", "NOUN", "CCONJ", "PROPN"],
                 ents=["B-GPE", "O", "O", "B-GPE"])
    actors = find_actors(doc, table, ON)
    assert actors[1][0].code == "FRACOP"
    assert actors[3][0].code == "FRACVL"  # a city acting is its people, not its country's government
    doc = parsed(vocab, words, [1, 1, 1, 1], ["compound", "ROOT", "cc", "conj"], ["PROPN", "NOUN", "CCONJ", "PROPN"],
                 ents=["B-PERSON", "O", "O", "B-PERSON"])  # a Mr Lyon is no city
    actors = find_actors(doc, table, ON)
    assert actors[1][0].country is None and actors[3][0].country is None


def test_a_title_qualifying_the_next_title_is_not_the_sector(vocab, table):
    # "Deputy Minister Jon Holm": a deputy minister is government, not a parliamentary deputy
    table.sector_heads["deputy"] = "LEG"
    words = ["Deputy", "Minister", "Jon", "Holm"]
    doc = parsed(vocab, words, [3, 3, 3, 3], ["compound", "compound", "compound", "ROOT"], ["PROPN"] * 4)
    assert find_actors(doc, table, ON)[3][0].sector == "GOV"


def test_a_pronoun_with_no_person_before_it_is_an_unidentified_actor(vocab, table):
    doc = parsed(vocab, ["He", "left", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"], ["PRON", "VERB", "PUNCT"])
    [actor] = find_actors(doc, table, ON)[0]
    assert (actor.country, actor.sector, actor.rule) == (None, "UNK", "coref.unresolved")


def test_an_organisation_changes_sector_on_its_dates(vocab, table):
    table.add_phrase(["Front"], Entry("CAN", "REB", "Front", "organisation", "t.org",
                                      ((dt.date(2010, 3, 1), "GOV"), (dt.date(2013, 1, 1), "REB"))))
    doc = parsed(vocab, ["the", "Front"], [1, 1], ["det", "ROOT"], ["DET", "PROPN"])
    got = [find_actors(doc, table, day)[1][0].sector for day in
           (dt.date(2009, 1, 1), dt.date(2010, 3, 1), dt.date(2012, 12, 31), dt.date(2013, 1, 1))]
    assert got == ["REB", "GOV", "GOV", "REB"]


def test_a_definite_title_refers_back_to_the_person_holding_it(vocab, table):
    # "Anna Berg spoke . The minister left . A minister stayed ."
    table.person_titles.add("minister")
    words = ["Anna", "Berg", "spoke", ".", "The", "minister", "left", ".", "A", "minister", "stayed", "."]
    doc = parsed(vocab, words, [1, 2, 2, 2, 5, 6, 6, 6, 9, 10, 10, 10],
                 ["compound", "nsubj", "ROOT", "punct", "det", "nsubj", "ROOT", "punct", "det", "nsubj", "ROOT",
                  "punct"],
                 ["PROPN", "PROPN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"],
                 tags=["NNP", "NNP", "VBD", ".", "DT", "NN", "VBD", ".", "DT", "NN", "VBD", "."])
    actors = find_actors(doc, table, ON)
    assert (actors[5][0].code, actors[5][0].name, actors[5][0].rule) == ("CANGOV", "Anna Berg", "coref.nominal")
    assert actors[9][0].name is None  # an indefinite title is someone new
