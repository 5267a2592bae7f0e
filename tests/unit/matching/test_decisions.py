"""Decisions over a sequence of imports, the match rules and the update modes."""

from donor_import.domain.matching.decisions import Conflict, Create, Match, PossibleDuplicate
from donor_import.domain.matching.keys import MatchKey, exact_keys
from donor_import.domain.matching.profiles import changes
from donor_import.domain.matching.rules import MatchRule, UpdateMode

from .world import World

EVENT_ROW = dict(first_name="Grace", last_name="Hopper", address_line1="1 Navy Way", postal_code="22202")


def test_a_contact_whose_email_changed_by_external_id_is_found_by_the_new_email_later():
    world = World().add("c-1", external_id="M-9", first_name="Ada", email="ada@old.org")
    world.apply(world.decide(external_id="M-9", first_name="Ada", email="ada@new.org"), "unused")
    assert world.decide(first_name="Ada", email="ada@new.org").contact_id == "c-1"
    assert world.decide(first_name="Ada", email="ada@old.org").contact_id == "c-1"  # the old one stays


def test_a_contact_known_by_external_id_only_is_found_by_the_email_it_was_given_later():
    world = World().add("c-1", external_id="M-9", first_name="Ada")
    decision = world.decide(external_id="M-9", first_name="Ada", email="ada@example.org")
    assert decision.new_keys == (MatchKey("email", "ada@example.org"),)
    world.apply(decision, "unused")
    assert world.decide(email="ada@example.org", last_name="Lovelace").contact_id == "c-1"


def test_a_donor_with_only_name_and_address_is_one_contact_on_every_import_and_twice_in_a_file():
    world = World()
    first = world.decide(**EVENT_ROW)
    assert isinstance(first, Create)
    contact = world.apply(first, "c-new")
    assert world.decide(**EVENT_ROW).contact_id == contact
    assert world.decide(**{**EVENT_ROW, "address_line1": "1 Navy Way Apt 2"}).contact_id == contact


def test_the_second_person_of_a_shared_family_email_is_found_by_it_from_then_on():
    world = World().add("c-ann", first_name="Ann", last_name="Smith", email="smiths@example.org")
    first = world.decide(first_name="Bo", last_name="Smith", email="smiths@example.org")
    assert isinstance(first, PossibleDuplicate)
    assert MatchKey("email_name", "smiths@example.org|bo") in first.keys
    bo = world.apply(first, "c-bo")
    assert world.decide(first_name="Bo", last_name="Smith", email="smiths@example.org").contact_id == bo
    assert world.decide(first_name="Ann", email="smiths@example.org").contact_id == "c-ann"


def test_keys_held_by_others_are_not_claimed_by_a_new_contact():
    world = World().add("c-ann", first_name="Ann", last_name="Smith", phone="+14155550100")
    decision = world.decide(first_name="Jo", last_name="Doe", phone="+14155550100", email="jo@example.org")
    assert MatchKey("phone", "+14155550100") not in decision.keys
    assert {MatchKey("email", "jo@example.org"), MatchKey("phone_name", "+14155550100|jo")} <= set(decision.keys)


def test_a_conflict_names_its_contacts_the_same_way_whatever_the_order_of_the_keys():
    world = World().add("c-b", external_id="X-1", first_name="Ann").add("c-a", first_name="Ann", email="a@x.org")
    decision = world.decide(external_id="X-1", first_name="Ann", email="a@x.org")
    assert decision == Conflict("the row's keys belong to different contacts: external id X-1 is contact c-b's; "
                                "email a@x.org is contact c-a's", ("c-a", "c-b"))


def test_the_email_rule_matches_by_email_only():
    world = World().add("c-1", **EVENT_ROW, email="grace@navy.mil", external_id="G-1")
    assert isinstance(world.decide(MatchRule.EMAIL, **EVENT_ROW), Create)
    assert isinstance(world.decide(MatchRule.EMAIL, external_id="G-1", first_name="Grace"), Create)
    assert world.decide(MatchRule.EMAIL, email="GRACE@navy.mil").contact_id == "c-1"


def test_the_external_id_rule_matches_by_external_id_only():
    world = World().add("c-1", **EVENT_ROW, email="grace@navy.mil", external_id="G-1")
    assert isinstance(world.decide(MatchRule.EXTERNAL_ID, email="grace@navy.mil"), Create)
    assert world.decide(MatchRule.EXTERNAL_ID, external_id="G-1").contact_id == "c-1"


def test_never_match_always_creates_claiming_only_free_keys():
    world = World().add("c-1", **EVENT_ROW, email="grace@navy.mil")
    decision = world.decide(MatchRule.NEVER, **EVENT_ROW, email="grace@navy.mil", phone="+12025550100")
    assert decision == Create((MatchKey("phone", "+12025550100"),), {**EVENT_ROW, "email": "grace@navy.mil",
                                                                     "phone": "+12025550100"})


def test_a_match_by_score_carries_the_score_and_one_by_exact_key_none():
    world = World().add("c-1", **EVENT_ROW, email="grace@navy.mil")
    assert world.decide(**EVENT_ROW).score > 0.9
    assert world.decide(email="grace@navy.mil").score is None


def test_decisions_are_values_that_compare_equal():
    world = World().add("c-1", **EVENT_ROW)
    assert world.decide(**EVENT_ROW, email="g@x.org") == world.decide(**EVENT_ROW, email="g@x.org")
    assert isinstance(world.decide(**EVENT_ROW, email="g@x.org"), Match)


# --- update modes ------------------------------------------------------------------------------------------------

STORED = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "city": "", "tags": ["board"]}
INCOMING = {"first_name": "A.", "last_name": "King", "email": "ada@new.org", "city": "London", "phone": "",
            "tags": ["board", "donor"], "notes": None}


def test_update_replaces_with_non_empty_values_and_adds_tags():
    assert changes(STORED, INCOMING, UpdateMode.UPDATE) == {
        "last_name": "King", "email": "ada@new.org", "city": "London", "tags": ["donor"]}


def test_an_initial_never_replaces_the_first_name_it_stands_for():
    assert "first_name" not in changes(STORED, INCOMING, UpdateMode.UPDATE)
    assert changes(STORED, {"first_name": "B."}, UpdateMode.UPDATE) == {"first_name": "B."}


def test_fill_empty_only_fills_what_is_empty_and_adds_tags():
    assert changes(STORED, INCOMING, UpdateMode.FILL_EMPTY) == {"city": "London", "tags": ["donor"]}


def test_keep_changes_nothing():
    assert changes(STORED, INCOMING, UpdateMode.KEEP) == {}


def test_a_blank_never_wipes_a_value_and_kind_never_changes():
    stored = {"phone": "+14155550100", "kind": "organization"}
    assert changes(stored, {"phone": "  ", "kind": None, "tags": []}, UpdateMode.UPDATE) == {}
    assert changes({}, {"kind": "organization"}, UpdateMode.UPDATE) == {}


def test_a_match_carries_the_changes_of_its_mode():
    world = World().add("c-1", **EVENT_ROW, city="Arlington")
    row = {**EVENT_ROW, "city": "Washington", "tags": ["vip"]}
    assert world.decide(mode=UpdateMode.UPDATE, **row).changes == {"city": "Washington", "tags": ["vip"]}
    assert world.decide(mode=UpdateMode.FILL_EMPTY, **row).changes == {"tags": ["vip"]}
    assert world.decide(mode=UpdateMode.KEEP, **row).changes == {}


def test_a_key_fits_a_dynamodb_key_however_long_its_values_and_stays_unique():
    long_a, long_b = "x" * 3000 + "a", "x" * 3000 + "b"
    key_a, key_b = (exact_keys({"external_id": v}, MatchRule.STANDARD)[0] for v in (long_a, long_b))
    assert len(key_a.text().encode()) <= 1024 and len(key_b.text().encode()) <= 1024
    assert key_a != key_b


def test_one_person_of_a_joint_name_never_replaces_the_households_first_name():
    household = {"first_name": "Ann & Bo", "last_name": "Lee"}
    assert changes(household, {"first_name": "Ann", "last_name": "Lee"}, UpdateMode.UPDATE) == {}
    assert changes(household, {"first_name": "Bo and Cy", "last_name": "Lee"}, UpdateMode.UPDATE) == {
        "first_name": "Bo and Cy"}
    assert changes({"first_name": "Ann", "last_name": "Lee"}, {"first_name": "Ann & Bo", "last_name": "Lee"},
                   UpdateMode.UPDATE) == {"first_name": "Ann & Bo"}
