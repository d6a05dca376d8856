"""Data files of explorable figures (rectified.figures.explore): what they hold, and when written.

The rule the site relies on: every number the browser draws or shows is in the data file, and
equals what the snippet computes, to the last bit. The positions' values, the frames' layout in
the file, the packing of floats, the cache and the write-only-when-changed rule are tested on
small declarations; the real registry's data is compared with snippets.lib, state by state.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from rectified.figures import explore
from rectified.figures.render import style_paths
from rectified.figures.runner import run
from snippets.lib import explorable
from snippets.lib.activations import leaky_relu, relu, softplus, softplus_beta
from snippets.lib.explorable import Frame, Line, Number, Slider
from snippets.lib.running_average import effective_memory, noisy_step, running_average
from snippets.lib.sigmoid_sums import (
    blog_sum,
    nair_hinton_errors,
    nair_hinton_sum,
    nh_inputs,
)

X = np.linspace(-1.0, 1.0, 5)


def toy_frame(a: float, on: bool) -> Frame:
    return Frame(
        X,
        (Line("zero", np.zeros_like(X), "dashed"), Line("a x", (a + (10 if on else 0)) * X)),
        (Number("a squared", a * a, f"{a * a:.2f}"),),
    )


def toy(**changes) -> Slider:
    options = dict(
        frame=toy_frame, parameter="a", label="slope a", start=-1.0, stop=1.0, step=0.5,
        initial=0.5, title="Toy", xlabel="x", ylabel="y",
    )  # fmt: skip
    return Slider(**{**options, **changes})


PALETTES = explore.palettes(style_paths())


# ------------------------------------------------------------------------------ positions


@pytest.mark.parametrize(
    ("start", "stop", "step", "expected"),
    [
        (-1.0, 1.0, 0.5, [-1.0, -0.5, 0.0, 0.5, 1.0]),
        (1, 5, 1, [1.0, 2.0, 3.0, 4.0, 5.0]),
        (0.0, 0.3, 0.1, [0.0, 0.1, 0.2, 0.3]),  # 0.1 + 0.2 would be 0.30000000000000004
        (0.0, 0.99, 0.01, [k / 100 for k in range(100)]),
        (0.25, 1.0, 0.5, [0.25, 0.75]),  # stop is not a position: the last one below it
    ],
)
def test_positions_are_summed_in_decimal(start, stop, step, expected):
    assert explore.positions(toy(start=start, stop=stop, step=step)) == expected


def test_positions_of_the_leaky_slider_are_the_decimals_a_reader_reads():
    values = explore.positions(toy(start=-1.0, stop=1.0, step=0.05))
    assert len(values) == 41
    assert -0.35 in values
    assert 0.0 in values
    assert values[-1] == 1.0


def test_an_empty_range_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        explore.positions(toy(start=1.0, stop=0.0))


@pytest.mark.parametrize(
    ("value", "text"), [(2.5, "a = 2.5"), (-0.35, "a = \u22120.35"), (100.0, "a = 100")]
)
def test_value_text_uses_a_real_minus_sign(value, text):
    assert explore.value_text("a", value) == text


# ------------------------------------------------------------------------------ the data


def test_pack_keeps_every_bit():
    values = [0.1, -0.0, 1e-310, math.pi, -1.7976931348623157e308, 2.0**-1074]
    unpacked = explore.unpack(explore.pack(values))
    assert [v.hex() for v in unpacked] == [v.hex() for v in values]
    rows = explore.unpack(explore.pack([[1.0, 2.0], [3.0, 4.0]]), width=2)
    assert rows == [[1.0, 2.0], [3.0, 4.0]]


def test_data_layout_states_fixed_lines_and_numbers():
    data = explore.build_data("toy", toy(toggle="add ten", toggle_on=True), PALETTES)
    values = data["parameter"]["values"]
    assert values == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert data["parameter"]["initial"] == 3
    assert data["parameter"]["text"][1] == "a = \u22120.5"
    assert data["toggle"] == {"label": "add ten", "initial": True}
    assert explore.unpack(data["x"]) == X.tolist()
    zero, line = data["lines"]
    assert zero["fixed"]
    assert zero["dash"] == "dashed"
    assert explore.unpack(zero["y"]) == [0.0] * 5
    assert not line["fixed"]
    rows = explore.unpack(line["y"], width=len(X))
    assert len(rows) == 2 * len(values)  # state t * P + k
    for t, on in enumerate((False, True)):
        for k, a in enumerate(values):
            assert rows[t * len(values) + k] == ((a + (10 if on else 0)) * X).tolist()
    (number,) = data["numbers"]
    assert number["values"] == [a * a for a in values] * 2
    assert number["text"][3] == "0.25"
    assert data["xlim"] == [-1.0, 1.0]
    low, high = data["ylim"]
    assert low < -11.0  # every state fits
    assert high > 11.0
    assert data["palettes"] == PALETTES
    fields = explore.manifest_fields(data)
    assert fields["count"] == 5
    assert fields["initial_text"] == "a = 0.5"
    assert fields["numbers"] == [{"label": "a squared", "initial_text": "0.25"}]


def test_without_a_toggle_there_is_one_state_per_position():
    data = explore.build_data("toy", toy(ylim=(-2.0, 2.0)), PALETTES)
    assert data["toggle"] is None
    assert len(explore.unpack(data["lines"][1]["y"])) == 5 * len(X)
    assert data["ylim"] == [-2.0, 2.0]


def bad_x(a, on):
    return Frame(X * (1 + (a > 0)), (Line("y", X),))


def bad_labels(a, on):
    return Frame(X, (Line(f"a = {a}", X),))


def bad_value(a, on):
    return Frame(X, (Line("y", X / a),))


def bad_dash(a, on):
    return Frame(X, (Line("y", X, "wavy"),))


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (bad_x, "other x values"),
        (bad_labels, "other lines"),
        (bad_value, "not finite"),
        (bad_dash, "dash 'wavy'"),
    ],
)
def test_a_frame_breaking_the_contract_is_an_error(frame, message):
    with pytest.raises(ValueError, match=message), np.errstate(divide="ignore", invalid="ignore"):
        explore.build_data("toy", toy(frame=frame), PALETTES)


def test_palettes_are_the_style_sheets_colours():
    import matplotlib

    for variant, path in zip(("light", "dark"), style_paths(), strict=True):
        rc = matplotlib.rc_params_from_file(path, use_default_template=False)
        cycle = [
            f"#{c}" if not c.startswith("#") else c for c in rc["axes.prop_cycle"].by_key()["color"]
        ]
        assert PALETTES[variant]["lines"] == cycle
        assert PALETTES[variant]["text"].lstrip("#") == rc["text.color"].lstrip("#")
        assert PALETTES[variant]["grid"].lstrip("#") == rc["grid.color"].lstrip("#")


# -------------------------------------------------------------------- the real registry


def test_every_explorable_figure_is_a_registered_figure():
    from snippets.registry import EXPLORABLE, FIGURES

    assert set(EXPLORABLE) <= set(FIGURES)
    assert len(EXPLORABLE) >= 4


@pytest.fixture(scope="module")
def real_data() -> dict[str, dict]:
    from snippets.registry import EXPLORABLE

    return {name: explore.build_data(name, s, PALETTES) for name, s in EXPLORABLE.items()}


def rows(data: dict, line: str) -> list[list[float]]:
    width = len(explore.unpack(data["x"]))
    entry = next(item for item in data["lines"] if item["label"] == line)
    return explore.unpack(entry["y"], width=width)


def test_softplus_data_is_softplus_beta_at_every_position(real_data):
    for name in ("softplus", "softplus-gap"):
        data = real_data[name]
        x = np.array(explore.unpack(data["x"]))
        betas = data["parameter"]["values"]
        assert betas[0] == 0.25
        assert betas[-1] == 10.0
        curve = rows(data, data["lines"][-1]["label"])
        for k, beta in enumerate(betas):
            expected = softplus_beta(x, beta) - (relu(x) if name == "softplus-gap" else 0.0)
            assert curve[k] == expected.tolist()
            gap = data["numbers"][0]["values"][k]
            assert gap == float(softplus_beta(0.0, beta))
            assert gap == pytest.approx(math.log(2) / beta, rel=1e-15)
    relu_line = rows(real_data["softplus"], "ReLU  max(0, x)")
    assert relu_line == [relu(np.array(explore.unpack(real_data["softplus"]["x"]))).tolist()]


def test_leaky_relu_data_spans_abs_relu_and_identity(real_data):
    data = real_data["leaky-relu-other-alphas"]
    x = np.array(explore.unpack(data["x"]))
    alphas = data["parameter"]["values"]
    curve = rows(data, "max(0, x) + α min(0, x)")
    for k, alpha in enumerate(alphas):
        assert curve[k] == leaky_relu(x, alpha).tolist()
    assert curve[0] == np.abs(x).tolist()  # α = -1
    assert curve[alphas.index(0.0)] == relu(x).tolist()
    assert curve[-1] == x.tolist()  # α = 1


def test_sigmoid_sum_data_is_the_blogs_sum_and_nair_hintons(real_data):
    data = real_data["sigmoid-sum"]
    x = np.array(explore.unpack(data["x"]))
    ns = data["parameter"]["values"]
    assert ns == [float(n) for n in range(1, 101)]
    curve = rows(data, "sum of N sigmoids")
    count = len(ns)
    for k in (0, 9, 49, 99):
        n = int(ns[k])
        assert curve[k] == nair_hinton_sum(x, n).tolist()  # toggle off
        assert curve[count + k] == explorable.blog_scaled_sum(x, n).tolist()  # toggle on
    # N = 100 with the blog's scaling is exactly the blog's own computation.
    assert curve[count + 99] == blog_sum(x).tolist()
    errors = data["numbers"][0]["values"]
    assert errors[:count] == nair_hinton_errors(tuple(range(1, 101))).tolist()
    grid = nh_inputs()
    assert errors[count + 99] == float(np.max(np.abs(blog_sum(grid) - softplus(grid))))
    assert rows(data, "softplus(x)") == [softplus(x).tolist()]


def test_running_average_data_is_the_recursion(real_data):
    data = real_data["running-average"]
    _clean, noisy = noisy_step()
    alphas = data["parameter"]["values"]
    assert alphas[0] == 0.0
    assert alphas[-1] == 0.99
    curve = rows(data, "running average μ")
    for k in (0, 10, 90, 99):
        assert curve[k] == running_average(noisy, alphas[k]).tolist()
    assert rows(data, "input v") == [noisy.tolist()]
    memory = data["numbers"][0]
    assert memory["values"][90] == effective_memory(0.9)
    assert memory["text"][99] == f"{effective_memory(0.99):.1f} steps"


def test_data_files_stay_small(real_data):
    for name, data in real_data.items():
        assert len(explore.data_bytes(data)) < 300_000, name


# --------------------------------------------------------------------------- the writer

FRAMES = """
import numpy as np
from snippets.lib.explorable import Frame, Line, Number, Slider

X = np.linspace(0.0, 1.0, 3)


def frame(a, on):
    return Frame(X, (Line("a x", SCALE * a * X),), (Number("a", a, f"{a:g}"),))


SCALE = 1.0
"""


def registry_package(base: Path, name: str, figures: list[str], explorable_names: list[str]) -> str:
    pkg = base / name
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "frames.py").write_text(textwrap.dedent(FRAMES))
    entries = ", ".join(f'"{n}": frames.frame' for n in figures)
    sliders = ", ".join(
        f'"{n}": Slider(frames.frame, "a", "slope a", 0.0, 1.0, 0.5, 0.5, "T", "x", "y")'
        for n in explorable_names
    )
    (pkg / "registry.py").write_text(
        f"from {name} import frames\nfrom snippets.lib.explorable import Slider\n\n"
        f"FIGURES = {{{entries}}}\nEXPLORABLE = {{{sliders}}}\n"
    )
    return f"{name}.registry"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    name = f"explore_{request.node.name.replace('[', '_').replace(']', '_').replace('-', '_')}"
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path, name
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]


def forget(name: str) -> None:
    """Drop a package and its modules, so the next import reads the edited sources."""
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]
    importlib.invalidate_caches()


def manifest_of(*names: str) -> dict:
    return {n: {"files": {"light": f"{n}.svg", "dark": f"{n}.dark.svg"}} for n in names}


def test_publish_writes_once_caches_and_records_in_the_manifest(package):
    base, name = package
    reg = registry_package(base, name, ["one", "two"], ["one"])
    out, cache = base / "out", base / "cache"
    out.mkdir()
    manifest = manifest_of("one", "two")
    results = explore.publish(manifest, out, cache, registry=reg, styles=style_paths())
    assert [(r.name, r.status) for r in results] == [("one", "rendered")]
    path = out / "one.explore.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["parameter"]["values"] == [0.0, 0.5, 1.0]
    assert manifest["one"]["files"]["data"] == "one.explore.json"
    assert manifest["one"]["explore"]["initial_text"] == "a = 0.5"
    assert "explore" not in manifest["two"]
    stamp = path.stat().st_mtime_ns

    manifest = manifest_of("one", "two")
    again = explore.publish(manifest, out, cache, registry=reg, styles=style_paths())
    assert [(r.name, r.status) for r in again] == [("one", "cached")]
    assert path.stat().st_mtime_ns == stamp  # same bytes: not written

    # Editing the module the frames come from changes the key: computed again, and rewritten.
    frames = base / name / "frames.py"
    # (A different size, so that Python does not reuse the .pyc of the same second.)
    frames.write_text(frames.read_text().replace("SCALE = 1.0", "SCALE = 2.00"))
    forget(name)
    edited = explore.publish(manifest_of("one"), out, cache, registry=reg, styles=style_paths())
    assert [(r.name, r.status) for r in edited] == [("one", "rendered")]
    rows = explore.unpack(json.loads(path.read_text("utf-8"))["lines"][0]["y"], width=3)
    assert rows[2] == [0.0, 1.0, 2.0]  # a = 1, scale 2


def test_publish_reports_an_unknown_name_and_skips_an_undrawn_figure(package, caplog):
    base, name = package
    reg = registry_package(base, name, ["one"], ["one", "nowhere"])
    out = base / "out"
    out.mkdir()
    results = explore.publish(
        {}, out, base / "cache", registry=reg, styles=style_paths(), registered={"one"}
    )
    assert [(r.name, r.status) for r in results] == [("nowhere", "failed")]
    assert "not a registered figure" in results[0].error
    assert not list(out.iterdir())  # "one" failed to draw (not in the manifest): no data


def test_a_registry_without_explorable_figures_gets_nothing(package):
    base, name = package
    reg = registry_package(base, name, ["one"], [])
    text = (base / name / "registry.py").read_text().replace("EXPLORABLE = {}\n", "")
    (base / name / "registry.py").write_text(text)
    assert not explore.declares_explorable(reg)
    assert explore.publish(manifest_of("one"), base, base / "c", registry=reg, styles=[]) == []


FIGURE = '''
from matplotlib.figure import Figure


def line_plot():
    """A straight line

    The identity function drawn over a small grid.
    """
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_title("Identity")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return fig
'''


def test_the_runner_writes_the_data_file_and_deletes_it_when_undeclared(package):
    base, name = package
    reg = registry_package(base, name, [], ["line"])
    (base / name / "lines.py").write_text(textwrap.dedent(FIGURE))
    registry = base / name / "registry.py"
    registry.write_text(
        registry.read_text()
        .replace(f"from {name} import frames", f"from {name} import frames, lines")
        .replace("FIGURES = {}", 'FIGURES = {"line": lines.line_plot}')
    )
    out, cache = base / "out", base / "cache"
    report = run(out, cache, registry=reg, jobs=1)
    assert report.ok
    assert [(r.name, r.status) for r in report.explorable] == [("line", "rendered")]
    assert report.as_json()["explorable"] == [{"name": "line", "status": "rendered"}]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["line"]["files"]["data"] == "line.explore.json"
    assert (out / "line.explore.json").is_file()

    registry.write_text(registry.read_text().replace('EXPLORABLE = {"line"', 'OLD = {"line"'))
    forget(name)
    report = run(out, cache, registry=reg, jobs=1)
    assert report.explorable == []
    assert not (out / "line.explore.json").exists()  # its own file, listed before: removed
    assert report.foreign == []
