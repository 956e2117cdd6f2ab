"""Rule kinds as units: what a gate, an exclusion, a criterion … decides, once per kind.

Each kind lives in its own module (``gate``, ``exclusion``, ``criterion``, ``bonus``, ``penalty``,
``flag``, ``support``) and is listed in ``registry``. A unit holds everything that is true of the
kind itself: where its findings sort, whether it earns points, whether it settles eligibility, the
statuses it reports and the rule-file fields its sentences come from, and its outcome computed
two ways: for one applicant (Kleene truths) and for a whole truth matrix (numpy arrays). Both
strategies live side by side in the unit, so they are read and changed together.

This layer sits between ``expr`` and ``policy``: it imports neither, and sees a rule only through
``base.RuleLike`` (its condition parts, its outcomes, its spec), so the policy can ask the registry
whether a kind is scored without an upward import.
"""
