"""The in-memory search index: built once from ``IndexedName`` rows, queried many times.

Names are stored column-wise (arrays of ints, one list of texts) so that 1.2 million names
fit in a few hundred megabytes; keys map to packed postings (see ``postings``); fuzzy
candidates come from trigram postings (see ``fuzzy``); prefixes from a sorted key list.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from gazetteer.search.collector import cyclic_gc_paused
from gazetteer.search.derivation import keyed
from gazetteer.search.fuzzy import GramIndex, max_edits
from gazetteer.search.postings import TRANS_BITS, Postings
from gazetteer.search.prefix import PrefixIndex
from gazetteer.search.ranking import GENERIC_PENALTY, KIND_SCORE, fuzzy_score, sort_key
from gazetteer.search.types import Hit, IndexedName, MatchKind, SearchFilters, SearchResult
from gazetteer.text.generic import T_GENERIC
from gazetteer.text.keys import T_LATIN, Key, query_keys
from gazetteer.text.normalise import fold_case

__all__ = ["SearchIndex"]

T_FOLDED = "case, spacing and punctuation folded"
_PREFIX_WALK = 1_000  # keys read in key order when a filter rejects the top-k of a busy prefix
_SECOND_PROBE_EDITS = 1  # edits tolerated by the second (skeleton) probe
_ABSENT = np.iinfo(np.int64).max
_FILLED = 10  # non-fuzzy hits after which typo matching is skipped
_NO_FUZZY_SPACE = frozenset({T_LATIN})  # Latin skeletons: their plain keys are indexed already


@dataclass(slots=True)
class _Best:
    """The best name found so far for one place."""

    order: tuple[float, ...]
    name: int
    kind: MatchKind
    score: float
    trans: tuple[str, ...]


class _Interner:
    """Small tables of repeated values (languages, kinds, transformation tuples)."""

    def __init__(self) -> None:
        self.values: list = []  # type: ignore[type-arg]
        self.codes: dict = {}  # type: ignore[type-arg]

    def code(self, value: object) -> int:
        c = self.codes.get(value)
        if c is None:
            c = self.codes[value] = len(self.values)
            self.values.append(value)
        return c


class SearchIndex:
    """Multilingual toponym lookup; see :meth:`build` and :meth:`search`."""

    def __init__(self) -> None:
        self._place_ids: list[str] = []
        self._place_importance = array("d")
        self._place_curated = bytearray()
        self._place_feature = array("H")
        self._place_countries = array("H")
        self._name_ids = array("q")
        self._name_place = array("I")
        self._name_lang = array("H")
        self._name_kind = array("H")
        self._name_text: list[str] = []
        self._langs = _Interner()
        self._kinds = _Interner()
        self._features = _Interner()
        self._countries = _Interner()
        self._trans = _Interner()
        self._n = Postings()
        self._r = Postings()
        self._grams = GramIndex()  # its tags: 0 = n key, 1 = r-only key
        self._prefix = PrefixIndex(())

    @classmethod
    def build(cls, names: Iterable[IndexedName], *, workers: int = 1) -> SearchIndex:
        """Index every name; names of one place share its filters and importance.

        ``workers`` > 1 derives the names' keys in that many worker processes (see
        ``derivation``); the index is the same either way."""
        with cyclic_gc_paused():
            return cls._build(names, workers)

    @classmethod
    def _build(cls, names: Iterable[IndexedName], workers: int) -> SearchIndex:
        self = cls()
        place_codes: dict[str, int] = {}
        fuzzy_r: dict[str, None] = {}
        texts: dict[str, str] = {}  # interning: many places share a name
        trans_code = self._trans.code
        trans_codes = self._trans.codes
        lang_code, kind_code = self._langs.code, self._kinds.code
        n_add, r_add = self._n.add, self._r.add
        name_text, name_ids = self._name_text, self._name_ids
        name_place, name_lang, name_kind = self._name_place, self._name_lang, self._name_kind
        place_importance = self._place_importance
        for row, key_tuples in keyed(names, workers):
            p = place_codes.get(row.place_id)
            if p is None:
                p = place_codes[row.place_id] = len(self._place_ids)
                self._place_ids.append(row.place_id)
                place_importance.append(row.importance)
                self._place_curated.append(bool(row.curated))
                self._place_feature.append(self._features.code(row.feature_type))
                self._place_countries.append(self._countries.code(tuple(row.country_codes)))
            elif row.importance > place_importance[p]:
                place_importance[p] = row.importance
            i = len(name_text)
            text = texts.setdefault(row.text, row.text)
            name_text.append(text)
            name_ids.append(row.name_id)
            name_place.append(p)
            name_lang.append(lang_code(row.lang))
            name_kind.append(kind_code(row.kind))
            for key_text, key_trans, space in key_tuples:
                code = trans_codes.get(key_trans)
                if code is None:
                    code = trans_code(key_trans)
                if space == "n":
                    n_add(key_text, i, code)
                else:
                    r_add(key_text, i, code)
                    if not _NO_FUZZY_SPACE.intersection(key_trans):
                        fuzzy_r[key_text] = None
        # Build temporaries go before the gram postings are built (the build's peak):
        # the interning dicts alone hold ≈ 80 MB at 1.2M names.
        del texts, place_codes
        if len(self._trans.values) >= 1 << TRANS_BITS:
            raise ValueError("too many distinct transformation chains for the posting format")
        fuzzy_only_r = [k for k in fuzzy_r if k not in self._n.keys]
        del fuzzy_r
        self._grams = GramIndex(
            [*self._n.keys, *fuzzy_only_r],
            itertools.chain(itertools.repeat(0, len(self._n.keys)),
                            itertools.repeat(1, len(fuzzy_only_r))),
        )
        del fuzzy_only_r
        # Distinct keys without a set of 1.4M strings (≈ 60 MB at the build's peak): the
        # r keys already in n are skipped by one dict probe each.
        n_keys = self._n.keys
        keys = [*n_keys, *(k for k in self._r.keys if k not in n_keys)]
        keys.sort()
        importance = np.maximum(self._key_importance(self._n, keys),
                                self._key_importance(self._r, keys))
        self._prefix = PrefixIndex(keys, importance)
        return self

    def _key_importance(self, table: Postings, keys: list[str]) -> np.ndarray:
        """Per key: the importance of the most important place behind it in ``table``
        (-1 where the key is not in the table)."""
        place_imp = np.frombuffer(self._place_importance, dtype=np.float64)
        name_place = np.frombuffer(self._name_place, dtype=np.uint32)
        get = table.keys.get
        packed = np.fromiter((get(k, _ABSENT) for k in keys), dtype=np.int64, count=len(keys))
        out = np.full(len(keys), -1.0)
        single = (packed >= 0) & (packed != _ABSENT)
        out[single] = place_imp[name_place[packed[single] >> TRANS_BITS]]
        multi = np.flatnonzero(packed < 0)
        if len(multi):
            # Every side-table slot holds at least two postings: one flat array and a
            # maximum per slot (reduceat), instead of a numpy call per slot.
            sizes = np.fromiter(map(len, table.multi), dtype=np.int64, count=len(table.multi))
            flat = np.frombuffer(b"".join(table.multi), dtype=np.int64)
            starts = np.zeros(len(sizes), dtype=np.int64)
            np.cumsum(sizes[:-1], out=starts[1:])
            slot_imp = np.maximum.reduceat(place_imp[name_place[flat >> TRANS_BITS]], starts)
            del flat, sizes, starts
            out[multi] = slot_imp[-packed[multi] - 1]
        return out

    def __len__(self) -> int:
        return len(self._name_text)

    @property
    def place_count(self) -> int:
        return len(self._place_ids)

    # -- searching ---------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        filters: SearchFilters = SearchFilters(),
        mode: Literal["full", "prefix"] = "full",
        limit: int = 10,
        offset: int = 0,
    ) -> SearchResult:
        """Ranked places matching ``query``: one hit per place, its best-matching name.

        Typo (fuzzy) matching is skipped when non-fuzzy hits already fill the requested
        page and a first page of ten; ``total`` then counts the non-fuzzy matches only.
        """
        keys = query_keys(query) if query else []
        if not keys or limit <= 0:
            return SearchResult(total=0, hits=[])
        accept = self._filter(filters)
        best: dict[int, _Best] = {}
        q_fold = fold_case(query)
        prefix = mode == "prefix"
        complete = True
        for key in keys:
            self._exact_lookup(key, q_fold, accept, best, prefix)
        if prefix:
            for key in keys:
                if key.match_kind >= MatchKind.ROMANISED:
                    complete &= self._prefix_lookup(key, accept, best,
                                                    max(offset, 0) + limit)
        elif len(best) < max(max(offset, 0) + limit, _FILLED):
            # Typo candidates rank below every exact, normalised, romanised and inflected
            # hit, so when those fill the page (and a first page of ``_FILLED``) fuzzy
            # matching cannot change what is shown and is skipped; ``total`` then counts
            # the non-fuzzy matches only.
            self._fuzzy_lookup(keys, accept, best)
        ranked = sorted(best.items(), key=lambda item: item[1].order)
        page = ranked[max(offset, 0) : max(offset, 0) + limit]
        hits = [self._hit(p, b) for p, b in page]
        return SearchResult(total=len(ranked), hits=hits, total_exact=complete)

    def _filter(self, filters: SearchFilters):  # type: ignore[no-untyped-def]
        """A predicate on (name index, place index), or None when nothing is filtered."""
        if filters.lang is None and filters.country is None and filters.feature_type is None:
            return None
        langs = None
        if filters.lang is not None:
            want = filters.lang.casefold()
            langs = {
                c for c, tag in enumerate(self._langs.values)
                if tag.casefold() == want or tag.casefold().startswith(want + "-")
            }
        countries = None
        if filters.country is not None:
            want = filters.country.upper()
            countries = {c for c, cc in enumerate(self._countries.values) if want in cc}
        feature = self._features.codes.get(filters.feature_type, -1) if (
            filters.feature_type is not None) else None
        name_lang, place_countries = self._name_lang, self._place_countries
        place_feature = self._place_feature

        def accept(name: int, place: int) -> bool:
            if langs is not None and name_lang[name] not in langs:
                return False
            if countries is not None and place_countries[place] not in countries:
                return False
            return feature is None or place_feature[place] == feature

        return accept

    def _consider(
        self, best: dict[int, _Best], name: int, kind: MatchKind, score: float,
        trans: tuple[str, ...], prefix: bool, accept,  # type: ignore[no-untyped-def]
    ) -> None:
        place = self._name_place[name]
        if accept is not None and not accept(name, place):
            return
        partial = T_GENERIC in trans
        if partial:
            score = max(0.0, score - GENERIC_PENALTY)
        order = sort_key(kind, score, self._place_importance[place],
                         bool(self._place_curated[place]), prefix, partial)
        current = best.get(place)
        if (
            current is None
            or order < current.order
            or (order == current.order and self._preference(name) < self._preference(current.name))
        ):
            best[place] = _Best(order, name, kind, score, trans)

    def _preference(self, name: int) -> tuple[bool, bool, int]:
        """Between equally good names of one place, the one that explains the hit best: a
        name in a known language over an untagged variant ("Hǎishēnwǎi", pinyin of 海参崴,
        over GeoNames' untagged "Hai-Shen-Wai"), then the lowest id, so that the answer
        never depends on the order rows came out of the database."""
        lang = self._langs.values[self._name_lang[name]]
        kind = self._kinds.values[self._name_kind[name]]
        return (lang.startswith("und"), kind == "variant", self._name_ids[name])

    def _exact_lookup(self, key: Key, q_fold: str, accept, best: dict[int, _Best],  # type: ignore[no-untyped-def]
                      prefix: bool) -> None:
        tables = (self._n,) if key.space == "n" else (self._r, self._n)
        trans_values = self._trans.values
        for table in tables:
            for name, code in table.get(key.text):
                kind, trans = key.match_kind, key.transformations + trans_values[code]
                if key.space == "n" and kind == MatchKind.NORMALISED:
                    if fold_case(self._name_text[name]) == q_fold:
                        kind, trans = MatchKind.EXACT, ()
                    elif not trans:
                        trans = (T_FOLDED,)
                self._consider(best, name, kind, KIND_SCORE[kind], _dedupe(trans), prefix,
                               accept)

    def _prefix_lookup(self, key: Key, accept, best: dict[int, _Best],  # type: ignore[no-untyped-def]
                       want: int) -> bool:
        """Completions of ``key``; False when they were too many to read whole.

        A busy prefix reads its precomputed most important keys; if a filter leaves
        fewer than ``want`` places among them, up to ``_PREFIX_WALK`` keys are then read
        in key order."""
        top = self._prefix.top(key.text)
        if top is not None:
            self._complete(key, top, accept, best)
            if accept is None or len(best) >= want:
                return False
        lo, hi = self._prefix.range(key.text)
        self._complete(key, range(lo, min(hi, lo + _PREFIX_WALK)), accept, best)
        return top is None and hi - lo <= _PREFIX_WALK

    def _complete(self, key: Key, positions: Iterable[int], accept,  # type: ignore[no-untyped-def]
                  best: dict[int, _Best]) -> None:
        keys = self._prefix.keys
        trans_values = self._trans.values
        head = (*key.transformations, "prefix completed")
        for pos in positions:
            full = keys[pos]
            if full == key.text:
                continue  # already found by the exact lookup
            score = round(100.0 * len(key.text) / len(full), 2)
            for table in (self._n, self._r):
                # A key from the r table is a romanisation whatever space the probe was in.
                kind = min(key.match_kind, MatchKind.ROMANISED) if table is self._r else (
                    key.match_kind)
                for name, code in table.get(full):
                    trans = _dedupe((*head, *trans_values[code]))
                    self._consider(best, name, kind, score, trans, True, accept)

    def _fuzzy_lookup(self, keys: list[Key], accept, best: dict[int, _Best]) -> None:  # type: ignore[no-untyped-def]
        probes = [k for k in keys if k.match_kind >= MatchKind.ROMANISED][:2]
        # A plain-Latin query's first probe is its own normalised key, under which every
        # Latin name is indexed; its Latin skeleton is worth a second probe only when the
        # first found less than a page ("Wladiwastok" → "vladivastok" → Vladivostok).
        # Otherwise its hits mostly crowd out the true one: measured at 1.2M names,
        # running it always cost typo recall@10 (0.936 → 0.925 on two edits) and p99.
        latin = bool(probes) and probes[0].text.isascii()
        near: set[int] = set()  # places found by the first probe, at any distance
        trans_values = self._trans.values
        strings, tags = self._grams.strings, self._grams.tags
        name_place = self._name_place
        # A query that is itself a name (an exact or normalised hit) only needs close
        # neighbours as runners-up: one edit, which is also far cheaper to look for.
        found = any(b.kind >= MatchKind.NORMALISED for b in best.values())
        close: set[int] = set()  # places found at one edit
        for i, probe in enumerate(probes):
            if len(close) >= _FILLED or (latin and len(near) >= _FILLED):
                break  # the first probe already filled a page
            edits = max_edits(len(probe.text))
            if i:
                edits = min(edits, _SECOND_PROBE_EDITS)
            explained: dict[tuple[int, int], tuple[str, ...]] = {}  # (code, dist) → trans
            for sid, dist in self._grams.search(probe.text, min(edits, 1) if found else edits):
                if dist == 0:
                    continue  # an equal key was handled by the exact lookup
                text = strings[sid]
                n_names, r_names = list(self._n.get(text)), list(self._r.get(text))
                widen_close = dist == 1 and len(close) < _FILLED
                if widen_close or not i:
                    places = {name_place[name] for name, _ in (*n_names, *r_names)}
                    if widen_close:
                        close |= places
                    if not i:
                        near |= places
                score = fuzzy_score(dist, len(probe.text), len(text))
                # A key only in the r table is a romanisation whatever the probe's space.
                for name, code in r_names if tags[sid] else (*n_names, *r_names):
                    trans = explained.get((code, dist))
                    if trans is None:
                        edit = f"{dist} edit" + ("s" if dist > 1 else "")
                        trans = explained[code, dist] = _dedupe(
                            (*probe.transformations, *trans_values[code], edit))
                    self._consider(best, name, MatchKind.FUZZY, score, trans, False, accept)

    def _hit(self, place: int, b: _Best) -> Hit:
        name = b.name
        return Hit(
            place_id=self._place_ids[place],
            name_id=self._name_ids[name],
            name_text=self._name_text[name],
            name_lang=self._langs.values[self._name_lang[name]],
            name_kind=self._kinds.values[self._name_kind[name]],
            match_kind=b.kind,
            score=b.score,
            transformations=b.trans,
            importance=self._place_importance[place],
            curated=bool(self._place_curated[place]),
        )


def _dedupe(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
