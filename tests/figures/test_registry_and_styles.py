"""Every registered figure renders to valid SVG in both palettes; the palettes are legible."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import matplotlib
import pytest

from rectified.figures.render import STYLES_DIR, VARIANTS, render_variant
from rectified.figures.spec import load_registry

SPECS = load_registry()
SVG = "{http://www.w3.org/2000/svg}"

# Material for MkDocs page backgrounds: white, and slate hsl(232, 15%, 14%).
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2029"}


@pytest.mark.parametrize("name", sorted(SPECS))
@pytest.mark.parametrize("variant", VARIANTS)
def test_registered_figure_renders_valid_svg(name, variant):
    spec = SPECS[name]
    data = render_variant(spec.module, spec.function, variant)
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert texts.strip(), "the figure has no real text (titles, labels)"
    assert b"<dc:date>" not in data  # no timestamp: output is reproducible


def relative_luminance(colour: str) -> float:
    r, g, b = matplotlib.colors.to_rgb(colour)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def style(variant: str) -> dict:
    return matplotlib.rc_params_from_file(
        STYLES_DIR / f"{variant}.mplstyle", use_default_template=False
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_text_meets_wcag_aa_against_the_page(variant):
    rc = style(variant)
    bg = BACKGROUNDS[variant]
    for key in ("text.color", "axes.labelcolor", "axes.titlecolor", "xtick.color", "ytick.color"):
        assert contrast(rc[key], bg) >= 4.5, f"{variant} {key} {rc[key]}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_line_colour_meets_wcag_non_text_contrast(variant):
    rc = style(variant)
    colours = rc["axes.prop_cycle"].by_key()["color"]
    assert len(colours) >= 5
    for colour in colours:
        assert contrast(colour, BACKGROUNDS[variant]) >= 3.0, f"{variant} line colour {colour}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_style_sheets_set_only_colours(variant):
    for key in style(variant):
        assert "color" in key or key.endswith(("facecolor", "edgecolor", "prop_cycle")), key
