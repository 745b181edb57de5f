"""Three corrections to citeproc-py 0.11 where it departs from the CSL 1.0.2 specification
in ways every news citation meets; applied once, before the first style is loaded.

1. ``cs:label`` printed its term when the labelled variable is empty, so Chicago cited every
   article as "..., Edition." (citeproc-py issue #204, fix proposed in PR #207).
2. ``cs:substitute`` suppressed a substituted variable only when it was called directly, not
   through a macro, so APA and MLA printed the title twice for an article with no byline
   ("Title. (2024). Title. Source."). The spec: "Substituted variables are suppressed in the
   rest of the output".
3. A localized date joined its parts with the calling ``cs:date``'s delimiter, which a style
   leaves unset, instead of the locale's, so Vancouver printed "2024Jun19".

Each is a small wrapper around the library's own method; pinning citeproc-py below 0.12 in
pyproject.toml keeps them pointed at the code they correct. The tests in
``tests/core/test_citations.py`` fail if any of them stops working.
"""

import functools
from typing import Any

from citeproc import model

_TEXT = "{http://purl.org/net/xbiblio/csl}text"  # the key citeproc-py represses text under
# Variables rendered while a cs:substitute is being tried; a stack, since substitutes nest.
_rendering_substitute: list[set[str]] = []
_UNCHECKED_LABELS = {"locator", "page-first", "citation-number"}


def _label_process(original: Any) -> Any:
    @functools.wraps(original)
    def process(self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
        own = self.get("variable")
        if variable is None and own and own not in _UNCHECKED_LABELS:
            try:
                value = item.reference[own.replace("-", "_")]
            except model.VariableError:
                return None
            if not value:
                return None
        return original(self, item, variable, *args, **kwargs)

    return process


def _text_variable(original: Any) -> Any:
    @functools.wraps(original)
    def variable(self: Any, item: Any, context: Any) -> Any:
        value = original(self, item, context)
        if _rendering_substitute and value:
            _rendering_substitute[-1].add(self.get("variable"))
        return value

    return variable


def _substitute_render(original: Any) -> Any:
    @functools.wraps(original)
    def render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        _rendering_substitute.append(set())
        try:
            text = original(self, item, context=context, **kwargs)
        finally:
            used = _rendering_substitute.pop()
        if text and context is not None:
            context.get_layout().repressed.setdefault(_TEXT, []).extend(sorted(used))
        return text

    return render


def _render_single_date(_original: Any) -> Any:
    def render_single_date(
        self: Any, date: Any, show_parts: Any = None, context: Any = None
    ) -> Any:
        parts = (
            self.parts(date, show_parts, context)
            if context != self
            else self.parts(date, show_parts)
        )
        if not parts:
            return None
        use_caller = (
            self.is_locale_date() and context is not None and context.get("delimiter") is not None
        )
        return (context if use_caller else self).join(parts)

    return render_single_date


@functools.cache
def apply() -> None:
    """Wrap the four methods once per process."""
    model.Label.process = _label_process(model.Label.process)
    model.Text._variable = _text_variable(model.Text._variable)
    model.Substitute.render = _substitute_render(model.Substitute.render)
    model.Date.render_single_date = _render_single_date(model.Date.render_single_date)
