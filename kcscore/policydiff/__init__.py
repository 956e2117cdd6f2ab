"""Compare two policy packs: what changed (``diff_packs``) and whom it affects (``diff_impact``).

Modelled on reform analysis in rules-as-code systems: the same applicants are assessed under the
baseline and the amended pack, and every difference is traced back to the edits that caused it.
"""

from kcscore.policydiff.impact import ApplicantImpact, Delta, ImpactDiff, diff_impact
from kcscore.policydiff.model import Change, PackDiff
from kcscore.policydiff.render import render_text, to_json
from kcscore.policydiff.structure import diff_packs
from kcscore.policydiff.xlsx import write_xlsx

__all__ = ["ApplicantImpact", "Change", "Delta", "ImpactDiff", "PackDiff", "diff_impact", "diff_packs", "render_text",
           "to_json", "write_xlsx"]
