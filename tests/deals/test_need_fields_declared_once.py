"""A procurement need's and a meeting's fields come from one declaration each: their
forms, the API and the service list the same fields in the same order, and a field taken
from a declaration is gone from all of them."""

from tests.field_paths import need_paths, paths_with


def _assert_each_path_follows(paths: dict) -> None:
    for entity in ["need", "meeting"]:
        declared = paths[entity]["declared"]
        for path, names in paths[entity].items():
            assert names == declared, (entity, path)


def test_need_and_meeting_paths_list_the_declared_fields_in_order():
    _assert_each_path_follows(need_paths())


CHANGE = """
from deals.needs import fields
fields.NEED_FIELDS = fields.NEED_FIELDS.without("timing")
fields.MEETING_FIELDS = fields.MEETING_FIELDS.without("participants")
"""


def test_a_field_taken_from_a_declaration_leaves_every_path():
    paths = paths_with(CHANGE, "need_paths")
    assert "timing" not in paths["need"]["declared"]
    assert "participants" not in paths["meeting"]["declared"]
    _assert_each_path_follows(paths)
