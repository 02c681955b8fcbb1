"""The pages a firm sees without an account: the short code, the form at the link, the
code from the email, and its private status link. Each opens only what its token names:
a link guessed, expired or revoked is a 404."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..models import Registration
from ..registration.fields import ATTENDEE_FIELDS, FIRM_FIELDS
from ..registration.forms import AttendeeFormSet
from ..registration.services import RegistrationError
from ..registration.views import _apply_errors
from . import throttle
from .forms import ConfirmationCodeForm, FirmForm, ShortCodeForm
from .selectors import firm_access_by_token, invitation_by_code, invitation_by_token
from .services import (
    InvitationClosed,
    Pending,
    confirmation_code_matches,
    confirmation_code_send,
    firm_registration_check,
    firm_registration_correct,
    firm_registration_submit,
    invitation_full,
)


class _Collector:
    """Stands in for the staff page's placement form: the place is the invitation's, so
    a message about it (registration not open) goes to the top of the page."""

    def __init__(self):
        self.messages: list[str] = []

    def add_error(self, _name, message) -> None:
        self.messages.append(str(message))


def _errors(error: RegistrationError, firm, formset, rows) -> list[str]:
    collector = _Collector()
    general = _apply_errors(
        error, purchaser_form=firm, placement=collector, formset=formset, rows=rows
    )
    return general + collector.messages or [_("Please correct the errors below.")]


def _throttled(request):
    return render(request, "invitations/public/throttled.html", status=429)


def _closed(request, invitation):
    return render(request, "invitations/public/closed.html", {"invitation": invitation}, status=410)


def _open(token: str):
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404
    return invitation


def _session_key(invitation) -> str:
    return f"invitation:{invitation.pk}"


def _forms(data=None, *, initial=None, attendees=None):
    firm = FirmForm(data, prefix="p", initial=initial)
    formset = AttendeeFormSet(data, prefix="attendees", require_one=True, initial=attendees)
    return firm, formset


MAX_ATTENDEE_FORMS = 50


def _more_rows(post):
    """Without JavaScript, "more attendee rows" sends the form back with two empty rows more;
    nothing is checked or kept yet."""
    data = post.copy()
    try:
        total = int(data.get("attendees-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    data["attendees-TOTAL_FORMS"] = str(min(max(total, 0) + 2, MAX_ATTENDEE_FORMS))
    return _forms(data)


def _cleaned(firm, formset):
    """Both forms valid: the firm's fields and its attendee rows, as the staff page sends."""
    if not (firm.is_valid() & formset.is_valid()):  # both, to show every error at once
        return None
    return firm.cleaned_data, formset.rows()


@never_cache
def invitation_code(request):
    """Type the short code from a letter or a phone call; it leads to the link's form."""
    form = ShortCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            throttle.hit("client_lookups", throttle.client_address(request))
        except throttle.Throttled:
            return _throttled(request)
        invitation = invitation_by_code(form.cleaned_data["code"])
        if invitation is not None:
            return redirect("invitation-open", token=invitation.token)
        form.add_error(
            "code", _("No open invitation has this code. Check it with the unit that invited you.")
        )
    return render(request, "invitations/public/code.html", {"form": form})


@never_cache
def invitation_open(request, token):
    invitation = _open(token)
    if invitation_full(invitation):
        return _closed(request, invitation)
    if request.method != "POST":
        stored = request.session.get(_session_key(invitation))
        data = QueryDict(mutable=True)
        for key, values in (stored or {}).get("post", {}).items():
            data.setlist(key, values)
        firm, formset = _forms(data if stored else None)
        return _firm_form_page(request, invitation, firm, formset)
    try:
        throttle.hit("link_posts", invitation.pk)
    except throttle.Throttled:
        return _throttled(request)
    if request.POST.get("action") == "more":
        return _firm_form_page(request, invitation, *_more_rows(request.POST))
    firm, formset = _forms(request.POST)
    cleaned = _cleaned(firm, formset)
    if cleaned is None:
        return _firm_form_page(
            request, invitation, firm, formset, [_("Please correct the errors below.")]
        )
    purchaser, rows = cleaned
    try:
        firm_registration_check(
            invitation=invitation, purchaser=purchaser, attendees=[row for _i, row in rows]
        )
        pending = confirmation_code_send(
            invitation=invitation,
            email=purchaser["contact_email"],
            client=throttle.client_address(request),
        )
    except InvitationClosed:
        return _closed(request, invitation)
    except throttle.Throttled:
        return _throttled(request)
    except RegistrationError as error:
        return _firm_form_page(
            request, invitation, firm, formset, _errors(error, firm, formset, rows)
        )
    except OSError:  # the mail server is away: nothing was sent, nothing is kept
        message = _("The code could not be emailed just now. Please try again in a few minutes.")
        return _firm_form_page(request, invitation, firm, formset, [message])
    post = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    request.session[_session_key(invitation)] = {"post": post, "pending": pending.as_dict()}
    return redirect("invitation-confirm", token=invitation.token)


def _firm_form_page(request, invitation, firm, formset, general=None):
    return render(
        request,
        "invitations/public/form.html",
        {
            "invitation": invitation,
            "purchaser_form": firm,
            "formset": formset,
            "general_errors": general or [],
        },
        status=400 if general else 200,
    )


@never_cache
def invitation_confirm(request, token):
    """The code from the email: once it matches, the registration is submitted."""
    invitation = _open(token)
    stored = request.session.get(_session_key(invitation))
    if not stored:
        return redirect("invitation-open", token=invitation.token)
    pending = Pending(**stored["pending"])
    form = ConfirmationCodeForm(request.POST or None)
    context = {"invitation": invitation, "form": form, "email": pending.email}
    if request.method != "POST" or not form.is_valid():
        return render(request, "invitations/public/confirm.html", context)
    try:
        matches = confirmation_code_matches(pending=pending, code=form.cleaned_data["code"])
    except throttle.Throttled:
        del request.session[_session_key(invitation)]  # a new code is needed
        return _throttled(request)
    if not matches:
        stored["pending"] = pending.as_dict()
        request.session[_session_key(invitation)] = stored
        form.add_error("code", _("This is not the code we sent. Check the latest email."))
        return render(request, "invitations/public/confirm.html", context, status=400)
    return _submit(request, invitation, stored, pending)


def _submit(request, invitation, stored, pending):
    data = QueryDict(mutable=True)
    for key, values in stored["post"].items():
        data.setlist(key, values)
    firm, formset = _forms(data)
    cleaned = _cleaned(firm, formset)
    general = []
    if cleaned is not None:
        purchaser, rows = cleaned
        try:
            _registration, token = firm_registration_submit(
                invitation=invitation,
                email=pending.email,
                purchaser=purchaser,
                attendees=[row for _i, row in rows],
            )
        except InvitationClosed:
            return _closed(request, invitation)
        except RegistrationError as error:
            general = _errors(error, firm, formset, rows)
        else:
            del request.session[_session_key(invitation)]
            messages.success(
                request, _("Submitted: the inviting unit's lead agency reviews it next.")
            )
            return redirect("invitation-status", token=token)
    # Something changed meanwhile (another registration took the code): back to the form.
    del request.session[_session_key(invitation)]
    return _firm_form_page(
        request, invitation, firm, formset, general or [_("Please correct the errors below.")]
    )


def _access(request, token):
    try:
        throttle.hit("client_status", throttle.client_address(request))
    except throttle.Throttled:
        return None
    access = firm_access_by_token(token)
    if access is None:
        raise Http404
    return access


@never_cache
def invitation_status(request, token):
    """The firm's own registration: its status, the reason of a return, the form to answer
    it. Nothing else is reachable from here."""
    access = _access(request, token)
    if access is None:
        return _throttled(request)
    registration = access.registration
    returned = registration.status == Registration.Status.RETURNED
    firm = formset = None
    general: list[str] = []
    if returned and request.POST.get("action") == "more":
        firm, formset = _more_rows(request.POST)
    elif returned and request.method == "POST":
        firm, formset = _forms(request.POST)
        cleaned = _cleaned(firm, formset)
        if cleaned is not None:
            purchaser, rows = cleaned
            try:
                firm_registration_correct(
                    access=access, purchaser=purchaser, attendees=[row for _i, row in rows]
                )
            except RegistrationError as error:
                general = _errors(error, firm, formset, rows)
            else:
                messages.success(request, _("Submitted again: the lead agency reviews it next."))
                return redirect("invitation-status", token=token)
        else:
            general = [_("Please correct the errors below.")]
    elif returned:
        firm, formset = _forms(
            initial={name: getattr(registration, name) for name in FIRM_FIELDS.entered},
            attendees=[
                {"id": a.pk, **{name: getattr(a, name) for name in ATTENDEE_FIELDS.entered}}
                for a in registration.attendees.all()
            ],
        )
    return render(
        request,
        "invitations/public/status.html",
        {
            "registration": registration,
            "access": access,
            "attendees": list(registration.attendees.all()),
            "return_event": registration.events.filter(to_status=Registration.Status.RETURNED)
            .order_by("-at", "-pk")
            .first(),
            "purchaser_form": firm,
            "formset": formset,
            "general_errors": general,
        },
        status=400 if general else 200,
    )
