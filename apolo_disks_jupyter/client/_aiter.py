"""An async iterator that is also an async context manager (the shape of ``Disks.list()``)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


class AsyncIteratorContext(Generic[T]):
    """Wraps an async generator: ``async with it as disks: async for ...`` or ``async for``.

    Leaving the ``async with`` block closes the generator, so a listing abandoned half-way
    releases its connection at once.
    """

    __slots__ = ("_gen",)

    def __init__(self, gen: AsyncGenerator[T, None]) -> None:
        self._gen = gen

    async def __aenter__(self) -> AsyncIterator[T]:
        return self._gen

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._gen.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._gen


__all__ = ["AsyncIteratorContext"]
