"""The figure registry: every figure the site can embed, by name.

``FIGURES`` maps a figure *name* to a function that builds it.  The figure runner calls each
function inside a light and a dark matplotlib style and writes the result as ``NAME.svg``;
a note embeds it with the Obsidian-style link ``![[NAME.svg]]``.  Names therefore consist of
lowercase ASCII letters, digits and single hyphens (``relu``, ``leaky-relu``), and a name must
never be reused for a different figure, since notes refer to it.

Contract for a figure function (the runner and tests/test_snippets.py rely on it):

* it takes no arguments and returns a new ``matplotlib.figure.Figure`` created directly with
  ``Figure()``: no pyplot, no global state, no ``savefig`` or ``show``;
* it chooses no colours, font sizes or figure size (the runner's style sheet, including
  ``axes.prop_cycle``, supplies them); line styles, markers and labels are fine;
* every Axes has a title and axis labels, with a legend where it draws several lines;
* it is deterministic (any randomness uses ``np.random.default_rng(seed)``);
* its docstring is a title of one to six words, a blank line, then exactly one sentence
  saying what the figure shows (it becomes the gallery header and the image's alt text).

Importing this module only imports the snippet modules; it draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from snippets import (
    basics,
    calculus,
    dying,
    expressivity,
    initialisation,
    maxout,
    modern,
    quantisation,
    references,
    relatives,
    running_average,
    sigmoid_sums,
    sparsity,
)
from snippets.lib import explorable

__all__ = ["EXPLORABLE", "FIGURES"]

FIGURES: dict[str, Callable[[], Figure]] = {
    "relu": basics.relu_plot,
    "leaky-relu": basics.leaky_relu_plot,
    "softplus": basics.softplus_plot,
    "relu-subgradients": basics.relu_subgradients_plot,
    "leaky-relu-other-alphas": basics.leaky_relu_other_alphas_plot,
    "softplus-gap": basics.softplus_gap_plot,
    "sigmoid": basics.sigmoid_plot,
    "logistic-offsets": basics.logistic_offsets_plot,
    "finite-difference-error": calculus.finite_difference_error_plot,
    "relu-kink-secants": calculus.relu_kink_secants_plot,
    # Sum of sigmoids (notebook page), smooth relatives, choosing, references:
    "sigmoid-sum": sigmoid_sums.sigmoid_sum_plot,
    "sigmoid-sum-error": sigmoid_sums.sigmoid_sum_error_plot,
    "nair-hinton-error": sigmoid_sums.nair_hinton_error_plot,
    "smooth-relatives": relatives.smooth_relatives_plot,
    "smooth-relatives-derivatives": relatives.smooth_relatives_derivatives_plot,
    "gelu-tanh-error": relatives.gelu_tanh_error_plot,
    "activation-derivatives": relatives.candidate_derivatives_plot,
    "mean-slope-gaussian": relatives.mean_gradient_plot,
    "references-timeline": references.references_timeline_plot,
    # Dying ReLU, leaky units and running averages, sparse rectifier networks:
    "dead-units-vs-learning-rate": dying.dead_units_vs_learning_rate_plot,
    "dead-units-during-training": dying.dead_units_during_training_plot,
    "born-dead-networks": dying.born_dead_networks_plot,
    "running-average": running_average.running_average_plot,
    "running-average-memory": running_average.running_average_memory_plot,
    "zeros-per-layer": sparsity.zeros_per_layer_plot,
    "l1-sparsity": sparsity.l1_sparsity_plot,
    # Expressivity of ReLU networks, maxout:
    "linear-pieces": expressivity.linear_pieces_plot,
    "sawtooth": expressivity.sawtooth_plot,
    "linear-regions": expressivity.linear_regions_plot,
    "maxout-approximation": maxout.maxout_approximation_plot,
    "maxout-difference": maxout.maxout_difference_plot,
    # Rectifiers in modern architectures:
    "gated-unit-slices": modern.gated_unit_slices_plot,
    "glu-variants": modern.glu_variants_plot,
    # He initialisation:
    "activation-scale-by-depth": initialisation.activation_scale_by_depth_plot,
    "fan-in-fan-out": initialisation.fan_in_fan_out_plot,
    # ReLU6 and low precision:
    "relu6": quantisation.relu6_plot,
    "quantisation-error": quantisation.quantisation_error_plot,
}

# Explorable figures: a slider over one parameter of a figure above, declared by its name. The
# site adds the slider under the figure; `nox -s figures` computes the curves for every position
# with the function named (snippets/lib/explorable.py).
EXPLORABLE: dict[str, explorable.Slider] = {
    "softplus": explorable.Slider(
        explorable.softplus_frame, "β", "sharpness β", start=0.25, stop=10.0, step=0.25,
        initial=1.0, title="Softplus with sharpness β", xlabel="input x", ylabel="output",
    ),
    "softplus-gap": explorable.Slider(
        explorable.softplus_gap_frame, "β", "sharpness β", start=0.25, stop=10.0, step=0.25,
        initial=1.0, title="Softplus minus ReLU", xlabel="input x", ylabel="gap",
    ),
    "leaky-relu-other-alphas": explorable.Slider(
        explorable.leaky_relu_frame, "α", "slope α for negative inputs", start=-1.0, stop=1.0,
        step=0.05, initial=0.5, title="max(0, x) + α min(0, x)", xlabel="input x",
        ylabel="output", legend="lower right",
    ),
    "sigmoid-sum": explorable.Slider(
        explorable.sigmoid_sum_frame, "N", "number of sigmoids N", start=1, stop=100, step=1,
        initial=100, title="A sum of N sigmoids", xlabel="input x", ylabel="output",
        toggle="the blog's scaling (offsets in [0, 10], sum × 10/N)", toggle_on=True,
    ),
    "running-average": explorable.Slider(
        explorable.running_average_frame, "α", "decay α", start=0.0, stop=0.99, step=0.01,
        initial=0.9, title="Running average of a noisy step", xlabel="step t", ylabel="value",
        ylim=(-1.0, 2.8),
    ),
}  # fmt: skip
