"""An entity's fields declared once: which there are, in which order, what they are called
and what is asked of them. Forms, serializers, spreadsheet columns, services and history
take their fields from a declaration; a sheet adds only how a cell is read.

A declaration names its model by label and never imports it, so that it can be read (and,
in the tests, changed) before the apps are loaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst


@dataclass(frozen=True)
class Field:
    name: str
    # What a sheet's column (or a page out of its form's context) calls it; the model
    # field's own name when that says enough.
    label: Promise | str | None = None
    # Needed before the record may go further (a registration to review); a draft may
    # still leave it empty unless ``draft`` says it is needed from the first save.
    required: bool = False
    draft: bool = False
    # Typed in by a person (on the forms, the API and the sheet), not carried over or set
    # by a service.
    entered: bool = True
    # Flags an entity's own rules ask about (e.g. a firm's own facts against its contacts).
    tags: frozenset[str] = frozenset()


class Declaration(tuple):
    """An entity's fields in their order."""

    def __new__(cls, model: str, *fields: Field):
        declaration = super().__new__(cls, fields)
        declaration.model_label = model
        return declaration

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self]

    @property
    def entered(self) -> list[str]:
        return [f.name for f in self if f.entered]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self if f.required]

    @property
    def draft(self) -> list[str]:
        return [f.name for f in self if f.draft]

    def tagged(self, tag: str) -> list[str]:
        return [f.name for f in self if tag in f.tags]

    def __getitem__(self, key):
        if isinstance(key, str):
            for field in self:
                if field.name == key:
                    return field
            raise KeyError(key)
        return super().__getitem__(key)

    def label(self, name: str) -> Promise:
        """The field's label, translated when shown: the declared one, else the model's
        verbose name."""
        field = self[name]
        if field.label is not None:
            return field.label
        return _verbose_name(self.model_label, name)

    def order(self, name: str, *, after: list[str] = ()) -> int:
        """Where a field comes when its entity's fields are listed (history stored as JSON
        keeps no order): the declared fields first, then ``after``, then anything else."""
        sequence = [*self.names, *after]
        return sequence.index(name) if name in sequence else len(sequence)

    # For tests and entities built on another: a declaration with a field less or more.
    def without(self, name: str) -> Declaration:
        return Declaration(self.model_label, *(f for f in self if f.name != name))

    def plus(self, field: Field, *, after: str | None = None) -> Declaration:
        fields = list(self)
        at = self.names.index(after) + 1 if after else len(fields)
        fields.insert(at, field)
        return Declaration(self.model_label, *fields)


def _model_verbose_name(model_label: str, name: str) -> str:
    return capfirst(str(apps.get_model(model_label)._meta.get_field(name).verbose_name))


_verbose_name = lazy(_model_verbose_name, str)


def formfield_callback(page_fields: dict):
    """A ``ModelForm``'s ``formfield_callback``: the page's own form field for each field it
    makes (``page_fields``: name to a function making it), the model's for any other, so that
    a field declared later is on the form without a line here."""

    def formfield(db_field, **kwargs):
        make = page_fields.get(db_field.name)
        return make() if make else db_field.formfield(**kwargs)

    return formfield
