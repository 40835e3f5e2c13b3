"""Index keys for a stream of names, derived on several cores when the stream is big.

Deriving keys (normalisation, pinyin, Palladius, morphology) is about two thirds of an index
build at a million names, and needs nothing from the index. So for a big build, worker
processes derive the keys of batches of names while this process files the keys of the
batches before them. Batches come back in order: the index is the same, name for name, as
a serial build's.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from gazetteer.search.types import IndexedName
from gazetteer.text.keys import KeyTuple, index_key_tuples

__all__ = ["PARALLEL_FROM", "keyed", "workers_for"]

PARALLEL_FROM = 200_000  # names; below this, starting the workers costs more than they save
_BATCH = 5_000  # names per task
_AHEAD = 3  # tasks queued per worker: bounds the memory of names in flight


def workers_for(name_count: int, configured: int | None = None) -> int:
    """How many processes should derive the keys of ``name_count`` names: 1 (this process)
    for small builds, else ``configured`` or one per CPU this process may run on."""
    if name_count < PARALLEL_FROM:
        return 1
    if configured is not None:
        return max(1, configured)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def keyed(names: Iterable[IndexedName], workers: int = 1,
          ) -> Iterator[tuple[IndexedName, list[KeyTuple]]]:
    """Each name with its index keys, in the order the names came."""
    if workers <= 1:
        for row in names:
            yield row, index_key_tuples(row.text, row.lang)
        return
    yield from _in_workers(iter(names), workers)


def _derive(batch: list[tuple[str, str]]) -> list[list[KeyTuple]]:
    """A worker's task: the keys of a batch of (text, language) pairs."""
    return [index_key_tuples(text, lang) for text, lang in batch]


def _in_workers(rows: Iterator[IndexedName], workers: int,
                ) -> Iterator[tuple[IndexedName, list[KeyTuple]]]:
    # forkserver, not fork: the API process may hold threads (and their locks) when it
    # rebuilds; workers start from a clean process and import only what key derivation needs.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
    pending: deque[tuple[list[IndexedName], Future[list[list[KeyTuple]]]]] = deque()
    try:
        while batch := list(itertools.islice(rows, _BATCH)):
            pending.append((batch, pool.submit(_derive, [(r.text, r.lang) for r in batch])))
            if len(pending) >= workers * _AHEAD:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(batch: list[IndexedName], keys: Future[list[list[KeyTuple]]],
             ) -> Iterator[tuple[IndexedName, list[KeyTuple]]]:
    return zip(batch, keys.result(), strict=True)
