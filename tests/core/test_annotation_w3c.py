"""Every annotation Readmark stores passes every MUST assertion of the W3C test suite.

``must_failures`` is shared with the export and CLI tests: it loads the working group's
draft-04 schemas into one registry and runs each assertion of ``annotationMusts.test``.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from app.core.annotations.model import Annotation, now_iso, to_w3c
from tests.conftest import W3C, require_shared


@cache
def _validators() -> list[tuple[str, Draft4Validator]]:
    root = require_shared(W3C)
    schemas = [
        json.loads(p.read_text(encoding="utf-8"))
        for folder in ("definitions", "annotations")
        for p in sorted((root / folder).rglob("*.json"))
    ]
    registry: Registry[Any] = Registry().with_resources(
        (s["id"], Resource.from_contents(s, default_specification=DRAFT4)) for s in schemas
    )
    test = json.loads((root / "annotations" / "annotationMusts.test").read_text("utf-8"))
    validators = []
    for name in test["assertions"]:
        schema = json.loads((root / name).read_text(encoding="utf-8"))
        assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid"
        validator = Draft4Validator(
            schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        validators.append((Path(name).name, validator))
    return validators


def must_failures(annotation: dict[str, Any]) -> list[str]:
    """The MUST assertions an annotation fails (empty when it conforms)."""
    return [name for name, v in _validators() if not v.is_valid(annotation)]


def sample(**fields: Any) -> Annotation:
    stamp = now_iso()
    base: dict[str, Any] = {
        "id": "urn:uuid:6f0b5c36-3b0f-4a43-9d0e-2f1b3c4d5e6f",
        "article_id": "nato-summit",
        "created": stamp,
        "modified": stamp,
        "tags": ["aegis-ashore", "Japan 🇯🇵"],
        "note": "Follow up: *costs*",
        "exact": "Aegis Ashore",
        "prefix": "deployment of ",
        "suffix": ", a land-based",
        "start": 40,
        "end": 52,
    }
    base.update(fields)
    return Annotation(**base)


def test_the_suite_has_all_its_must_assertions() -> None:
    assert len(_validators()) == 54


@pytest.mark.parametrize(
    "annotation",
    [
        sample(),
        sample(colour="purple", tags=[], note=""),
        sample(motivation="commenting", colour=None, exact=None, start=None, end=None),
    ],
    ids=["highlight", "bare-highlight", "article-note"],
)
def test_stored_shapes_pass_every_must(annotation: Annotation) -> None:
    assert must_failures(to_w3c(annotation)) == []
    assert must_failures(to_w3c(annotation, source="https://example.org/news/1")) == []


def test_the_checker_rejects_what_breaks_a_must() -> None:
    broken = to_w3c(sample())
    broken["@context"] = "http://example.org/other"
    del broken["stylesheet"]
    broken["created"] = "yesterday"
    failures = must_failures(broken)
    assert "3.1-annotationContextValidated.json" in failures
    assert "3.3.1-annotationCreatedValidated.json" in failures
