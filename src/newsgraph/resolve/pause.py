"""``paused_gc``: the cyclic garbage collector held off while resolution builds its big tables.

Blocking, scoring and clustering make millions of small containers (sort keys, pairs,
cache keys) and no reference cycles. Python's collector starts a pass every few hundred
new containers, and a full pass walks every live object: for 100k names about a third
of the blocking time went there (measured: candidate pairs of 100k names, 13-15 s of
CPU with the collector, 9.8 s without). Reference counting still frees everything at once;
what the pause leaves is collected when it ends, and the collector is on again as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cyclic collector for the ``with`` block (nested uses are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
