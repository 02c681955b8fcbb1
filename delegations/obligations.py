"""What a lead agency still owes before a kind of deadline: a registry the apps fill.

``delegations`` knows deadlines and reminders but not registrations or deals (apps import
one way: delegations ← purchasers ← deals). Each app registers, from its
``AppConfig.ready()``, providers that answer "what does this agency still owe for this
kind of deadline?". The reminder service asks every provider of the deadline's kind and
reminds only agencies that owe something.

An owed item is data (a code and its figures) so that the ledger can keep it and the email
and the history page can word it in each language at the time they are shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from .models import Deadline, LeadAgency


@dataclass(frozen=True)
class Owed:
    """One thing an agency owes: ``code`` names its wording, ``params`` fill it in."""

    code: str
    params: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"code": self.code, "params": self.params}


Provider = Callable[..., list[Owed]]

_providers: dict[str, list[tuple[str, Provider]]] = {}
_wording: dict[str, Promise] = {}


def register(*, kinds: list[str], code: str, wording: Promise, provider: Provider) -> None:
    """Register ``provider(agency=..., deadline=...) -> list[Owed]`` for deadline kinds.

    ``wording`` is a lazily translated text with ``%(name)s`` placeholders for the params.
    Registering the same code again replaces it (``ready()`` may run more than once).
    """
    _wording[code] = wording
    for kind in kinds:
        providers = [p for p in _providers.get(kind, []) if p[0] != code]
        providers.append((code, provider))
        _providers[kind] = providers


def codes_for(kind: str) -> list[str]:
    return [code for code, _provider in _providers.get(kind, [])]


def owed_by(*, agency: LeadAgency, deadline: Deadline) -> list[Owed]:
    """Everything the agency still owes for this deadline; empty when it owes nothing."""
    owed: list[Owed] = []
    for _code, provider in _providers.get(deadline.kind, []):
        owed.extend(provider(agency=agency, deadline=deadline))
    return owed


def describe(item: Owed | dict) -> str:
    """The item in the active language."""
    if isinstance(item, dict):
        item = Owed(code=item["code"], params=item.get("params", {}))
    wording = _wording.get(item.code)
    if wording is None:
        return item.code
    # ``wording % params`` so that a plural wording (ngettext_lazy) picks its form by count.
    return str(wording % item.params)


def wording_for(code: str) -> str:
    wording = _wording.get(code)
    return str(wording) if wording is not None else code
