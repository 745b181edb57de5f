"""Tags as paths: '/' makes levels (``defence/missile-defence``), and a tag matches ignoring
case. The rules every part of Readmark follows for "this tag or one below it": the tag
library, a tag's timeline, a rename moving a branch, the codebook, the ``tag:`` search.
Kept apart from the codebook so the annotation store can use them (the codebook reads the
store's model)."""

from app.core.annotations.model import normalise_tag


def key(tag: str) -> str:
    """Tags match ignoring case, everywhere in Readmark."""
    return tag.casefold()


def levels(tag: str) -> list[str]:
    return tag.split("/")


def parent_of(tag: str) -> str | None:
    return tag.rsplit("/", 1)[0] if "/" in tag else None


def ancestors(tag: str) -> list[str]:
    """``a/b/c`` -> ``["a", "a/b"]``: the branches a tag sits in, outermost first."""
    parts = levels(tag)
    return ["/".join(parts[:n]) for n in range(1, len(parts))]


def is_under(tag: str, branch: str) -> bool:
    """The tag is the branch itself or one of its descendants (ignoring case)."""
    tag_key, branch_key = key(tag), key(normalise_tag(branch))
    return tag_key == branch_key or tag_key.startswith(branch_key + "/")


def moved(tag: str, old: str, new: str) -> str | None:
    """Where ``tag`` goes when the branch ``old`` is renamed to ``new`` (None: not in it):
    renaming ``defence`` to ``security`` takes ``defence/missile-defence`` along."""
    if not is_under(tag, old):
        return None
    return normalise_tag(new) + tag[len(normalise_tag(old)) :]
