"""Hostile inputs for ``import-annotations``, from one random generator: the CI test drives
it with hypothesis-chosen seeds for a few seconds, ``make bench`` for minutes.

Shapes: deep nesting, huge texts, bytes that are not UTF-8, lone surrogate escapes, NaN and
giant numbers, random JSON, and W3C, Readmark-file and Hypothesis-shaped annotations (aimed at
real articles, so the import really writes) with their fields replaced by wrong types, then
truncated or with bytes flipped.
"""

import json
import random
from typing import Any

ARTICLE_URN = "urn:readmark:article:"
NASTY_TEXTS = [
    "",
    " ",
    "\ud800",
    "\udcff",
    "\x00",
    "a\u202eb",
    "#tag, other",
    "x" * 5000,
    "NATO",
    "Stoltenberg",
    "\u00e9\u00e8",
    "\U0001f600",
]


def _scalar(rng: random.Random) -> Any:
    return rng.choice(
        [
            None,
            True,
            0,
            -1,
            2**70,
            1.5,
            rng.choice(NASTY_TEXTS),
            rng.random(),
            "2024-07-01T12:00:00Z",
            "not a date",
        ]
    )


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 6 or roll < 0.4:
        return _scalar(rng)
    if roll < 0.7:
        return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["type", "target", "body", "id", "selector", "exact", "uri", "rows", "items", "x"]
    return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def _maybe(rng: random.Random, good: Any) -> Any:
    """Usually the good value, sometimes something of another type."""
    return good if rng.random() < 0.9 else _random_json(rng, 5)


def _w3c(rng: random.Random, source: str, quote: str) -> dict[str, Any]:
    selector = {"type": "TextQuoteSelector", "exact": _maybe(rng, quote)}
    if rng.random() < 0.3:
        selector = {"type": "FragmentSelector", "value": "p1", "refinedBy": selector}
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": _maybe(rng, "Annotation"),
        "id": _maybe(rng, f"urn:uuid:{rng.getrandbits(128):032x}"),
        "motivation": _maybe(rng, rng.choice(["highlighting", "commenting"])),
        "created": _maybe(rng, "2024-07-01T12:00:00Z"),
        "modified": _maybe(rng, "2024-07-02T12:00:00Z"),
        "body": _maybe(
            rng,
            [
                {"type": "TextualBody", "purpose": "tagging", "value": rng.choice(NASTY_TEXTS)},
                {"type": "TextualBody", "purpose": "commenting", "value": rng.choice(NASTY_TEXTS)},
            ],
        ),
        "target": _maybe(rng, {"source": _maybe(rng, source), "selector": _maybe(rng, [selector])}),
    }


def _hypothesis(rng: random.Random, url: str, quote: str) -> dict[str, Any]:
    return {
        "id": _maybe(rng, f"h{rng.getrandbits(32)}"),
        "uri": _maybe(rng, url),
        "text": _maybe(rng, rng.choice(NASTY_TEXTS)),
        "tags": _maybe(rng, [rng.choice(NASTY_TEXTS) for _ in range(rng.randint(0, 3))]),
        "created": _maybe(rng, "2024-07-01T12:00:00.000000+00:00"),
        "updated": _maybe(rng, "2024-07-01T12:00:00.000000+00:00"),
        "target": _maybe(
            rng,
            [{"source": url, "selector": [{"type": "TextQuoteSelector", "exact": quote}]}],
        ),
    }


def _document(rng: random.Random, article_ids: list[str], urls: list[str]) -> Any:
    article = rng.choice(article_ids)
    quote = rng.choice(["NATO", "Stoltenberg", "summit", "nowhere in the text"])
    shape = rng.choice(["w3c", "page", "collection", "readmark", "hypothesis", "rows", "export"])
    w3c = [_w3c(rng, ARTICLE_URN + article, quote) for _ in range(rng.randint(1, 4))]
    hyp = [_hypothesis(rng, rng.choice(urls or ["https://x"]), quote) for _ in range(2)]
    return {
        "w3c": w3c[0],
        "page": {"type": "AnnotationPage", "items": _maybe(rng, w3c)},
        "collection": {"type": "AnnotationCollection", "first": {"items": w3c}},
        "readmark": {
            "format": "readmark-annotations",
            "version": 1,
            "article": _maybe(rng, article),
            "annotations": _maybe(rng, w3c),
        },
        "hypothesis": hyp[0],
        "rows": {"rows": _maybe(rng, hyp), "total": 2},
        "export": {"export_date": "2024-07-01", "annotations": _maybe(rng, hyp)},
    }[shape]


def _damage(rng: random.Random, raw: bytes) -> bytes:
    how = rng.choice(["truncate", "flip", "insert", "none", "none", "none"])
    if not raw or how == "none":
        return raw
    at = rng.randrange(len(raw))
    if how == "truncate":
        return raw[:at]
    if how == "flip":
        return raw[:at] + bytes([raw[at] ^ (1 << rng.randrange(8))]) + raw[at + 1 :]
    return (
        raw[:at] + rng.choice([b"[", b"{", b'"', b"\\ud800", b"\xff", b"NaN", b"\x00"]) + raw[at:]
    )


def random_import(rng: random.Random, article_ids: list[str], urls: list[str]) -> bytes:
    """One input file's bytes."""
    kind = rng.choice(["nested", "huge", "non-utf8", "surrogate", "random", "shaped", "shaped"])
    if kind == "nested":
        opener = rng.choice([b"[", b'{"a":', b'{"rows":['])
        return opener * rng.choice([65, 1000, 100_000]) + rng.choice([b"", b"1", b"]" * 10])
    if kind == "huge":
        doc = _document(rng, article_ids, urls)
        return json.dumps([doc] * rng.randint(100, 2000)).encode()
    text = json.dumps(
        _random_json(rng) if kind == "random" else _document(rng, article_ids, urls),
        ensure_ascii=kind == "surrogate" or rng.random() < 0.5,
    )
    if kind == "non-utf8":
        return _damage(rng, text.encode("latin-1", "replace")) + rng.choice([b"\xff", b"\xc3"])
    return _damage(rng, text.encode("utf-8", "surrogatepass"))
