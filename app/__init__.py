"""Readmark: an offline reader, search engine and annotation tool for news articles."""


def __getattr__(name: str) -> str:
    """``__version__``, looked up when first asked: importlib.metadata and the look-up cost
    70 ms of every start of the window, which shows the version only in its About box."""
    if name != "__version__":
        raise AttributeError(f"module 'app' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("readmark")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
