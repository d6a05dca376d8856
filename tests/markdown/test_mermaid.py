"""Mermaid diagrams: ```mermaid fences left for the theme, the library vendored and pinned."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "rectified" / "theme" / "assets" / "mermaid"
README = ROOT / "rectified" / "vendor" / "mermaid" / "README.md"
VERSION = "11.17.2"
SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its Python tags kept as strings (nothing imported)."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix.split(":", 1)[-1]
)


def superfences_config() -> dict:
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict) and "pymdownx.superfences" in entry:
            return entry["pymdownx.superfences"]
    raise AssertionError("pymdownx.superfences is not configured in mkdocs.yml")


def test_the_vendored_library_is_the_pinned_one() -> None:
    data = (ASSETS / "mermaid.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256
    assert (ASSETS / "VERSION").read_text().strip() == VERSION
    assert "MIT License" in (ASSETS / "LICENSE").read_text()
    readme = README.read_text("utf-8")
    assert f"**{VERSION}**" in readme
    assert SHA256 in readme
    # It defines the global Material's script looks for, and fetches nothing by itself.
    assert data.rstrip().endswith(
        b'globalThis["mermaid"] = globalThis.__esbuild_esm_mermaid_nm["mermaid"].default;'
    )
    assert b"sourceMappingURL" not in data


def test_mkdocs_yml_makes_mermaid_fences_pre_blocks() -> None:
    (fence,) = [f for f in superfences_config()["custom_fences"] if f["name"] == "mermaid"]
    assert fence["class"] == "mermaid"
    assert fence["format"] == "pymdownx.superfences.fence_code_format"
    from pymdownx.superfences import fence_code_format

    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {"name": "mermaid", "class": "mermaid", "format": fence_code_format}
                ]
            }
        },
    )
    html = md.convert("```mermaid\nflowchart LR\n  A --> B\n```\n")
    assert html == '<pre class="mermaid"><code>flowchart LR\n  A --&gt; B</code></pre>'


def test_the_theme_loads_the_library_from_the_site_only_where_a_diagram_is() -> None:
    template = (ROOT / "rectified" / "theme" / "main.html").read_text("utf-8")
    block = template[template.index("{% block scripts %}") :]
    condition = re.search(
        r"\{% if ([^%]*'class=\"mermaid\"'[^%]*) %\}(.*?)\{% endif %\}", block, re.S
    )
    assert condition, "main.html does not load Mermaid on diagram pages"
    assert "'assets/mermaid/mermaid.min.js' | url" in condition.group(2)
    # Before Material's own script, which would fetch it from a CDN when `mermaid` is undefined.
    assert block.index("mermaid.min.js") < block.index("{{ super()")
    assert "http" not in condition.group(2)
