"""Group commit: concurrent writes of one kind applied together, in one writing transaction.

Under load most of a step save's time is spent holding the single writer (SQLite's lock, a
PostgreSQL commit) for a handful of round trips; applying the saves that arrived meanwhile in
one transaction pays those round trips once per batch instead of once per save.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Applies a batch in one transaction; each item's result, or the error that refused it alone.
Apply = Callable[[list[Item]], Awaitable[list[Result | Exception]]]


class GroupCommit(Generic[Item, Result]):
    """A queue of writes that one task per event loop applies in batches.

    Items with the same `key` never share a batch, so that a later save of one thing applies
    after the earlier one, as it would alone (and multi-row upserts never touch a row twice).
    """

    def __init__(
        self, apply: Apply[Item, Result], key: Callable[[Item], Hashable], most: int = 64
    ) -> None:
        self._apply = apply
        self._key = key
        self._most = most
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue] = (
            weakref.WeakKeyDictionary()
        )

    async def submit(self, item: Item) -> Result:
        """Apply `item` with whatever else is waiting; its own result, or its own error."""
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues[loop] = _Queue()
        future: asyncio.Future[Result] = loop.create_future()
        queue.waiting.append((item, future))
        if queue.task is None:
            # A task of its own, so that a caller who goes away does not take the batch along.
            queue.task = loop.create_task(self._drain(queue))
        return await asyncio.shield(future)

    async def _drain(self, queue: _Queue) -> None:
        try:
            while queue.waiting:
                batch = self._take(queue)
                for (_, future), result in zip(batch, await self._results(batch), strict=True):
                    if future.done():
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            queue.task = None

    def _take(self, queue: _Queue) -> list[tuple[Item, asyncio.Future]]:
        """The longest run of waiting items, in order, with no key twice."""
        batch, keys = [], set()
        while queue.waiting and len(batch) < self._most:
            key = self._key(queue.waiting[0][0])
            if key in keys:
                break
            keys.add(key)
            batch.append(queue.waiting.popleft())
        return batch

    async def _results(self, batch: list[tuple[Item, asyncio.Future]]) -> list:
        items = [item for item, _ in batch]
        try:
            return await self._apply(items)
        except Exception as error:
            if len(items) == 1:
                return [error]
        # The batch failed as a whole: each alone, so one bad write does not sink the rest.
        results = []
        for item in items:
            try:
                results += await self._apply([item])
            except Exception as error:
                results.append(error)
        return results


class _Queue:
    """One event loop's waiting items and the task applying them."""

    def __init__(self) -> None:
        self.waiting: deque[tuple[object, asyncio.Future]] = deque()
        self.task: asyncio.Task | None = None
