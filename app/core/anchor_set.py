"""Placing all of an article's highlights together, so that re-placing never paints one
highlight over another.

Each annotation is anchored on its own (``anchoring.anchor``); then, strongest first (exact,
then moved, then fuzzy; among equals the one listed first), a placement that overlaps one
already accepted is refused when the two stored ranges did not overlap: two highlights the
user made side by side cannot both be right once they cover the same words. The refused
one becomes an orphan, with what its place now reads, rather than a wrong highlight.
"""

from typing import Any

from app.core.anchoring import Anchor, anchor, orphan, stored_range

STRENGTH = {"exact": 0, "moved": 1, "fuzzy": 2, "orphan": 3}
BUCKET = 256  # code points of text per stretch in the overlap check


def anchor_all(text: str, selector_lists: list[list[dict[str, Any]]]) -> list[Anchor]:
    """The anchors of several annotations of one text, in the order given; earlier ones
    win ties (callers list the older annotations first). A missing stored range overlaps
    nothing, so such an annotation never lands on another either."""
    anchors = [anchor(text, selectors) for selectors in selector_lists]
    stored = [stored_range(selectors) for selectors in selector_lists]
    # Accepted placements by the stretches of text they touch, so each placement is only
    # compared with its neighbours (an article may hold hundreds of highlights).
    near: dict[int, list[int]] = {}
    for i in sorted(range(len(anchors)), key=lambda i: (STRENGTH[anchors[i].status], i)):
        placed = _range(anchors[i])
        if placed is None:
            continue
        buckets = range(placed[0] // BUCKET, (placed[1] - 1) // BUCKET + 1)
        if any(
            _overlap(placed, _range(anchors[j])) and not _overlap(stored[i], stored[j])
            for bucket in buckets
            for j in near.get(bucket, ())
        ):
            anchors[i] = orphan(text, selector_lists[i])
            continue
        for bucket in buckets:
            near.setdefault(bucket, []).append(i)
    return anchors


def _range(found: Anchor) -> tuple[int, int] | None:
    if found.start is None or found.end is None:
        return None
    return found.start, found.end


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]
