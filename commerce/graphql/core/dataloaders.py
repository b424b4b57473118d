"""Batching data loaders that work in Django's synchronous request cycle.

A loader instance lives for one request (cached on the request context), collects the keys
asked for while one level of the query is resolved, and fetches them in one SQL query. Field
resolvers return the loader's SyncFuture; `then` chains a function onto a future, which may itself
return another future (e.g. product → variants → channel listings). The execution context
(`BatchingExecutionContext`) dispatches every loader that has waiting keys until none has any,
so the number of queries depends on the shape of the query, never on the page size.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Iterable

from graphql import ExecutionContext, is_non_null_type
from graphql_sync_dataloaders import DeferredExecutionContext, SyncFuture


class DataLoader:
    """Subclass and implement `batch_load(keys) -> list` (one result per key, in key order)."""

    context_key: str | None = None

    def __new__(cls, context):
        key = cls.context_key or cls.__qualname__
        loaders = _loaders_of(context)
        if key not in loaders:
            instance = super().__new__(cls)
            instance._initialise(context)
            loaders[key] = instance
        return loaders[key]

    def _initialise(self, context) -> None:
        self.context = context
        self._cache: dict[Any, SyncFuture] = {}
        self._queue: list[tuple[Any, SyncFuture]] = []

    def __init__(self, context):  # state is set once in __new__
        pass

    def batch_load(self, keys: list) -> list:
        raise NotImplementedError

    def load(self, key) -> SyncFuture:
        if key in self._cache:
            return self._cache[key]
        future = SyncFuture()
        future.deferred_callback = _dispatch_all(self.context)
        if not self._queue:
            _pending_of(self.context).append(self)
        self._queue.append((key, future))
        self._cache[key] = future
        return future

    def load_many(self, keys: Iterable) -> SyncFuture:
        return gather([self.load(key) for key in keys])

    def prime(self, key, value) -> None:
        if key not in self._cache:
            future = SyncFuture()
            future.set_result(value)
            self._cache[key] = future

    def dispatch(self) -> None:
        queue, self._queue = self._queue, []
        if not queue:
            return
        keys = [key for key, _ in queue]
        try:
            values = self.batch_load(keys)
            if len(values) != len(keys):
                raise ValueError(f"{type(self).__name__} returned {len(values)} values for {len(keys)} keys")
        except Exception as error:  # every waiting field gets the error, none hangs
            for key, future in queue:
                self._cache.pop(key, None)
                future.set_exception(error)
            return
        for (key, future), value in zip(queue, values):
            if isinstance(value, Exception):
                future.set_exception(value)
            else:
                future.set_result(value)


def _loaders_of(context) -> dict:
    if not hasattr(context, "_dataloaders"):
        context._dataloaders = {}
    return context._dataloaders


def _pending_of(context) -> list:
    if not hasattr(context, "_pending_loaders"):
        context._pending_loaders = []
    return context._pending_loaders


def dispatch_pending(context) -> bool:
    """Dispatch every loader with waiting keys; True when something was dispatched."""
    pending = _pending_of(context)
    if not pending:
        return False
    batch = list(pending)
    pending.clear()
    for loader in batch:
        loader.dispatch()
    return True


def _dispatch_all(context) -> Callable[[], None]:
    return lambda: dispatch_pending(context)


def resolved(value) -> SyncFuture:
    future = SyncFuture()
    future.set_result(value)
    return future


def then(future: SyncFuture, fn: Callable[[Any], Any]) -> SyncFuture:
    """A future for fn(result); fn may return a plain value or another future."""
    out = SyncFuture()
    out.deferred_callback = future.deferred_callback

    def settle(value):
        if isinstance(value, SyncFuture):
            if value.done():
                _copy(value, out)
            else:
                value.add_done_callback(lambda: _copy(value, out))
        else:
            out.set_result(value)

    def on_done():
        try:
            settle(fn(future.result()))
        except Exception as error:
            out.set_exception(error)

    if future.done():
        on_done()
    else:
        future.add_done_callback(on_done)
    return out


def _copy(source: SyncFuture, target: SyncFuture) -> None:
    if source.exception() is not None:
        target.set_exception(source.exception())
    else:
        target.set_result(source.result())


def gather(futures: list[SyncFuture]) -> SyncFuture:
    out = SyncFuture()
    if not futures:
        out.set_result([])
        return out
    out.deferred_callback = next((f.deferred_callback for f in futures if f.deferred_callback), None)
    remaining = [sum(1 for f in futures if not f.done())]

    def finish():
        errors = [f.exception() for f in futures if f.exception() is not None]
        if errors:
            out.set_exception(errors[0])
        else:
            out.set_result([f.result() for f in futures])

    if not remaining[0]:
        finish()
        return out

    def one_done():
        remaining[0] -= 1
        if remaining[0] == 0:
            finish()

    for f in futures:
        if not f.done():
            f.add_done_callback(one_done)
    return out


class BatchingExecutionContext(DeferredExecutionContext):
    """Resolves SyncFutures, dispatching pending loaders level by level."""

    def execute_operation(self, operation, root_value):
        self._deferred_callbacks = []
        result = ExecutionContext.execute_operation(self, operation, root_value)
        context = self.context_value
        while True:
            if self._deferred_callbacks:
                self._deferred_callbacks.pop(0)()
                continue
            if not dispatch_pending(context):
                break
        if isinstance(result, SyncFuture):
            if not result.done():
                raise RuntimeError("GraphQL deferred execution failed to complete.")
            return result.result()
        return result

    def handle_field_error(self, error, return_type, path=None):
        # graphql-sync-dataloaders calls this with two arguments, as graphql-core up to 3.2.8
        # did; newer 3.2 releases also pass the path. Accept both.
        if is_non_null_type(return_type):
            raise error
        collected = getattr(self, "collected_errors", None)
        if collected is None:
            self.errors.append(error)
        elif path is None:
            collected.errors.append(error)
        else:
            collected.add(error, path)
        return None


def group_by(rows: Iterable, key: Callable) -> dict:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


class ByIdLoader(DataLoader):
    """Objects by primary key; subclasses set `model` (and may override `queryset`)."""

    model = None

    def queryset(self):
        return self.model.objects.all()

    def batch_load(self, keys):
        objects = self.queryset().in_bulk(keys)
        return [objects.get(key) for key in keys]


class ManyByForeignKeyLoader(DataLoader):
    """Lists of objects by a foreign key value; subclasses set `model` and `field`."""

    model = None
    field = ""

    def queryset(self):
        return self.model.objects.all()

    def batch_load(self, keys):
        grouped = group_by(self.queryset().filter(**{f"{self.field}__in": keys}), lambda o: getattr(o, f"{self.field}_id"))
        return [grouped.get(key, []) for key in keys]
