"""A run's records parked on disk between its stages, read back by id.

The pipeline streams its input chunk by chunk: each chunk's articles and analyses are written
here as soon as they are made, and only the compact clustering items stay in memory. Stories
are then rebuilt a batch at a time from the records read back, so a run's memory does not grow
with its corpus (see ``docs/scale.md``).

One append-only file per kind of record holds pickled records; an in-memory index maps each
record's key to a slot number, and a packed array holds each slot's offset and length (100k
keys: 87 bytes a record besides its key, against 161 with an ``(offset, length)`` tuple a
key). Putting a key again makes the new record the one read back; iteration keeps each key's
first position.

Fixed-width numeric rows (the clustering vectors, the dedup signatures) go into row files
instead (``put_rows``): raw little-endian values, row ``k`` at ``k * width`` items, no index at
all. A ``RowFile`` reads rows back by number (``take``); it pickles as its path, so a worker of the same
machine reads the rows itself instead of receiving them.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self

import numpy as np

from storyline.errors import StoreError


class RowFile:
    """Fixed-width rows of one numeric type in a file, read by row number (``take``).

    Args:
        path: the file (rows of ``width`` values of ``dtype``, nothing else).
        dtype: the values' type (little-endian on disk).
        width: values per row.
    """

    def __init__(self, path: Path, dtype: str, width: int) -> None:
        self.path = Path(path)
        self.dtype = np.dtype(dtype).newbyteorder("<")
        self.width = width
        self._fd: int | None = None

    @property
    def row_bytes(self) -> int:
        return self.dtype.itemsize * self.width

    def __len__(self) -> int:
        try:
            return self.path.stat().st_size // self.row_bytes
        except OSError:
            return 0

    def _read(self, start: int, stop: int) -> np.ndarray:
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDONLY)
            except OSError as exc:
                raise StoreError(f"cannot read rows from {self.path}: {exc}") from exc
        size = (stop - start) * self.row_bytes
        blob = os.pread(self._fd, size, start * self.row_bytes)
        if len(blob) != size:
            raise StoreError(f"{self.path} holds fewer rows than asked ({start}-{stop})")
        return np.frombuffer(blob, dtype=self.dtype).reshape(stop - start, self.width)

    def take(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """The rows numbered ``rows``, in that order, as a new ``(len(rows), width)`` array
        (runs of consecutive rows are read in one call).

        Raises:
            StoreError: the file cannot be read or holds fewer rows.
        """
        idx = np.asarray(rows, dtype=np.int64)
        out = np.empty((len(idx), self.width), dtype=self.dtype.newbyteorder("="))
        if not len(idx):
            return out
        cuts = np.flatnonzero(np.diff(idx) != 1) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(idx)], strict=True):
            first = int(idx[lo])
            out[lo:hi] = self._read(first, first + (hi - lo))
        return out

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "dtype": self.dtype.str, "width": self.width}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], state["dtype"], state["width"])  # type: ignore[misc]

    def __del__(self) -> None:
        self.close()


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
        self._index: dict[str, dict[str, int]] = {}  # kind -> key -> slot
        self._where: dict[str, array[int]] = {}  # kind -> offset, length of each slot
        self._size: dict[str, int] = {}
        self._rows: dict[str, tuple[Any, RowFile]] = {}

    def _file(self, kind: str) -> Any:
        fh = self._files.get(kind)
        if fh is None:
            fh = open(self.path / f"{kind}.pkl", "a+b")  # noqa: SIM115 - closed by close()
            self._files[kind] = fh
            self._index[kind] = {}
            self._where[kind] = array("q")
            self._size[kind] = 0
        return fh

    def put(self, kind: str, records: Iterable[Any],
            key: Callable[[Any], str] = lambda r: r.id) -> int:
        """Append ``records`` of ``kind``; returns how many were written.

        Raises:
            StoreError: the disk refused the write.
        """
        fh = self._file(kind)
        index, where = self._index[kind], self._where[kind]
        n = 0
        try:
            for record in records:
                blob = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
                k = key(record)
                slot = index.get(k)
                if slot is None:  # a new key: a new slot, at the end of the key order
                    index[k] = len(where) // 2
                    where.extend((self._size[kind], len(blob)))
                else:  # put again: the slot points at the new copy
                    where[2 * slot], where[2 * slot + 1] = self._size[kind], len(blob)
                fh.write(blob)
                self._size[kind] += len(blob)
                n += 1
            fh.flush()
        except OSError as exc:
            raise StoreError(f"cannot write {kind} records into {self.path}: {exc}") from exc
        return n

    def put_rows(self, kind: str, rows: np.ndarray) -> int:
        """Append the rows of a 2-D array to the ``kind`` row file (its first call fixes the
        width and type); returns the number of the first row written.

        Raises:
            StoreError: the rows have another width than the file's, or the disk refused them.
        """
        rows = np.asarray(rows)
        if rows.ndim != 2:
            raise StoreError(f"{kind} rows must be a 2-D array, not {rows.ndim}-D")
        if kind not in self._rows:
            path = self.path / f"{kind}.rows"
            try:
                fh = open(path, "ab")  # noqa: SIM115 - closed by close()
            except OSError as exc:
                raise StoreError(f"cannot write {kind} rows into {self.path}: {exc}") from exc
            self._rows[kind] = (fh, RowFile(path, rows.dtype.str, rows.shape[1]))
        fh, reader = self._rows[kind]
        if rows.shape[1] != reader.width:
            raise StoreError(f"{kind} rows are {reader.width} wide, not {rows.shape[1]}")
        first = fh.tell() // reader.row_bytes
        try:
            fh.write(np.ascontiguousarray(rows, dtype=reader.dtype).tobytes())
            fh.flush()
        except OSError as exc:
            raise StoreError(f"cannot write {kind} rows into {self.path}: {exc}") from exc
        return first

    def rows(self, kind: str) -> RowFile | None:
        """The ``kind`` row file (None before its first ``put_rows``)."""
        entry = self._rows.get(kind)
        return entry[1] if entry else None

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
        where = self._where[kind]
        out = []
        for k in keys:
            slot = index.get(k)
            if slot is not None:
                out.append(pickle.loads(os.pread(fd, where[2 * slot + 1], where[2 * slot])))
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
        for fh, reader in self._rows.values():
            fh.close()
            reader.close()
        self._rows.clear()
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
