"""The firm's and the attendee's fields come from one declaration each: the forms, the API,
the import template and the history list the same fields in the same order, and a field
added to or taken from the declaration is added to or taken from all of them."""

from tests.field_paths import paths_with, purchaser_paths

ENTERED_PATHS = ["form", "page form", "serializer", "input serializer", "template"]


def _assert_each_path_follows(paths: dict) -> None:
    firm, attendee = paths["firm"], paths["attendee"]
    for path in ENTERED_PATHS:
        assert firm[path] == firm["entered"], path
    assert firm["history"] == firm["declared"]
    assert firm["known firm"] == firm["declared"]
    for path in ["form", "serializer", "input serializer", "template"]:
        assert attendee[path] == attendee["entered"], path
    assert attendee["history"] == attendee["declared"]


def test_registration_paths_list_the_declared_fields_in_order():
    paths = purchaser_paths()
    assert paths["firm"]["entered"][:2] == ["credit_code", "name"]
    assert "region" in paths["firm"]["declared"] and "region" not in paths["firm"]["entered"]
    _assert_each_path_follows(paths)


CHANGE = """
from django.utils.translation import gettext_lazy
from delegations.fields import Field
from purchasers.registration import fields
fields.FIRM_FIELDS = fields.FIRM_FIELDS.without("industry")
fields.ATTENDEE_FIELDS = fields.ATTENDEE_FIELDS.plus(
    Field("background_check_note", gettext_lazy("Attendee note")), after="id_number"
)
"""


def test_a_field_changed_in_the_declaration_changes_every_path():
    paths = paths_with(CHANGE, "purchaser_paths")
    assert "industry" not in paths["firm"]["declared"]
    assert paths["attendee"]["entered"][3] == "background_check_note"
    _assert_each_path_follows(paths)
