"""Every text colour on every background it is drawn on reaches WCAG AA (4.5:1), in every
theme, computed from the theme values with WCAG 2.x relative luminance."""

import pytest

from app.core.annotations import COLOURS
from app.ui.themes import READABLE_PAIRS, THEMES, Theme

AA = 4.5


def luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_matches_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def backgrounds(theme: Theme, names: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        if name == "highlights":
            found.update({f"highlight {c}": theme.highlights[c] for c in COLOURS})
        else:
            found[name] = getattr(theme, name)
    return found


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_text_colour_is_readable_on_its_backgrounds(theme: Theme) -> None:
    weak = [
        f"{fg} on {bg}: {contrast(getattr(theme, fg), colour):.2f}"
        for fg, names in READABLE_PAIRS.items()
        for bg, colour in backgrounds(theme, names).items()
        if contrast(getattr(theme, fg), colour) < AA
    ]
    assert weak == []
