"""The words of values and the pack's rule sentences: formatting, filling, choosing a template.

Below the assessor and the batch, because the columnar path for large lists builds its lines from
these same sentences; the rendering of an assessment's findings is ``kcscore.explain``, above them.
"""
