"""The numerical library of Rectified: what the notes compute, with numpy and the stdlib only.

Every number a note states and every curve a figure draws is computed here, and tested in
``tests/`` (``tests/test_activations.py``, ``tests/content/``); the figure modules one level up
(``snippets/*.py``) import these modules and only draw.  Nothing here imports matplotlib, and
nothing is computed at import time (``tests/test_snippets_lib.py`` checks both).

The modules, each building only on those above it:

- :mod:`~snippets.lib.floats`: the float64 conventions every function shares;
- :mod:`~snippets.lib.stats`: statistics over seeds (means with standard errors, shares);
- :mod:`~snippets.lib.activations`: ReLU, leaky ReLU, softplus, sigmoid, tanh, derivatives;
- :mod:`~snippets.lib.calculus`: difference quotients against the hand-derived derivatives;
- :mod:`~snippets.lib.relatives`: ELU, SELU, GELU, SiLU/Swish, Mish and their numbers;
- :mod:`~snippets.lib.modern`: the GLU variants of Transformers' feed-forward layers, their sizes;
- :mod:`~snippets.lib.sigmoid_sums`: ReLU as a sum of sigmoids, and how good a sum it is;
- :mod:`~snippets.lib.running_average`: the exponential running average and its memory;
- :mod:`~snippets.lib.initialisation`: He vs Glorot scale through depth; networks born dead;
- :mod:`~snippets.lib.dying`: the dying-ReLU experiment, a tiny network trained many times;
- :mod:`~snippets.lib.sparsity`: exact zeros in random and L1-trained rectifier networks;
- :mod:`~snippets.lib.expressivity`: the exact linear pieces of ReLU networks along a line;
- :mod:`~snippets.lib.maxout`: maxout units, and how well k pieces fit a convex curve;
- :mod:`~snippets.lib.quantisation`: ReLU6, 8-bit quantisation on a fixed or a measured range;
- :mod:`~snippets.lib.references`: the works the notes cite, as data;
- :mod:`~snippets.lib.explorable`: the curves of explorable figures, one frame per slider value.

Each module's docstring says what it computes and its known limits.  Names starting with an
underscore stay inside their module; another module uses only the public names.
"""
