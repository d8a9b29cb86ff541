"""Story ids: a hash of the sorted member ids, stable across runs and input order."""

from __future__ import annotations

from storyline.records import story_id_for

__all__ = ["story_id_for"]
