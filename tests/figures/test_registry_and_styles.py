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


def test_reading_the_registry_from_source_equals_importing_it():
    """The runner reads the registry without importing it (a no-op run stays fast)."""
    import importlib

    from rectified.figures.spec import read_registry, spec_for

    registry = importlib.import_module("snippets.registry")
    imported = {name: spec_for(name, func) for name, func in registry.FIGURES.items()}
    assert read_registry("snippets.registry") == imported


def test_a_no_op_run_does_not_import_matplotlib(tmp_path):
    import subprocess
    import sys

    def runner(code: str) -> str:
        args = [sys.executable, "-c", code, str(tmp_path / "out"), str(tmp_path / "cache")]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    prefix = "import sys; from pathlib import Path; from rectified.figures.runner import run;"
    runner(prefix + "run(Path(sys.argv[1]), Path(sys.argv[2]))")  # draws everything
    out = runner(
        prefix + "r = run(Path(sys.argv[1]), Path(sys.argv[2]));"
        "assert r.count('rendered') == 0, r.table();"
        "print('matplotlib' in sys.modules, 'numpy' in sys.modules)"
    )
    assert out.strip().splitlines()[-1] == "False False"
