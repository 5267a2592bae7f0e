"""Who ran each import: the token's user (sub, email) is recorded when the import is created and shown."""

from donor_import.domain.import_record import User
from local.http_api import claims_for


def test_the_tokens_user_is_stored_on_the_import_and_shown_in_its_record_and_the_list(stack):
    status, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "c.csv"})
    assert status == 201
    import_id = created["import"]["import_id"]
    user = {"sub": "local-user-org-a", "email": "data-manager@org-a.example"}
    assert {k: claims_for("org-a-token")[k] for k in user} == user
    assert created["import"]["created_by"] == user
    assert stack.stores.imports.get("org-a", import_id).created_by == User(**user)
    assert stack.call("GET", f"/imports/{import_id}")[1]["created_by"] == user
    assert stack.call("GET", "/imports")[1]["items"][0]["created_by"] == user


def test_each_organisations_user_is_its_own(stack):
    _, created = stack.call("POST", "/imports", {"import_type": "contacts", "file_name": "c.csv"}, "org-b-token")
    assert created["import"]["created_by"] == {"sub": "local-user-org-b", "email": "data-manager@org-b.example"}
