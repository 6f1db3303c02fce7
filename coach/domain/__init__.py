"""Plain-Python rules of the product: scales, days, MME, taper pace. No UI, no SQL."""
