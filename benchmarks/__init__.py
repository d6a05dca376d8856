"""Rectified's benchmark, outside the package: ``nox -s bench`` (``python -m benchmarks.bench``).

:mod:`benchmarks.synthetic` makes what is measured (synthetic vaults, site configurations,
snippet packages); :mod:`benchmarks.bench` runs the project's own commands on it, reads the
figure runner's machine-readable report (``python -m rectified.figures --json``) and prints one
table, each measured ratio next to its aim.
"""
