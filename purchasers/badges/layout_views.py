"""The national administrator's page for each edition's official batch layout."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from delegations.capabilities import requires
from delegations.models import Edition
from delegations.permissions import get_in_scope_or_404

from ..models import Attendee
from . import layouts, services

EXTRA_ROWS = 3


class ColumnForm(forms.Form):
    header = forms.CharField(label=gettext_lazy("Column header"), max_length=60, required=False)
    field = forms.ChoiceField(label=gettext_lazy("Field"), choices=())
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (k, label) for k, (label, _get) in layouts.LAYOUT_FIELDS.items()
        ]
        self.fields["format"].choices = list(layouts.FORMATS.items())


ColumnFormSet = forms.formset_factory(ColumnForm, extra=EXTRA_ROWS, max_num=60)


class CodesForm(forms.Form):
    def __init__(self, *args, codes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Attendee.IdType.choices:
            self.fields[value] = forms.CharField(
                label=label, max_length=10, initial=codes.get(value, "")
            )


@requires("badges.edit_layout")
@require_http_methods(["GET"])
def layout_list(request):
    editions = Edition.objects.order_by("-number")
    return render(request, "purchasers/badges/layout_list.html", {"editions": editions})


@requires("badges.edit_layout")
@require_http_methods(["GET", "POST"])
def layout_edit(request, pk: int):
    edition = get_in_scope_or_404(Edition.objects.all(), pk=pk)
    layout = layouts.layout_for(edition)
    post = request.POST if request.method == "POST" else None
    formset = ColumnFormSet(post, initial=layout.columns)
    codes = CodesForm(post, codes=layout.id_type_codes, prefix="codes")
    problems: list[str] = []
    if post is not None and formset.is_valid() and codes.is_valid():
        columns = [
            {"header": f["header"].strip(), "field": f["field"], "format": f["format"]}
            for f in formset.cleaned_data
            if f and f.get("header", "").strip()
        ]
        try:
            services.layout_save(
                edition=edition, columns=columns, id_type_codes=codes.cleaned_data, by=request.user
            )
        except services.BadgeError as error:
            problems.append(str(error))
        else:
            messages.success(request, _("The official layout of %(e)s is saved.") % {"e": edition})
            return redirect("badge-layout-edit", pk=edition.pk)
    return render(
        request,
        "purchasers/badges/layout_edit.html",
        {
            "edition": edition,
            "layout": layout,
            "formset": formset,
            "codes": codes,
            "problems": problems,
        },
        status=400 if post is not None else 200,
    )
