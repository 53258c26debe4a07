"""User actor tables (TSV, CSV, YAML) and the shipped tables' own consistency."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.actor_table import ActorTable, Entry, load_user_table
from detente.errors import DataError
from detente.tables import data_path, read_tsv

YAML_TABLE = """\
# my actors
- phrase: [Northern Shield, NS Brigade]
  country: NOR
  sector: PRM
  note: a made-up militia
- phrase: Coast Front
  country: NOR
  sector: REB
  sector_since: GOV 2020-05-01
- person: Ola Strand
  aliases: O. Strand
  country: NOR
  sector: GOV
  role: Defence Minister
  start: 2019-01-01
  end: 2021-01-01
  source: invented for the test
"""


def _table() -> ActorTable:
    return ActorTable()


def test_a_yaml_table_adds_actors_terms_and_dated_sectors(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(YAML_TABLE, encoding="utf-8")
    table = _table()
    load_user_table(table, path, str.split)
    assert table.phrases[("NS", "brigade")].country == "NOR"
    assert table.phrases[("northern", "shield")].sector == "PRM"
    front = table.phrases[("coast", "front")]
    assert [front.sector_on(dt.date(2019, 1, 1)), front.sector_on(dt.date(2021, 1, 1))] == ["REB", "GOV"]
    person = table.persons[("ola", "strand")]
    assert person.on(dt.date(2020, 1, 1))[:2] == ("NOR", "GOV")
    assert person.on(dt.date(2022, 1, 1))[:2] == ("NOR", "ELI")


@pytest.mark.parametrize("body, line, words", [
    ("- phrase: X Party\n  country: Norway\n", 1, "ISO 3166-1 alpha-3"),
    ("- phrase: X Party\n  country: NOR\n- phrase: Y\n  contry: NOR\n", 3, "unknown key"),
    ("- name: Z\n", 1, "needs one of the keys"),
    ("- person: A B\n  country: NOR\n  start: 2020-13-01\n", 1, "2020-13-01"),
    ("phrase: X\n", 1, "a list of entries"),
    ("- phrase: [X\n", 2, "not valid YAML"),
    ("- phrase: X\n  country:\n    code: NOR\n", 2, "expected a value or a list"),
])
def test_a_bad_yaml_entry_is_reported_with_its_line(tmp_path, body, line, words):
    path = tmp_path / "bad.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_user_table(_table(), path, str.split)
    assert info.value.line == line and words in str(info.value) and str(path) in str(info.value)


def test_a_csv_table_with_quoted_cells(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text('phrase,country,sector,note\n"Harbour Union|HU",NOR,LAB,"dockers, Bergen"\n'
                    'Blue Ridge Co,NOR,BUS,\n', encoding="utf-8")
    table = _table()
    load_user_table(table, path, str.split)
    assert table.phrases[("HU",)] == table.phrases[("harbour", "union")]
    assert table.phrases[("blue", "ridge", "co")].sector == "BUS"


def test_a_bad_csv_row_is_reported_with_its_line(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("person,aliases,country,sector,role,start,end,source\n"
                    "Kari Dahl,,NOR,GOV,Prime Minister,2010-01-01,,ok\n"
                    "Per Lund,,NOR,GOV,Prime Minister,2012-01-01,2011-01-01,wrong way round\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"mine.csv:3: term ends \(2011-01-01\) before it starts"):
        load_user_table(_table(), path, str.split)
    path.write_text("name,country\nX,NOR\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"mine.csv:1: header must be .*comma-separated"):
        load_user_table(_table(), path, str.split)


def test_a_user_row_overrides_the_shipped_one(tmp_path):
    table = _table()
    table.add_phrase(["Delta", "Force"], Entry("USA", "MIL", "Delta Force", "institution", "shipped"))
    path = tmp_path / "mine.tsv"
    path.write_text("phrase\tcountry\tsector\tnote\nDelta Force\tNOR\tMIL\tmy own\n", encoding="utf-8")
    load_user_table(table, path, str.split)
    assert table.phrases[("delta", "force")].country == "NOR"


def test_the_city_gazetteer_leaves_capitals_to_the_country_table(coder):
    # cities load after countries.tsv: a capital stays a seat of government
    assert coder.table.phrases[("moscow",)].kind == "capital"
    cities = list(read_tsv(data_path("cities.tsv"), ("city", "country")))
    assert len(cities) > 3000 and all(len(r["country"]) == 3 for r in cities)
    assert coder.table.phrases[("mariupol",)].country == "UKR"
