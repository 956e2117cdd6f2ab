"""kcscore's version, at the bottom layer so low modules (the pack cache key) can read it."""

__version__ = "0.1.0"
