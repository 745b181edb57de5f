"""The two index fields that come from an article's annotations: tags and note text.

Read straight from ``annotations/<article-id>.json`` (DESIGN.md "Annotation file") so a full
rebuild, also in a worker process, needs nothing but the data folder. A file that cannot be
read contributes nothing here; the annotation store is the one that reports and sets it aside.
"""

from pathlib import Path
from typing import Any

from app.core.annotations.files import MAX_FILE_BYTES
from app.core.annotations.model import index_fields
from app.core.json_input import read_json

TAGGING, COMMENTING = "tagging", "commenting"


def _bodies(annotation: Any) -> list[dict[str, Any]]:
    if not isinstance(annotation, dict):
        return []
    body = annotation.get("body", [])
    items = body if isinstance(body, list) else [body]
    return [b for b in items if isinstance(b, dict)]


def annotation_fields(annotations_dir: Path | None, article_id: str) -> tuple[list[str], str]:
    """(tags, notes) of one article's annotations; empty when it has none."""
    if annotations_dir is None:
        return [], ""
    try:
        data = read_json(annotations_dir / f"{article_id}.json", max_bytes=MAX_FILE_BYTES)
    except (OSError, ValueError):
        return [], ""
    annotations = data.get("annotations", []) if isinstance(data, dict) else []
    tags: list[str] = []
    notes: list[str] = []
    for annotation in annotations if isinstance(annotations, list) else []:
        for body in _bodies(annotation):
            value = body.get("value")
            if not isinstance(value, str) or not value.strip():
                continue
            if body.get("purpose") == TAGGING:
                tags.append(value)
            elif body.get("purpose") == COMMENTING:
                notes.append(value)
    return index_fields(tags, notes)
