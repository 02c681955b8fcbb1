"""The set-up's entities take their fields from one declaration each: the set-up forms
and the API list the same fields in the same order, and a field taken from a declaration
is gone from both."""

from tests.field_paths import paths_with, setup_paths


def _assert_each_path_follows(paths: dict) -> None:
    for entity, lists in paths.items():
        assert lists["form"] == lists["entered"], entity
        expected = lists.get("declared", lists.get("published"))
        if expected is not None:
            assert lists["serializer"] == expected, entity


def test_setup_paths_list_the_declared_fields_in_order():
    paths = setup_paths()
    assert "venue" in paths["edition"]["serializer"] and "venue" not in paths["edition"]["form"]
    assert "continues" in paths["sub-delegation"]["form"]
    assert "continues" not in paths["sub-delegation"]["serializer"]
    _assert_each_path_follows(paths)


CHANGE = """
from delegations.setup import fields
fields.EDITION_FIELDS = fields.EDITION_FIELDS.without("national_intended_usd")
fields.SUB_DELEGATION_FIELDS = fields.SUB_DELEGATION_FIELDS.without("shared_review")
fields.LEAD_AGENCY_FIELDS = fields.LEAD_AGENCY_FIELDS.without("focus_en")
fields.MEMBER_UNIT_FIELDS = fields.MEMBER_UNIT_FIELDS.without("liaison_email")
"""


def test_a_field_taken_from_a_declaration_leaves_every_path():
    paths = paths_with(CHANGE, "setup_paths")
    assert "national_intended_usd" not in paths["edition"]["declared"]
    assert "shared_review" not in paths["sub-delegation"]["entered"]
    assert "focus_en" not in paths["lead agency"]["entered"]
    assert "liaison_email" not in paths["member unit"]["entered"]
    _assert_each_path_follows(paths)
