"""pytest suite of the shafaf Python package."""
