"""Explanation as a view: an assessment's sentences said at the edge, in the reader's language.

An ``Assessment`` holds facts (statuses, bands, values read, points, missing fields, citations);
``kcscore.explain.words`` says them with the pack's own sentences (``kcscore.wording.texts``) and the
message catalogue. Every output that shows a sentence asks here, so a report, a notice and the JSON
``text`` keys say the same words.
"""
