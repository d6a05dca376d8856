# %% [markdown]
# # ReLU as a Sum of Sigmoids
#
# In a lecture of May 2013, *Recent Developments in Deep Neural Networks*, Geoffrey Hinton
# explained rectified linear units as a cheap stand-in for many logistic units that share their
# input weights but have different biases. Add up enough shifted sigmoids and the result looks like
# $\log(1 + e^x)$, the [softplus](../../softplus/); and softplus in turn looks like
# $\max(0, x)$, so why not use the maximum directly? A blog post from January 2014 tried the
# first step numerically. This page redoes that experiment, finds what the blog's curve really
# is, and measures how good the approximation is.
#
# Every number below is printed by the code above it, which ran when this site was built.

# %%
import numpy as np

from rectified.figures.display import show
from snippets.lib import sigmoid_sums as ss
from snippets.lib.activations import relu, sigmoid, softplus

# %% [markdown]
# ## The blog's experiment
#
# The blog evaluates, on a grid of inputs from $-10$ to $10$, a sum of logistic sigmoids
# $\sigma(x - b)$ whose offsets $b$ are spread evenly over $[0, 10]$, and divides the sum by a
# variable named `N_sum`, described as the number of sigmoids. Here is that computation,
# written with the project's numerically stable sigmoid:

# %%
x = ss.blog_inputs()  # np.linspace(-10, 10, 200), as in the blog
offsets = ss.blog_offsets()  # np.linspace(0, 10, 100)
n_sum = ss.BLOG_N_SUM  # the blog's N_sum
y = sigmoid(x[:, None] - offsets[None, :]).sum(axis=1) / n_sum
assert np.allclose(y, ss.blog_sum(x))  # the snippet computes the same curve
print(f"{len(offsets)} sigmoids, divided by N_sum = {n_sum}")
print(f"value at x = 10: {y[-1]:.4f}   softplus(10) = {softplus(10.0):.4f}")

# %% [markdown]
# There are 100 sigmoids, not 10, yet the curve does not come out ten times too large. The
# reason is that the sum is a Riemann sum. With spacing $\Delta = 10/99$ between offsets,
#
# $$
# \Delta \sum_{i=0}^{99} \sigma(x - b_i) \approx \int_0^{10} \sigma(x - b)\,db
# = \int_{x-10}^{x} \sigma(u)\,du = \operatorname{softplus}(x) - \operatorname{softplus}(x - 10),
# $$
#
# because the derivative of softplus is the sigmoid. Dividing by 10 instead of multiplying by
# $\Delta$ scales the result by $1/(10\Delta) = 99/100$, which is why the slip goes unnoticed:

# %%
print(f"spacing = {ss.spacing():.6f}, 1 / (10 * spacing) = {1 / (10 * ss.spacing()):.2f}")
print(f"scale factor as a fraction: {1 / ss.scale_factor()}")

# %% [markdown]
# So the blog's curve is about $0.99\,[\operatorname{softplus}(x) - \operatorname{softplus}(x-10)]$:
# softplus with its own shifted copy subtracted. For $x$ well below 10 the subtracted part is
# negligible and the curve follows softplus; for $x$ well above 10 every sigmoid is 1, and the
# curve flattens out at 100 / 10. The blog's plot stops at $x = 10$, exactly where the two
# begin to part, so the saturation never shows:

# %%
print(f"the blog's curve for large x: {ss.blog_saturation():.1f}")
show("sigmoid-sum")

# %% [markdown]
# ## How far from softplus, and from the window?
#
# Measured on the blog's own grid, the curve is far from softplus but close to the window
# $0.99\,[\operatorname{softplus}(x) - \operatorname{softplus}(x-10)]$. What is left is almost
# entirely an end effect: the blog gives the offsets $0$ and $10$ full weight where the
# trapezoid rule would give them half, which adds $(\sigma(x) + \sigma(x-10))/20$. With that
# term and the next one of the Euler–Maclaurin formula, the difference all but vanishes.

# %%
rows = [
    ("softplus(x)", ss.blog_softplus_error()),
    ("0.99 × window", ss.blog_riemann_error()),
    ("  + end-point terms", ss.blog_endpoint_error()),
    ("  + next Euler–Maclaurin term", ss.blog_euler_maclaurin_error()),
]
for label, err in rows:
    print(f"max |blog − {label:<30}| = {err:.3g}")
show("sigmoid-sum-error")

# %% [markdown]
# ## Nair and Hinton's version
#
# [Nair and Hinton (2010)](../../references/#nair-and-hinton-2010) made the same observation
# precise: the sum $\sum_{i=1}^{n} \sigma(x - i + 0.5)$, with unit spacing and offsets at the
# half-integers, approximates $\operatorname{softplus}(x)$ for $x$ well below $n$. With unit
# spacing there is nothing to divide by, and offsets at the midpoints of the unit intervals make
# it the midpoint rule, which has no end-point term. Its error against softplus has two parts:
# the missing tail, about $\operatorname{softplus}(x - n)$, which shrinks as terms are added;
# and the error of the midpoint rule itself, about $\sigma'(x)/24$, which does not, because the
# step stays 1. On $[-10, 10]$ the error therefore falls with $n$ and then levels off:

# %%
ns = (1, 5, 10, 15, 20, 30)
for n, err in zip(ns, ss.nair_hinton_errors(ns), strict=True):
    print(f"n = {n:>2}: max |sum − softplus| = {err:.3g}")
print(f"limit as n grows: {ss.nair_hinton_limit_error():.4f}, at x = 0")
show("nair-hinton-error")

# %% [markdown]
# ## From softplus to the maximum
#
# The last step of Hinton's argument needs no sum at all: softplus is within $\log 2$ of
# $\max(0, x)$ everywhere, closest far from the origin, so the maximum keeps the shape of the
# curve and drops the logarithm and the exponential.

# %%
grid = np.linspace(-10, 10, 2001)
gap = softplus(grid) - relu(grid)
print(f"largest gap softplus − ReLU: {gap.max():.4f} at x = {grid[gap.argmax()]:.1f}")
print(f"log 2 = {np.log(2):.4f}")
