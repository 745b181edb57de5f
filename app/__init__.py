"""Readmark: an offline reader, search engine and annotation tool for news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("readmark")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
