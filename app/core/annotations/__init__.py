"""Highlights, tags and notes: the W3C annotation model, its files and the store."""

from app.core.annotations.model import COLOURS, Annotation
from app.core.annotations.store import AnnotationStore, Placed, TagCount

__all__ = ["COLOURS", "Annotation", "AnnotationStore", "Placed", "TagCount"]
