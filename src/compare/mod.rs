//! Comparison of a generalized raster with its vector source.
