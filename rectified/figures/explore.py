"""Data files of explorable figures: every slider position's curves, computed by the snippets.

An explorable figure is declared in the registry (``EXPLORABLE`` in ``snippets/registry.py``,
a :class:`snippets.lib.explorable.Slider` per figure name). For each one whose static figure was
drawn, the figure runner calls :func:`publish`, which writes ``NAME.explore.json`` next to the
SVGs: the x values, every line's y values at every position (and toggle state), the numbers
shown beside the slider, and both palettes read from the runner's style sheets. The site's
script (``rectified/theme/assets/explore.js``) only picks a position and draws it, so what a
reader sees is what the snippet computed, to the last bit: floats are written with Python's
shortest round-trip repr, which JavaScript's ``JSON.parse`` reads back to the same double.

The manifest entry of an explorable figure gains ``files["data"]`` (so the runner's clean-up
knows the file is its own) and ``explore`` (what the Markdown extension needs to add the slider
without reading the data file: parameter, positions, initial position and its text).

Cached by content like the SVGs: the key hashes :data:`EXPLORE_SALT`, the Python and numpy
versions, the figure's name, the registry's source and the sources of the snippet modules it
imports (transitively), and the style sheets. A hit copies the cached bytes; a miss imports the
registry (and so matplotlib) and computes. Written only when the bytes change.

Known limits: any edit to the registry or to a snippet module it imports recomputes every
explorable figure (about a second for all of them); positions are computed one after the other
in this process, not on the runner's workers; a data file holds full-precision floats, so it is
tens to a few hundred kilobytes (the browser fetches it only when the figure comes into view).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib
import json
import logging
import math
import re
import struct
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rectified.figures.files import atomic_write, write_if_changed
from rectified.figures.spec import _origin, environment_fingerprint, local_dependencies

__all__ = [
    "DATA_SCHEMA",
    "EXPLORE_SALT",
    "ExploreResult",
    "build_data",
    "data_name",
    "declares_explorable",
    "explore_key",
    "pack",
    "palettes",
    "positions",
    "publish",
    "unpack",
    "value_text",
]

log = logging.getLogger(__name__)

# Bump when the data file's format or how it is computed changes (invalidates the cache).
EXPLORE_SALT = "rectified-explore-3"
DATA_SCHEMA = 1
CACHE_SUBDIR = "explore"
DASHES = ("solid", "dashed", "dotted", "dashdot")
LEGEND_CORNERS = ("upper left", "upper right", "lower left", "lower right")


@dataclass
class ExploreResult:
    name: str
    status: str  # rendered | cached | failed
    error: str = ""


def data_name(name: str) -> str:
    """File name of a figure's data file, beside its SVGs."""
    return f"{name}.explore.json"


def declares_explorable(registry: str) -> bool:
    """Whether the registry module assigns ``EXPLORABLE`` (read from its source, not imported)."""
    origin = _origin(registry)
    if origin is None:
        return False
    tree = ast.parse(origin.read_text("utf-8"))
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "EXPLORABLE" for t in targets):
            return True
    return False


def _declared_names(registry: str) -> list[str] | None:
    """The names ``EXPLORABLE`` declares, from the source (None: not a plain dict literal)."""
    origin = _origin(registry)
    if origin is None:
        return None
    for node in ast.parse(origin.read_text("utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "EXPLORABLE" for t in targets):
                if not isinstance(node.value, ast.Dict):
                    return None
                keys = [k.value if isinstance(k, ast.Constant) else None for k in node.value.keys]
                return keys if all(isinstance(k, str) for k in keys) else None
    return None


def explore_key(name: str, registry: str, styles: list[Path], memo: dict | None = None) -> str:
    """Content hash of everything that can change ``name``'s data file (see the module doc)."""
    memo = {} if memo is None else memo
    if "explore_files" not in memo:
        package = registry.split(".")[0]
        files = local_dependencies(registry, package)
        memo["explore_files"] = [(p.name, p.read_bytes()) for p in [*files, *styles]]
        memo["explore_env"] = environment_fingerprint()
    h = hashlib.sha256()
    h.update(f"{EXPLORE_SALT}\0{memo['explore_env']}\0{name}\0{registry}".encode())
    for filename, data in memo["explore_files"]:
        h.update(filename.encode())
        h.update(data)
    return h.hexdigest()


# --------------------------------------------------------------------------- the data


def positions(slider: Any) -> list[float]:
    """``start, start + step, ...`` up to ``stop`` (inclusive), summed in decimal arithmetic."""
    start, stop, step = (Decimal(repr(float(v))) for v in (slider.start, slider.stop, slider.step))
    if step <= 0 or stop < start:
        raise ValueError(f"slider range {start}..{stop} step {step} is empty")
    count = int((stop - start) / step) + 1
    return [float(start + k * step) for k in range(count)]


def value_text(symbol: str, value: float) -> str:
    """How the value label shows a position: ``β = 2.5``, ``α = −0.35`` (a real minus sign)."""
    return f"{symbol} = {value:g}".replace("-", "\u2212")


_HEX = re.compile(r"'([0-9a-fA-F]{6})'")


def palettes(styles: list[Path], variants: tuple[str, ...] = ("light", "dark")) -> dict:
    """The colours of each palette, read from the runner's style sheets (hex, with ``#``).

    ``lines`` is ``axes.prop_cycle``'s colour list; ``text``, ``axes`` (the frame), ``grid``
    and ``legend`` (the legend's fill) come from the keys of the same names.
    """
    out: dict[str, dict] = {}
    keys = {
        "text": "text.color",
        "axes": "axes.edgecolor",
        "grid": "grid.color",
        "legend": "legend.facecolor",
    }
    for variant, path in zip(variants, styles, strict=True):
        rc: dict[str, str] = {}
        for line in path.read_text("utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if ":" in line:
                key, value = line.split(":", 1)
                rc[key.strip()] = value.strip()
        colours = {
            k: f"#{rc[v]}"
            for k, v in keys.items()
            if re.fullmatch(r"[0-9a-fA-F]{6}", rc.get(v, ""))
        }
        colours["lines"] = [f"#{c}" for c in _HEX.findall(rc.get("axes.prop_cycle", ""))]
        out[variant] = colours
    return out


def _floats(values: Any) -> list[float]:
    out = [float(v) for v in values]
    for v in out:
        if not math.isfinite(v):
            raise ValueError("a frame holds a value that is not finite (NaN or infinity)")
    return out


def build_data(name: str, slider: Any, colours: dict) -> dict:
    """The data file's content for one explorable figure (raises ValueError on a bad frame).

    ``x`` and each ``lines[i].y`` are :func:`pack`-ed. A line's ``y`` holds one row of
    ``len(x)`` values per state, state ``t * P + k`` being position k with the toggle off
    (t = 0) or on (t = 1), P the number of positions; a line equal at every state has ``fixed:
    true`` and one row. ``numbers[j].values`` and ``.text`` are plain lists, one per state.
    """
    values = positions(slider)
    toggles = [False, True] if slider.toggle else [False]
    frames = [slider.frame(v, t) for t in toggles for v in values]
    first = frames[0]
    x = _floats(first.x)
    labels = [line.label for line in first.lines]
    number_labels = [n.label for n in first.numbers]
    for i, frame in enumerate(frames):
        where = f"{name}: position {values[i % len(values)]:g}"
        if _floats(frame.x) != x:
            raise ValueError(f"{where} returns other x values than the first position")
        if [line.label for line in frame.lines] != labels:
            raise ValueError(f"{where} returns other lines than the first position")
        if [n.label for n in frame.numbers] != number_labels:
            raise ValueError(f"{where} returns other numbers than the first position")
    lines = []
    low, high = math.inf, -math.inf
    for j, label in enumerate(labels):
        ys = [_floats(frame.lines[j].y) for frame in frames]
        if any(len(y) != len(x) for y in ys):
            raise ValueError(f"{name}: line {label!r} has not one value per x")
        dash = first.lines[j].dash
        if dash not in DASHES:
            raise ValueError(f"{name}: line {label!r} has dash {dash!r}, not one of {DASHES}")
        fixed = all(y == ys[0] for y in ys)
        for y in ys:
            low, high = min(low, *y), max(high, *y)
        line: dict = {"label": label, "dash": dash, "points": bool(first.lines[j].points)}
        line.update({"fixed": True, "y": pack(ys[0])} if fixed else {"fixed": False, "y": pack(ys)})
        lines.append(line)
    if slider.legend not in LEGEND_CORNERS:
        raise ValueError(f"{name}: legend {slider.legend!r} is not one of {LEGEND_CORNERS}")
    if slider.ylim is not None:
        ylim = [float(slider.ylim[0]), float(slider.ylim[1])]
    else:
        pad = 0.05 * (high - low or 1.0)
        ylim = [low - pad, high + pad]
    initial = min(range(len(values)), key=lambda k: abs(values[k] - float(slider.initial)))
    return {
        "schema": DATA_SCHEMA,
        "name": name,
        "title": slider.title,
        "xlabel": slider.xlabel,
        "ylabel": slider.ylabel,
        "parameter": {
            "symbol": slider.parameter,
            "label": slider.label,
            "values": values,
            "text": [value_text(slider.parameter, v) for v in values],
            "initial": initial,
        },
        "toggle": (
            {"label": slider.toggle, "initial": bool(slider.toggle_on)} if slider.toggle else None
        ),
        "x": pack(x),
        "xlim": [min(x), max(x)],
        "ylim": ylim,
        "legend": slider.legend,
        "lines": lines,
        "numbers": [
            {
                "label": label,
                "values": [float(frame.numbers[j].value) for frame in frames],
                "text": [frame.numbers[j].text for frame in frames],
            }
            for j, label in enumerate(number_labels)
        ],
        "palettes": colours,
    }


def pack(values: list[float] | list[list[float]]) -> dict:
    """Floats as ``{"f64": base64}``: little-endian IEEE doubles, rows one after the other.

    Exact (every bit kept) and about half the size of the shortest decimal text; the script
    reads it with a ``DataView``. :func:`unpack` is its inverse.
    """
    rows = values if values and isinstance(values[0], list) else [values]
    flat = [v for row in rows for v in row]
    return {"f64": base64.b64encode(struct.pack(f"<{len(flat)}d", *flat)).decode("ascii")}


def unpack(packed: dict, width: int | None = None) -> list[float] | list[list[float]]:
    """The floats of :func:`pack`; with ``width``, cut into rows of that length."""
    raw = base64.b64decode(packed["f64"])
    flat = list(struct.unpack(f"<{len(raw) // 8}d", raw))
    if width is None:
        return flat
    return [flat[i : i + width] for i in range(0, len(flat), width)]


def data_bytes(data: dict) -> bytes:
    """Compact JSON (floats as Python's shortest repr, which round-trips), UTF-8."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def manifest_fields(data: dict) -> dict:
    """What the manifest says of an explorable figure (the Markdown extension reads it)."""
    p = data["parameter"]
    return {
        "parameter": p["symbol"],
        "label": p["label"],
        "count": len(p["values"]),
        "initial": p["initial"],
        "initial_text": p["text"][p["initial"]],
        "toggle": data["toggle"],
        "numbers": [
            {"label": n["label"], "initial_text": n["text"][_initial_state(data)]}
            for n in data["numbers"]
        ],
    }


def _initial_state(data: dict) -> int:
    p = data["parameter"]
    on = bool(data["toggle"] and data["toggle"]["initial"])
    return (len(p["values"]) if on else 0) + p["initial"]


# --------------------------------------------------------------------------- the run


def publish(
    manifest: dict[str, dict],
    out_dir: Path,
    cache_dir: Path,
    *,
    registry: str = "snippets.registry",
    styles: list[Path],
    registered: set[str] | None = None,
    force: bool = False,
) -> list[ExploreResult]:
    """Write the data file of every explorable figure in ``manifest``; record it there.

    A figure missing from ``manifest`` (not drawn, or failed) gets no data file. A declaration
    that names no registered figure, or a frame function that raises or breaks the contract, is
    logged and reported as failed; its figure stays static.
    """
    if not declares_explorable(registry):
        return []
    names = _declared_names(registry)
    memo: dict = {}
    results: list[ExploreResult] = []
    sliders = None
    folder = cache_dir / CACHE_SUBDIR
    if names is None:
        error = f"{registry}: EXPLORABLE must be a dict literal keyed by figure names"
        log.error("%s", error)
        return [ExploreResult("EXPLORABLE", "failed", error)]
    for name in names:
        if registered is not None and name not in registered:
            error = f"explorable figure {name!r} is not a registered figure (FIGURES)"
            log.error("%s", error)
            results.append(ExploreResult(name, "failed", error))
            continue
        if name not in manifest:
            log.debug("explorable figure %r has no drawn static figure: no data file", name)
            continue
        key = explore_key(name, registry, styles, memo)
        cached = folder / f"{key}.json"
        status = "cached"
        if force or not cached.is_file():
            if sliders is None:
                sliders = importlib.import_module(registry).EXPLORABLE
            try:
                data = build_data(name, sliders[name], palettes(styles))
            except Exception as exc:  # a snippet's bug: report it, keep the figure static
                error = f"explorable figure {name!r}: {type(exc).__name__}: {exc}"
                log.error("%s", error)
                results.append(ExploreResult(name, "failed", error))
                continue
            atomic_write(cached, data_bytes(data))
            status = "rendered"
        raw = cached.read_bytes()
        write_if_changed(out_dir / data_name(name), raw)
        entry = manifest[name]
        entry["files"] = {**entry["files"], "data": data_name(name)}
        entry["explore"] = manifest_fields(json.loads(raw))
        results.append(ExploreResult(name, status))
    return results
