"""Renderers: everything smmplan writes from a loaded project (images, site, exports)."""
