"""A deal's fields come from one declaration: the deal form, the API, the import template
and the history list the same fields in the same order, and a field taken from the
declaration is gone from all of them."""

from tests.field_paths import deal_paths, paths_with


def _assert_each_path_follows(paths: dict) -> None:
    assert paths["form"] == paths["entered"]
    assert paths["serializer"] == paths["declared"]
    assert paths["template"] == paths["sheet"]
    assert paths["history"] == paths["declared"]


def test_deal_paths_list_the_declared_fields_in_order():
    paths = deal_paths()
    assert paths["declared"][-3:] == ["rate", "rate_quote", "amount_usd"]
    assert "rate" not in paths["entered"]
    _assert_each_path_follows(paths)


CHANGE = """
from deals.records import fields
fields.DEAL_FIELDS = fields.DEAL_FIELDS.without("product")
"""


def test_a_field_taken_from_the_declaration_leaves_every_path():
    paths = paths_with(CHANGE, "deal_paths")
    assert "product" not in paths["declared"]
    _assert_each_path_follows(paths)
