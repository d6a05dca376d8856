"""The works the notes cite, as data.

:data:`WORKS` lists every work of the bibliography, ``docs/references.bib`` (the one source
of the note "References"), with its heading there, its year, the kind of publication and a few
words on what the notes use it for. ``tests/content/test_references.py`` checks the headings,
years, order and kinds against the ``.bib``, so the timeline figure (:mod:`snippets.references`)
cannot drift from the bibliography.

Why a copy and not a read of the ``.bib``: a figure is cached by the code it runs, so what it
draws stays in code (numpy only, nothing read at import or draw time).

Known limits: the topics are typed by hand; only a reader checks what they say.
Nothing is computed at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "WORKS", "Work"]


@dataclass(frozen=True)
class Work:
    heading: str  # exactly the ### heading in References.md, e.g. "Misra (2019)"
    year: int  # the year in that heading
    kind: str  # one of KINDS
    topic: str  # what the notes cite it for, in a few words


KINDS = ("paper", "preprint", "book", "lecture")  # paper: in proceedings or a journal

WORKS: tuple[Work, ...] = (
    Work("Bishop and Bishop (2024)", 2024, "book", "textbook"),
    Work("Chowdhery et al. (2022)", 2022, KINDS[1], "PaLM, SwiGLU"),
    Work("Clevert, Unterthiner and Hochreiter (2016)", 2016, KINDS[0], "ELU"),
    Work("Dauphin et al. (2017)", 2017, KINDS[0], "gated linear unit"),
    Work("Devlin et al. (2019)", 2019, KINDS[0], "BERT, GELU"),
    Work("Dugas et al. (2001)", 2001, KINDS[0], "softplus"),
    Work("Elfwing, Uchibe and Doya (2018)", 2018, KINDS[0], "SiLU named"),
    Work("Fukushima (1969)", 1969, KINDS[0], "analog threshold elements"),
    Work("Fukushima (1975)", 1975, KINDS[0], "cognitron"),
    Work("Glorot and Bengio (2010)", 2010, KINDS[0], "Glorot (Xavier) init"),
    Work("Glorot, Bordes and Bengio (2011)", 2011, KINDS[0], "deep sparse rectifier nets"),
    Work("Goodfellow et al. (2013)", 2013, KINDS[0], "maxout"),
    Work("Goodfellow, Bengio and Courville (2016)", 2016, "book", "textbook"),
    Work("Hahnloser et al. (2000)", 2000, KINDS[0], "threshold-linear circuit"),
    Work("Hanin and Rolnick (2019)", 2019, KINDS[0], "linear regions at init"),
    Work("He et al. (2015)", 2015, KINDS[0], "PReLU, He init"),
    Work("Hendrycks and Gimpel (2016)", 2016, KINDS[1], "GELU"),
    Work("Hinton (2013)", 2013, "lecture", "ReLU as many sigmoids"),
    Work("Howard et al. (2017)", 2017, KINDS[1], "MobileNets"),
    Work("Jacob et al. (2018)", 2018, KINDS[0], "8-bit quantisation"),
    Work("Jarrett et al. (2009)", 2009, KINDS[0], "rectification in vision"),
    Work("Kingma and Ba (2015)", 2015, KINDS[0], "Adam"),
    Work("Klambauer et al. (2017)", 2017, KINDS[0], "SELU"),
    Work("Krizhevsky (2010)", 2010, KINDS[1], "ReLU6"),
    Work("Krizhevsky, Sutskever and Hinton (2012)", 2012, KINDS[0], "ReLU in a large CNN"),
    Work("Leshno et al. (1993)", 1993, KINDS[0], "universal approximation"),
    Work("Lu et al. (2019)", 2019, KINDS[1], "dead at initialisation"),
    Work("Maas, Hannun and Ng (2013)", 2013, KINDS[0], "leaky ReLU"),
    Work("Misra (2019)", 2019, KINDS[1], "Mish"),
    Work("Montúfar et al. (2014)", 2014, KINDS[0], "number of linear regions"),
    Work("Nair and Hinton (2010)", 2010, KINDS[0], "ReLU in RBMs"),
    Work("Ramachandran, Zoph and Le (2017)", 2017, KINDS[1], "Swish"),
    Work("Sandler et al. (2018)", 2018, KINDS[0], "MobileNetV2, ReLU6"),
    Work("Shazeer (2020)", 2020, KINDS[1], "GLU variants"),
    Work("Touvron et al. (2023)", 2023, KINDS[1], "LLaMA, SwiGLU"),
    Work("Vaswani et al. (2017)", 2017, KINDS[0], "Transformer"),
)
"""Every work in the note "References", in the note's (alphabetical) order."""
