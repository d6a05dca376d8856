"""Plain text from note source: the sentence around a link, and text as a reader sees it.

Used by the vault index (the sentence each link stands in, shown as backlink context) and by the
wikilinks extension. What is code, math or a block id is the source layer's answer.
"""

from __future__ import annotations

import re

from rectified.source import BLOCK_ID, CODE, MATH, parse

__all__ = ["WIKILINK", "link_sentence", "plain_sentence", "wikilink_label"]

WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")


def wikilink_label(inner: str) -> str:
    """Default text of ``[[inner]]``: ``Note``, ``Note > Heading``, ``Note > ^id``, ``Heading``.

    An alias (``[[Note|text]]``, also ``\\|`` in tables) wins when it is not empty.
    """
    target, _, alias = re.sub(r"\\\|", "|", inner).partition("|")
    if alias.strip():
        return alias.strip()
    parts = [p.strip() for p in target.split("#")]
    if parts[0].lower().endswith(".md"):
        parts[0] = parts[0][:-3]
    return " > ".join(p for p in parts if p)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"^\s{0,3}(?:>\s?)*#{1,6}(?:\s|$)")
_ITEM_START = re.compile(r"^\s*(?:>\s?)*\s*(?:[-*+]|\d+[.)])\s")
_PREFIX = re.compile(r"^\s{0,3}(?:>\s?)*\s*(?:(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?)?")
_LINKS = re.compile(r"!?\[\[[^\]]*\]\]|!?\[[^\]]*\]\([^)]*\)")


def link_sentence(text: str, offset: int, snippet: str) -> str:
    """The sentence around ``snippet`` (at ``offset``), links replaced by their text."""
    lines = text.split("\n")
    row = text.count("\n", 0, offset)

    def boundary(i: int) -> bool:
        content = _PREFIX.sub("", lines[i]).strip()
        return not content or content.startswith("[!") or bool(_HEADING.match(lines[i]))

    if _PREFIX.sub("", lines[row]).startswith("|"):  # a table row is a sentence of its own
        block = lines[row]
        return plain_sentence(re.sub(r"\s*(?<!\\)\|\s*", " | ", block).strip(" |"))
    first = row
    while first > 0 and not _ITEM_START.match(lines[first]) and not boundary(first - 1):
        first -= 1
    last = row
    while last + 1 < len(lines) and not (boundary(last + 1) or _ITEM_START.match(lines[last + 1])):
        last += 1
    block = " ".join(_PREFIX.sub("", line).strip() for line in lines[first : last + 1])
    at = max(block.find(snippet), 0)
    # Sentence ends are looked for outside links and math ("J. Bernoulli", "et al.", "$1.5$").
    masked = parse(block, front_matter=False).masked([MATH, CODE], "_")
    masked = _LINKS.sub(lambda m: re.sub(r"[.!?]", "_", m.group(0)), masked)
    starts = [m.end() for m in re.finditer(r"[.!?]\s+", masked[:at])]
    start = starts[-1] if starts else 0
    stop = re.search(r"[.!?](?=\s|$)", masked[at + len(snippet) :])
    end = at + len(snippet) + stop.end() if stop else len(block)
    return plain_sentence(block[start:end])


def plain_sentence(sentence: str) -> str:
    """Source text as a reader sees it: links as their text, no highlights or block id.

    Code spans and math are kept as written (``$x$``, `` `[[x]]` ``), for the caller to render.
    """
    src = parse(sentence, front_matter=False)
    out, pos = [], 0
    for span in src.of(CODE, MATH, BLOCK_ID):
        out.append(_plain(sentence[pos : span.start]))
        if span.kind != BLOCK_ID:
            out.append(sentence[span.start : span.end])
        pos = span.end
    out.append(_plain(sentence[pos:]))
    sentence = re.sub(r"\s+", " ", "".join(out)).strip()
    return sentence if len(sentence) <= 300 else sentence[:299].rstrip() + "…"


def _plain(text: str) -> str:
    text = WIKILINK.sub(lambda m: wikilink_label(m.group(2)), text)
    text = re.sub(r"==(\S(?:.*?\S)?)==", r"\1", text)  # highlights
    return _MD_LINK.sub(lambda m: m.group(1), text)
