"""The figures of Rectified, and the numerical library they draw from.

- ``snippets/lib/``: the tested numerical library (numpy and the stdlib only): activations,
  derivatives, the experiments and every number a note states;
- ``snippets/*.py``: one drawing module per note or topic, whose functions import the library
  and only draw, each returning a new matplotlib Figure (the contract is in
  :mod:`snippets.registry`);
- ``snippets/registry.py``: the figure names the notes embed, mapped to those functions.
"""
