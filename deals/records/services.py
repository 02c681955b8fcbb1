"""Writes to intended deals: record, correct, move along the follow-up, note. The only
place their state changes: pages, the API, the spreadsheet import and commands call these.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.audit.models import EventKind
from delegations.audit.services import record
from delegations.capabilities import check
from delegations.models import Edition, User, Zone
from purchasers.models import Registration

from ..directory.models import Exhibitor
from ..directory.services import NOT_LISTED, listed_country
from ..permissions import registrations_for_deals
from ..rates.services import Rate, rate_for, to_usd
from .fields import DEAL_FIELDS
from .models import OPEN_STATUSES, Deal, DealEvent, FollowUpNote

# The follow-up path: each open state moves to the next, or to cancelled with a reason.
NEXT_STATUS = {
    Deal.Status.INTENDED: Deal.Status.CONTRACTED,
    Deal.Status.CONTRACTED: Deal.Status.EXECUTING,
    Deal.Status.EXECUTING: Deal.Status.COMPLETED,
}


# The fields a person enters; the rest (rate, USD amount) the services decide. All of them
# are compared with the history and shown in it, in their declared order.
ENTERED = DEAL_FIELDS.entered
TRACKED = DEAL_FIELDS.names


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


def max_deal_usd() -> Decimal:
    return Decimal(str(settings.DEAL_MAX_USD))


def recording_window(edition: Edition) -> tuple[datetime.date, datetime.date]:
    """Deals of an edition are dated from some weeks before it opens (pre-show signings) to
    the end of the year after it closes (deals reported late)."""
    start = edition.opens_on - datetime.timedelta(weeks=settings.DEAL_WINDOW_WEEKS_BEFORE)
    return start, datetime.date(edition.closes_on.year + 1, 12, 31)


MISSING_RATE = "missing_rate"


def deal_check(*, by: User, data: dict, deal: Deal | None = None) -> dict:
    """Validate what a person entered for a deal and complete it with the rate and the USD
    amount. Raises ``ValidationError`` with messages by field, the same for every entry way.
    """
    errors: dict[str, list[str]] = {}
    cleaned = {name: data.get(name) for name in ENTERED}
    for name in ("exhibitor_name", "exhibitor_country", "product", "ceremony"):
        cleaned[name] = (cleaned[name] or "").strip()
    cleaned["at_signing_ceremony"] = bool(cleaned["at_signing_ceremony"])
    registration = _checked_registration(by, cleaned, errors)
    _check_exhibitor(cleaned, errors, registration=registration, deal=deal)
    _check_zone_and_ceremony(cleaned, errors)
    _check_currency_and_amount(cleaned, errors)
    if registration and cleaned["currency"] in Deal.Currency.values:
        _convert(cleaned, errors, registration=registration, deal=deal)
    _check_date(cleaned, errors, registration=registration)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _checked_registration(by: User, cleaned: dict, errors: dict) -> Registration | None:
    registration: Registration | None = cleaned["registration"]
    allowed = registrations_for_deals(by)
    if registration is None or not allowed.filter(pk=registration.pk).exists():
        errors.setdefault("registration", []).append(
            _("Choose an approved purchaser of your own scope.")
        )
        return None
    return registration


def _check_exhibitor(
    cleaned: dict, errors: dict, *, registration: Registration | None, deal: Deal | None
) -> None:
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


def _check_zone_and_ceremony(cleaned: dict, errors: dict) -> None:
    zone = cleaned["zone"]
    if not isinstance(zone, Zone) or not Zone.objects.filter(pk=zone.pk).exists():
        errors.setdefault("zone", []).append(_("Choose one of the exhibition zones."))

    if cleaned["at_signing_ceremony"] and not cleaned["ceremony"]:
        errors.setdefault("ceremony", []).append(_("Say at which signing ceremony."))
    if not cleaned["at_signing_ceremony"]:
        cleaned["ceremony"] = ""


def _check_currency_and_amount(cleaned: dict, errors: dict) -> None:
    if cleaned["currency"] not in Deal.Currency.values:
        errors.setdefault("currency", []).append(_("Choose a currency."))

    amount = cleaned["amount"]
    if amount is None:
        errors.setdefault("amount", []).append(_("This field is required."))
    else:
        amount = Decimal(amount)
        if amount <= 0:
            errors.setdefault("amount", []).append(_("An amount must be more than zero."))
    cleaned["amount"] = amount


def _convert(cleaned: dict, errors: dict, *, registration: Registration, deal: Deal | None):
    """The rate (the deal's own, or the office's of today) and the USD amount."""
    currency, amount = cleaned["currency"], cleaned["amount"]
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


def _check_date(cleaned: dict, errors: dict, *, registration: Registration | None) -> None:
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
    return {name: _as_json(getattr(deal, name)) for name in TRACKED}


@transaction.atomic
def deal_record(*, by: User, data: dict, confirm_duplicate: bool = False) -> Deal:
    """Record a new intended deal at the rate of the day."""
    check(by, "deals.record")
    cleaned = deal_check(by=by, data=data)
    duplicates = find_duplicates(cleaned=cleaned)
    if duplicates and not confirm_duplicate:
        raise DuplicateDeal(duplicates)
    deal = Deal.objects.create(**cleaned, recorded_by=by)
    record(
        DealEvent,
        deal=deal,
        by=by,
        kind=EventKind.RECORDED,
        to_status=deal.status,
        changes={name: [None, value] for name, value in _snapshot(deal).items()},
        reason=_("Saved although a similar deal exists.") if duplicates else "",
        version=deal.version,
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
    changes = {k: [before[k], after[k]] for k in TRACKED if before[k] != after[k]}
    if not changes:
        return locked
    duplicates = find_duplicates(cleaned=cleaned, exclude_pk=locked.pk)
    if duplicates and not confirm_duplicate:
        raise DuplicateDeal(duplicates)
    locked.version += 1
    locked.save()
    record(
        DealEvent,
        deal=locked,
        by=by,
        kind=EventKind.CORRECTED,
        changes=changes,
        version=locked.version,
    )
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
    if to_status == Deal.Status.CANCELLED:
        if not reason:
            raise FollowUpError(_("Say why the deal was cancelled."))
        locked.cancel_reason = reason
    elif NEXT_STATUS.get(locked.status) != to_status:
        raise FollowUpError(
            _("A deal that is %(status)s can only move on to %(next)s or be cancelled.")
            % {
                "status": locked.get_status_display(),
                "next": Deal.Status(NEXT_STATUS[locked.status]).label,
            }
        )
    from_status = locked.status
    locked.status = to_status
    locked.version += 1
    locked.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
    record(
        DealEvent,
        deal=locked,
        by=by,
        kind=EventKind.MOVED,
        from_status=from_status,
        to_status=to_status,
        reason=reason or note.strip(),
        version=locked.version,
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
    record(DealEvent, deal=deal, by=by, kind=EventKind.NOTE, reason=text, version=deal.version)
    return note
