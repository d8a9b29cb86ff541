"""Output stores: the contract's JSON files (``files.py``) and an embedded DuckDB (``duckdb.py``).

``make_store(kind, out_dir)`` in ``base.py`` picks one by name.
"""

from storyline.store.base import STORE_KINDS, Store, make_store

__all__ = ["STORE_KINDS", "Store", "make_store"]
