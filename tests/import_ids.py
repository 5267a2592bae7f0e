"""Import ids as the API makes them: ULIDs of the millisecond the import was created in (its created_at)."""

from donor_import.data.imports_repo import parse_stamp
from donor_import.domain.ids import first_id_at


def made_at(created_at: str, n: int = 0) -> str:
    """The nth id of created_at's millisecond (the larger n, the later it sorts)."""
    return first_id_at(parse_stamp(created_at))[:-6] + f"{n:06d}"
