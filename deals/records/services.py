"""Writes to deals, exchange rates, exhibitors, needs and meetings: the only place their
state changes. Pages, the API, the spreadsheet import and commands all call these.

Money is ``Decimal`` from end to end: a USD amount is converted from the deal's rate as the
office quoted it (7.0 CNY per USD: divided; 0.15 USD per HKD: multiplied) in one exact step,
rounded once, half up, to the cent. A deal keeps the rate it was recorded with: changing the
office's rate later changes no recorded deal.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from delegations.capabilities import can, check
from delegations.models import Delegation, Edition, User, Zone
from delegations.setup import record_setup_event
from purchasers.models import Registration

from .. import countries
from ..models import (
    OPEN_STATUSES,
    Deal,
    DealEvent,
    ExchangeRate,
    Exhibitor,
    ExhibitorEvent,
    ExhibitorProposal,
    FollowUpNote,
    Meeting,
    ProcurementNeed,
    quoted_text,
)
from ..money import RateQuote, plain, usd_from, usd_per_unit
from ..permissions import (
    directory_delegations_of,
    registrations_for_deals,
)

CENT = Decimal("0.01")
Status = Deal.Status

# The follow-up path: each open state moves to the next, or to cancelled with a reason.
NEXT_STATUS = {
    Status.INTENDED: Status.CONTRACTED,
    Status.CONTRACTED: Status.EXECUTING,
    Status.EXECUTING: Status.COMPLETED,
}

# The fields a person enters; the rest (rate, USD amount, status...) the services decide.
DEAL_FIELDS = [
    "registration",
    "exhibitor",
    "exhibitor_name",
    "exhibitor_country",
    "zone",
    "product",
    "amount",
    "currency",
    "signed_on",
    "at_signing_ceremony",
    "ceremony",
]
# Compared with the history and shown in it, in this order.
TRACKED_FIELDS = [*DEAL_FIELDS, "rate", "rate_quote", "amount_usd"]


class DuplicateDeal(Exception):
    """The same deal seems to be recorded already; saving needs an explicit confirmation."""

    def __init__(self, duplicates: list[Deal]):
        super().__init__("duplicate deal")
        self.duplicates = duplicates


class StaleDeal(Exception):
    """Someone saved the deal since the editor loaded it: the save is refused."""

    def __init__(self, deal: Deal, events: list[DealEvent]):
        super().__init__("stale deal")
        self.deal = deal
        self.events = events


class FollowUpError(Exception):
    pass


# --- money -----------------------------------------------------------------------------


def to_usd(amount: Decimal, rate: Decimal, quote: str = RateQuote.USD_PER_UNIT) -> Decimal:
    """The USD amount to the cent, half up, from the rate as quoted, in one exact step."""
    return usd_from(amount, rate=rate, quote=quote)


def max_deal_usd() -> Decimal:
    return Decimal(str(settings.DEAL_MAX_USD))


@dataclass(frozen=True)
class Rate:
    """A rate as quoted: ``value`` units per dollar or dollars per unit, by ``quote``."""

    value: Decimal
    quote: str

    @property
    def usd_per_unit(self) -> Decimal:
        return usd_per_unit(rate=self.value, quote=self.quote)


DOLLAR = Rate(Decimal(1), RateQuote.USD_PER_UNIT)


def rate_for(*, delegation: Delegation, currency: str) -> Rate | None:
    """The office's current rate for a currency; the dollar is 1; ``None`` when unset."""
    if currency == Deal.Currency.USD:
        return DOLLAR
    rate = ExchangeRate.objects.filter(delegation=delegation, currency=currency).first()
    return Rate(rate.rate, rate.quote) if rate else None


def recording_window(edition: Edition) -> tuple[datetime.date, datetime.date]:
    """Deals of an edition are dated from some weeks before it opens (pre-show signings) to
    the end of the year after it closes (deals reported late)."""
    start = edition.opens_on - datetime.timedelta(weeks=settings.DEAL_WINDOW_WEEKS_BEFORE)
    return start, datetime.date(edition.closes_on.year + 1, 12, 31)


class UnusualRate(ValidationError):
    """A rate far from the reference (last edition's, or the usual one): saved only when the
    office confirms it explicitly."""

    def __init__(self, message: str):
        super().__init__({"rate": [message]}, code="unusual_rate")
        self.message_text = message


def reference_rate(*, delegation: Delegation, currency: str) -> tuple[Decimal, str] | None:
    """What a new rate is compared with: the same region's rate at the previous edition,
    else the usual rate of the currency (``settings.USUAL_USD_PER_UNIT``)."""
    previous = delegation.edition.previous()
    if previous is not None and delegation.region_id:
        last = ExchangeRate.objects.filter(
            delegation__edition=previous, delegation__region=delegation.region_id, currency=currency
        ).first()
        if last is not None:
            return last.usd_rate, _("the rate of %(edition)s (%(rate)s)") % {
                "edition": previous,
                "rate": last.quoted,
            }
    usual = settings.USUAL_USD_PER_UNIT.get(currency)
    if usual:
        usual = Decimal(str(usual))
        return usual, _("the usual rate (about %(rate)s %(currency)s per USD)") % {
            "rate": f"{(1 / usual):.4g}",
            "currency": currency,
        }
    return None


def _far(value: Decimal, reference: Decimal) -> bool:
    ratio = value / reference
    tolerance = Decimal(str(settings.RATE_TOLERANCE))
    return not (1 / (1 + tolerance)) <= ratio <= 1 + tolerance


def rate_warning(*, delegation: Delegation, currency: str, rate: Rate) -> str | None:
    """Why a rate looks wrong (reversed, or far from the reference), or None."""
    reference = reference_rate(delegation=delegation, currency=currency)
    if reference is None:
        return None
    usd_per, (ref, described) = rate.usd_per_unit, reference
    if not _far(usd_per, ref):
        return None
    other = RateQuote.USD_PER_UNIT if rate.quote == RateQuote.PER_USD else RateQuote.PER_USD
    reversed_rate = Rate(rate.value, other)
    if not _far(reversed_rate.usd_per_unit, ref):
        return _(
            "%(entered)s looks like a rate in the other direction: %(reversed)s is "
            "%(usd)s USD per %(currency)s, close to %(reference)s. Choose the other "
            "direction, or confirm that %(entered)s is right."
        ) % {
            "entered": quoted_text(rate.value, rate.quote, currency),
            "reversed": quoted_text(rate.value, other, currency),
            "usd": plain(reversed_rate.usd_per_unit),
            "currency": currency,
            "reference": described,
        }
    return _(
        "%(entered)s (%(usd)s USD per %(currency)s) is far from %(reference)s: check it, or "
        "confirm that it is right."
    ) % {
        "entered": quoted_text(rate.value, rate.quote, currency),
        "usd": plain(usd_per),
        "currency": currency,
        "reference": described,
    }


@transaction.atomic
def exchange_rate_set(
    *,
    delegation: Delegation,
    currency: str,
    by: User,
    rate: Decimal | None = None,
    quote: str = RateQuote.USD_PER_UNIT,
    usd_rate: Decimal | None = None,
    confirm: bool = False,
) -> ExchangeRate:
    """Set (or change) the rate for new deals of the delegation, as the office quotes it:
    ``rate`` units per dollar (``quote=per_usd``) or dollars per unit. ``usd_rate`` is the
    same as ``rate`` with ``quote=usd_per_unit``. A rate that looks reversed or far from the
    reference is refused (``UnusualRate``) unless ``confirm``; the confirmation is recorded
    in the set-up history. Deals already recorded keep their rate: the returned rate's
    ``deals_keeping`` says how many of them there are when the rate changed.
    """
    check(by, "rates.set", delegation)
    if usd_rate is not None and rate is None:
        rate, quote = usd_rate, RateQuote.USD_PER_UNIT
    if currency == Deal.Currency.USD:
        raise ValidationError({"currency": _("The US dollar needs no exchange rate.")})
    if quote not in RateQuote.values:
        raise ValidationError({"quote": _("Say which way the rate is quoted.")})
    if rate is None or Decimal(rate) <= 0:
        raise ValidationError({"rate": _("An exchange rate must be more than zero.")})
    quoted = Rate(Decimal(rate), quote)
    warning = rate_warning(delegation=delegation, currency=currency, rate=quoted)
    if warning and not confirm:
        raise UnusualRate(warning)
    existing = (
        ExchangeRate.objects.select_for_update(of=("self",))
        .filter(delegation=delegation, currency=currency)
        .order_by()
        .first()
    )
    before = existing.quoted if existing else None
    changed = existing is not None and existing.usd_rate != quoted.usd_per_unit
    exchange_rate, _created = ExchangeRate.objects.update_or_create(
        delegation=delegation,
        currency=currency,
        defaults={
            "rate": quoted.value,
            "quote": quote,
            "usd_rate": quoted.usd_per_unit,
            "confirmed_unusual": bool(warning),
            "set_by": by,
        },
    )
    exchange_rate.deals_keeping = (
        Deal.objects.filter(
            registration__sub_delegation__delegation=delegation, currency=currency
        ).count()
        if changed
        else 0
    )
    record_setup_event(
        delegation=delegation,
        by=by,
        action="rate_set",
        subject=_("exchange rate %(currency)s") % {"currency": currency},
        changes={"rate": [before, exchange_rate.quoted]},
        note=(_("Confirmed although: %(warning)s") % {"warning": warning}) if warning else "",
    )
    return exchange_rate


# --- deal checks ---------------------------------------------------------------------------


MISSING_RATE = "missing_rate"
NOT_LISTED = _lazy("Choose a country or region from the list.")


def listed_country(text: str, *, kept: str | None = None) -> str | None:
    """The list's name for a country however it was written; a value recorded before the
    list existed is kept when it is left unchanged. None: not a listed country or region."""
    text = (text or "").strip()
    if kept is not None and text == kept:
        return countries.canonical(text) or text
    return countries.canonical(text)


def deal_check(*, by: User, data: dict, deal: Deal | None = None) -> dict:
    """Validate what a person entered for a deal and complete it with the rate and the USD
    amount. Raises ``ValidationError`` with messages by field, the same for every entry way.
    """
    errors: dict[str, list[str]] = {}
    cleaned = {name: data.get(name) for name in DEAL_FIELDS}
    for name in ("exhibitor_name", "exhibitor_country", "product", "ceremony"):
        cleaned[name] = (cleaned[name] or "").strip()
    cleaned["at_signing_ceremony"] = bool(cleaned["at_signing_ceremony"])

    registration: Registration | None = cleaned["registration"]
    allowed = registrations_for_deals(by)
    if registration is None or not allowed.filter(pk=registration.pk).exists():
        errors.setdefault("registration", []).append(
            _("Choose an approved purchaser of your own scope.")
        )
        registration = None

    exhibitor: Exhibitor | None = cleaned["exhibitor"]
    if exhibitor is not None:
        if registration and exhibitor.edition_id != registration.edition_id:
            errors.setdefault("exhibitor", []).append(
                _("This exhibitor is listed for another edition.")
            )
        cleaned["exhibitor_name"] = cleaned["exhibitor_name"] or exhibitor.name
        cleaned["exhibitor_country"] = cleaned["exhibitor_country"] or exhibitor.country
        cleaned["zone"] = cleaned["zone"] or exhibitor.zone
    for name in ("exhibitor_name", "exhibitor_country", "product"):
        if not cleaned[name]:
            errors.setdefault(name, []).append(_("This field is required."))
    if cleaned["exhibitor_country"]:
        country = listed_country(
            cleaned["exhibitor_country"], kept=deal.exhibitor_country if deal else None
        )
        if country is None:
            errors.setdefault("exhibitor_country", []).append(NOT_LISTED)
        else:
            cleaned["exhibitor_country"] = country

    zone = cleaned["zone"]
    if not isinstance(zone, Zone) or not Zone.objects.filter(pk=zone.pk).exists():
        errors.setdefault("zone", []).append(_("Choose one of the exhibition zones."))

    if cleaned["at_signing_ceremony"] and not cleaned["ceremony"]:
        errors.setdefault("ceremony", []).append(_("Say at which signing ceremony."))
    if not cleaned["at_signing_ceremony"]:
        cleaned["ceremony"] = ""

    currency = cleaned["currency"]
    if currency not in Deal.Currency.values:
        errors.setdefault("currency", []).append(_("Choose a currency."))

    amount = cleaned["amount"]
    if amount is None:
        errors.setdefault("amount", []).append(_("This field is required."))
    else:
        amount = Decimal(amount)
        if amount <= 0:
            errors.setdefault("amount", []).append(_("An amount must be more than zero."))
    cleaned["amount"] = amount

    if registration and currency in Deal.Currency.values:
        # A deal keeps its rate: only a new deal or a change of currency takes today's.
        if deal is not None and deal.currency == currency:
            rate = Rate(deal.rate, deal.rate_quote)
        else:
            rate = rate_for(delegation=registration.sub_delegation.delegation, currency=currency)
        if rate is None:
            errors.setdefault("currency", []).append(
                ValidationError(
                    _(
                        "Your delegation office has not set an exchange rate for %(currency)s "
                        "at this edition yet."
                    )
                    % {"currency": Deal.Currency(currency).label},
                    code=MISSING_RATE,
                )
            )
        elif amount is not None and amount > 0:
            cleaned["rate"] = rate.value
            cleaned["rate_quote"] = rate.quote
            cleaned["usd_rate"] = rate.usd_per_unit
            cleaned["amount_usd"] = to_usd(amount, rate.value, rate.quote)
            ceiling = max_deal_usd()
            if cleaned["amount_usd"] > ceiling:
                errors.setdefault("amount", []).append(
                    _(
                        "%(usd)s USD is more than the %(ceiling)s USD one deal may amount to: "
                        "check the amount and the currency."
                    )
                    % {"usd": f"{cleaned['amount_usd']:,}", "ceiling": f"{ceiling:,.0f}"}
                )

    signed_on = cleaned["signed_on"]
    if signed_on is None:
        errors.setdefault("signed_on", []).append(_("This field is required."))
    elif registration:
        start, end = recording_window(registration.edition)
        if not start <= signed_on <= end:
            errors.setdefault("signed_on", []).append(
                _("Deals of %(edition)s are dated from %(start)s to %(end)s.")
                % {"edition": registration.edition, "start": start, "end": end}
            )

    if errors:
        raise ValidationError(errors)
    return cleaned


def find_duplicates(*, cleaned: dict, exclude_pk: int | None = None) -> list[Deal]:
    """Deals with the same purchaser, exhibitor, product, amount and date."""
    qs = Deal.objects.filter(
        registration__purchaser=cleaned["registration"].purchaser_id,
        exhibitor_name__iexact=cleaned["exhibitor_name"],
        product__iexact=cleaned["product"],
        amount=cleaned["amount"],
        currency=cleaned["currency"],
        signed_on=cleaned["signed_on"],
    ).select_related("registration__purchaser", "recorded_by")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs)


def _as_json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def _snapshot(deal: Deal) -> dict:
    return {name: _as_json(getattr(deal, name)) for name in TRACKED_FIELDS}


def record_deal_event(
    *,
    deal: Deal,
    actor: User,
    action: str,
    changes: dict | None = None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
) -> DealEvent:
    return DealEvent.objects.create(
        deal=deal,
        actor=actor,
        action=action,
        version=deal.version,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        changes=changes or {},
    )


# --- deal writes -------------------------------------------------------------------------


@transaction.atomic
def deal_record(*, by: User, data: dict, confirm_duplicate: bool = False) -> Deal:
    """Record a new intended deal at the rate of the day."""
    check(by, "deals.record")
    cleaned = deal_check(by=by, data=data)
    duplicates = find_duplicates(cleaned=cleaned)
    if duplicates and not confirm_duplicate:
        raise DuplicateDeal(duplicates)
    deal = Deal.objects.create(**cleaned, recorded_by=by)
    record_deal_event(
        deal=deal,
        actor=by,
        action="recorded",
        to_status=deal.status,
        changes={name: [None, value] for name, value in _snapshot(deal).items()},
        reason=_("Saved although a similar deal exists.") if duplicates else "",
    )
    return deal


def _stale(locked: Deal, version: int) -> StaleDeal:
    events = list(
        locked.events.filter(version__gt=version).select_related("actor").order_by("at", "pk")
    )
    return StaleDeal(locked, events)


@transaction.atomic
def deal_update(
    *, deal: Deal, by: User, data: dict, version: int, confirm_duplicate: bool = False
) -> Deal:
    """Correct a deal. Refused if it was saved by someone else since ``version``."""
    check(by, "deals.change", deal)
    locked = Deal.objects.select_for_update().get(pk=deal.pk)
    if locked.version != version:
        raise _stale(locked, version)
    cleaned = deal_check(by=by, data=data, deal=locked)
    before = _snapshot(locked)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    after = _snapshot(locked)
    changes = {k: [before[k], after[k]] for k in TRACKED_FIELDS if before[k] != after[k]}
    if not changes:
        return locked
    duplicates = find_duplicates(cleaned=cleaned, exclude_pk=locked.pk)
    if duplicates and not confirm_duplicate:
        raise DuplicateDeal(duplicates)
    locked.version += 1
    locked.save()
    record_deal_event(deal=locked, actor=by, action="changed", changes=changes)
    return locked


@transaction.atomic
def deal_move(
    *,
    deal: Deal,
    by: User,
    to_status: str,
    reason: str = "",
    note: str = "",
    version: int | None = None,
) -> Deal:
    """Move a deal along its follow-up: the next step, or cancelled with a reason."""
    check(by, "deals.move", deal)
    locked = Deal.objects.select_for_update().get(pk=deal.pk)
    if version is not None and locked.version != version:
        raise _stale(locked, version)
    if locked.status not in OPEN_STATUSES:
        raise FollowUpError(
            _("This deal is %(status)s: its follow-up is closed.")
            % {"status": locked.get_status_display()}
        )
    reason = reason.strip()
    if to_status == Status.CANCELLED:
        if not reason:
            raise FollowUpError(_("Say why the deal was cancelled."))
        locked.cancel_reason = reason
    elif NEXT_STATUS.get(locked.status) != to_status:
        raise FollowUpError(
            _("A deal that is %(status)s can only move on to %(next)s or be cancelled.")
            % {
                "status": locked.get_status_display(),
                "next": Status(NEXT_STATUS[locked.status]).label,
            }
        )
    from_status = locked.status
    locked.status = to_status
    locked.version += 1
    locked.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
    record_deal_event(
        deal=locked,
        actor=by,
        action="moved",
        from_status=from_status,
        to_status=to_status,
        reason=reason or note.strip(),
    )
    if note.strip():
        FollowUpNote.objects.create(
            deal=locked, noted_on=timezone.localdate(), text=note.strip(), author=by
        )
    return locked


@transaction.atomic
def follow_up_note_add(
    *, deal: Deal, by: User, text: str, noted_on: datetime.date | None = None
) -> FollowUpNote:
    check(by, "deals.move", deal)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you learned.")})
    noted_on = noted_on or timezone.localdate()
    if noted_on > timezone.localdate():
        raise ValidationError({"noted_on": _("A follow-up note cannot be dated in the future.")})
    note = FollowUpNote.objects.create(deal=deal, noted_on=noted_on, text=text, author=by)
    record_deal_event(deal=deal, actor=by, action="note", reason=text)
    return note


# --- exhibitors, needs and meetings --------------------------------------------------------

EXHIBITOR_FIELDS = ["edition", "name", "name_en", "country", "zone", "products", "booth"]


class ProposalRecorded(Exception):
    """The correction would change what other delegations' deals see: it was recorded as a
    proposal for the national administrator instead of being applied."""

    def __init__(self, proposal: ExhibitorProposal):
        super().__init__(str(proposal))
        self.proposal = proposal


def _exhibitor_json(value):
    return getattr(value, "pk", value) if value is not None else None


def _exhibitor_changes(exhibitor: Exhibitor, data: dict) -> dict:
    changes = {}
    for name in EXHIBITOR_FIELDS:
        if name not in data:
            continue
        value = data[name]
        value = value.strip() if isinstance(value, str) else value
        before = _exhibitor_json(getattr(exhibitor, name, None) if exhibitor.pk else None)
        after = _exhibitor_json(value)
        if before != after:
            changes[name] = [before, after]
    return changes


def _apply(exhibitor: Exhibitor, changes: dict) -> Exhibitor:
    for name, (_before, after) in changes.items():
        field = Exhibitor._meta.get_field(name)
        setattr(exhibitor, field.attname, after)
    exhibitor.full_clean()
    exhibitor.save()
    return exhibitor


def exhibitor_save(*, by: User, data: dict, exhibitor: Exhibitor | None = None) -> Exhibitor:
    """Enter or correct an exhibitor in the directory (validated by its form or serializer).

    The national administrator adds to the bureau's list and corrects any entry. An office or
    a lead adds for its delegation of the exhibitor's edition, and corrects directly only what
    its delegation added and no other delegation's deal uses; any other correction (and any
    move to another edition) is recorded as a proposal: ``ProposalRecorded`` is raised (after
    the proposal is committed).
    """
    exhibitor, proposal = _exhibitor_save(by=by, data=data, exhibitor=exhibitor)
    if proposal is not None:
        raise ProposalRecorded(proposal)
    return exhibitor


@transaction.atomic
def _exhibitor_save(
    *, by: User, data: dict, exhibitor: Exhibitor | None
) -> tuple[Exhibitor, ExhibitorProposal | None]:
    check(by, "directory.add")
    if "country" in data:
        country = listed_country(data["country"], kept=exhibitor.country if exhibitor else None)
        if country is None:
            raise ValidationError({"country": NOT_LISTED})
        data = {**data, "country": country}
    if exhibitor is None:
        exhibitor = Exhibitor()
        changes = _exhibitor_changes(exhibitor, data)
        if not can(by, "directory.decide_proposal"):
            edition = data.get("edition")
            own = directory_delegations_of(by).filter(edition=edition).first()
            if own is None:
                raise ValidationError(
                    {"edition": _("Your delegation takes no part in this edition.")}
                )
            exhibitor.delegation = own
        _apply(exhibitor, changes)
        ExhibitorEvent.objects.create(
            exhibitor=exhibitor, actor=by, action="added", changes=changes
        )
        return exhibitor, None
    exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
    changes = _exhibitor_changes(exhibitor, data)
    if not changes:
        return exhibitor, None
    direct = can(by, "directory.correct", exhibitor) and (
        can(by, "directory.decide_proposal") or "edition" not in changes
    )
    if not direct:
        proposal = ExhibitorProposal.objects.create(
            exhibitor=exhibitor, changes=changes, proposed_by=by
        )
        ExhibitorEvent.objects.create(
            exhibitor=exhibitor, actor=by, action="proposed", changes=changes
        )
        return exhibitor, proposal
    _apply(exhibitor, changes)
    ExhibitorEvent.objects.create(
        exhibitor=exhibitor, actor=by, action="corrected", changes=changes
    )
    return exhibitor, None


@transaction.atomic
def exhibitor_proposal_decide(
    *, by: User, proposal: ExhibitorProposal, accept: bool
) -> ExhibitorProposal:
    """The national administrator accepts (applies) or rejects a proposed correction."""
    check(by, "directory.decide_proposal")
    proposal = ExhibitorProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ExhibitorProposal.Status.PENDING:
        raise ValidationError(_("This proposal was already decided."))
    exhibitor = Exhibitor.objects.select_for_update().get(pk=proposal.exhibitor_id)
    if accept:
        _apply(exhibitor, proposal.changes)
    proposal.status = (
        ExhibitorProposal.Status.ACCEPTED if accept else ExhibitorProposal.Status.REJECTED
    )
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    ExhibitorEvent.objects.create(
        exhibitor=exhibitor,
        actor=by,
        action="accepted" if accept else "rejected",
        changes=proposal.changes,
    )
    return proposal


@dataclass
class NeedData:
    registration: Registration
    zone: Zone
    product: str
    quantity: str = ""
    budget: Decimal | None = None
    budget_currency: str = Deal.Currency.CNY
    timing: str = ""
    notes: str = ""


@transaction.atomic
def need_publish(*, by: User, data: NeedData) -> ProcurementNeed:
    """Publish what an approved purchaser wants to buy."""
    if not registrations_for_deals(by).filter(pk=data.registration.pk).exists():
        raise ValidationError(
            {"registration": _("Choose an approved purchaser of your own scope.")}
        )
    if data.budget is not None and data.budget < 0:
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    if not data.product.strip():
        raise ValidationError({"product": _("This field is required.")})
    return ProcurementNeed.objects.create(**vars(data), published_by=by)


@transaction.atomic
def meeting_record(
    *,
    by: User,
    need: ProcurementNeed,
    exhibitor: Exhibitor,
    meets_on: datetime.date,
    status: str = Meeting.Status.ARRANGED,
    participants: str = "",
    outcome: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Record (or update) a matchmaking meeting arranged or held for a need."""
    if exhibitor.edition_id != need.registration.edition_id:
        raise ValidationError({"exhibitor": _("This exhibitor is listed for another edition.")})
    if status not in Meeting.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    meeting = meeting or Meeting(need=need)
    meeting.exhibitor = exhibitor
    meeting.meets_on = meets_on
    meeting.status = status
    meeting.participants = participants.strip()
    meeting.outcome = outcome.strip()
    meeting.recorded_by = by
    meeting.save()
    return meeting
