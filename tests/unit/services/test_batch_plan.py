"""A batch plan stored as JSON by an earlier version is read by this one: a field added since with a default
(a warning's imported_as) takes its default."""

from donor_import.domain.matching.decisions import Create
from donor_import.domain.matching.keys import MatchKey
from donor_import.domain.matching.rules import MatchRule, UpdateMode
from donor_import.domain.soft_fields import RowWarning
from donor_import.services.batch_plan import BatchPlan, PlannedRow

WARNING = RowWarning("phone", "814-129-8994", "'814-129-8994' is not a valid phone number for region US")


def test_a_plan_stored_before_warnings_had_imported_as_reads_them_as_values_left_out():
    key = MatchKey("email", "ada@example.org")
    plan = BatchPlan("01JPLAN", MatchRule.STANDARD, UpdateMode.UPDATE, {}, {},
                     (PlannedRow(2, ["ada@example.org"], {"email": "ada@example.org"}, "c-1",
                                 Create((key,), {"email": "ada@example.org"}), (WARNING,)),))
    stored = plan.to_dict()
    (warning,) = stored["rows"][0]["warnings"]
    del warning["imported_as"]
    assert BatchPlan.from_dict(stored) == plan
