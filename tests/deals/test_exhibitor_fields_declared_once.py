"""An exhibitor's fields come from one declaration: the exhibitor form, the API, the
import template and the recorded history list the same fields in the same order, and a
field taken from the declaration is gone from all of them."""

from tests.field_paths import exhibitor_paths, paths_with


def _assert_each_path_follows(paths: dict) -> None:
    for path in ["form", "serializer", "template", "history"]:
        assert paths[path] == paths["entered"], path


def test_exhibitor_paths_list_the_declared_fields_in_order():
    paths = exhibitor_paths()
    assert paths["declared"] == paths["entered"]
    _assert_each_path_follows(paths)


CHANGE = """
from deals.directory import fields
fields.EXHIBITOR_FIELDS = fields.EXHIBITOR_FIELDS.without("booth")
"""


def test_a_field_taken_from_the_declaration_leaves_every_path():
    paths = paths_with(CHANGE, "exhibitor_paths")
    assert "booth" not in paths["declared"]
    _assert_each_path_follows(paths)
