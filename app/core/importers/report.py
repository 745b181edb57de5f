"""What an import did, file by file: the value the CLI prints and the UI shows."""

import re
from dataclasses import dataclass, field
from pathlib import Path

_ITEM_SOURCE = re.compile(r"^(.*)#\d+$", re.S)


@dataclass(frozen=True)
class ImportedArticle:
    """A new article file; ``warnings`` say what was guessed or repaired on the way."""

    id: str
    path: Path
    source: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """An input whose text the library already holds (same content hash)."""

    source: str
    existing_id: str

    def __str__(self) -> str:
        return f"{self.source}: already in the library as '{self.existing_id}'"


@dataclass(frozen=True)
class ImportFailure:
    """An input that could not become an article, with a one-line reason."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """A file of an imported folder passed over as no article (a README, a list of names,
    data); naming the file itself imports it."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class ImportReport:
    imported: list[ImportedArticle] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.imported]

    def articles_per_file(self) -> dict[str, int]:
        """How many new articles each input file gave, in import order. A file that holds
        many (a periodical EPUB, a Reuters collection) names each as ``FILE#N``."""
        counts: dict[str, int] = {}
        for item in self.imported:
            match = _ITEM_SOURCE.match(item.source)
            file = match.group(1) if match else item.source
            counts[file] = counts.get(file, 0) + 1
        return counts

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already present")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored (not an article format)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (not an article)")
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts)
