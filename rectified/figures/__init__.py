"""The figure engine: registry specs, cache keys, rendering in both palettes, the runner."""
