"""Fixtures shared by the window tests (defined in ``window_fixtures``)."""

from tests.ui.window_fixtures import built_workspace, window, workspace

__all__ = ["built_workspace", "window", "workspace"]
