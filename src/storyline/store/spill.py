"""A run's records parked on disk between its stages, read back by id.

The pipeline streams its input chunk by chunk: each chunk's articles and analyses are written
here as soon as they are made, and only the compact clustering items stay in memory. Stories
are then rebuilt a batch at a time from the records read back, so a run's memory does not grow
with its corpus (see ``docs/scale.md``).

One append-only file per kind of record holds pickled records; an in-memory index maps each
record's key to its offset and length (a few dozen bytes a record). Putting a key again makes
the new record the one read back; iteration keeps each key's first position.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from storyline.errors import StoreError


class Spill:
    """Append-only record files in a temporary folder, removed by ``close``.

    Args:
        folder: where the temporary folder is made (the system's temp folder when None).

    Raises:
        StoreError: the folder cannot be made.
    """

    def __init__(self, folder: Path | None = None) -> None:
        try:
            if folder is not None:
                Path(folder).mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=".storyline-spill-",
                                              dir=str(folder) if folder else None))
        except OSError as exc:
            raise StoreError(f"cannot make a spill folder in {folder}: {exc}") from exc
        self._files: dict[str, Any] = {}
        self._index: dict[str, dict[str, tuple[int, int]]] = {}
        self._size: dict[str, int] = {}

    def _file(self, kind: str) -> Any:
        fh = self._files.get(kind)
        if fh is None:
            fh = open(self.path / f"{kind}.pkl", "a+b")  # noqa: SIM115 - closed by close()
            self._files[kind] = fh
            self._index[kind] = {}
            self._size[kind] = 0
        return fh

    def put(self, kind: str, records: Iterable[Any],
            key: Callable[[Any], str] = lambda r: r.id) -> int:
        """Append ``records`` of ``kind``; returns how many were written.

        Raises:
            StoreError: the disk refused the write.
        """
        fh = self._file(kind)
        index = self._index[kind]
        n = 0
        try:
            for record in records:
                blob = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
                index[key(record)] = (self._size[kind], len(blob))
                fh.write(blob)
                self._size[kind] += len(blob)
                n += 1
            fh.flush()
        except OSError as exc:
            raise StoreError(f"cannot write {kind} records into {self.path}: {exc}") from exc
        return n

    def __contains__(self, kind_key: tuple[str, str]) -> bool:
        kind, key = kind_key
        return key in self._index.get(kind, {})

    def count(self, kind: str) -> int:
        return len(self._index.get(kind, {}))

    def keys(self, kind: str) -> list[str]:
        """The keys of ``kind`` in the order they were first put."""
        return list(self._index.get(kind, {}))

    def get(self, kind: str, keys: Sequence[str]) -> list[Any]:
        """The records under ``keys`` (absent keys are left out), in the order asked."""
        index = self._index.get(kind)
        if not index:
            return []
        fd = self._files[kind].fileno()
        out = []
        for k in keys:
            where = index.get(k)
            if where is not None:
                out.append(pickle.loads(os.pread(fd, where[1], where[0])))
        return out

    def iter(self, kind: str, batch: int = 1000) -> Iterator[list[Any]]:
        """Every record of ``kind``, in key order of first put, ``batch`` at a time."""
        keys = self.keys(kind)
        for i in range(0, len(keys), batch):
            yield self.get(kind, keys[i:i + batch])

    def close(self) -> None:
        """Close the files and remove the folder."""
        for fh in self._files.values():
            fh.close()
        self._files.clear()
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
