"""The upload page every spreadsheet kind shares: a usable file is kept and its preview
shown; an unusable one is said on the page, with the limits and the expected headers."""

from collections.abc import Callable

from django.shortcuts import redirect, render

from . import sheets


def sheet_upload_page(
    request,
    *,
    kind: sheets.SheetKind,
    form,
    template: str,
    preview_url: Callable[[str], str],
    meta: Callable[[], dict] | None = None,
    context: dict | None = None,
):
    """``form`` has the ``file`` field; ``preview_url(token)`` is where the kept file is
    previewed; ``meta()`` what is kept with it (read once the form is valid)."""
    file_error = None
    if request.method == "POST" and form.is_valid():
        try:
            token = sheets.upload_checked_and_store(
                kind=kind,
                user=request.user,
                file=form.cleaned_data["file"],
                meta=meta() if meta else None,
            )
        except sheets.SheetError as error:
            file_error = str(error)
        else:
            return redirect(preview_url(token))
    return render(
        request,
        template,
        {
            "form": form,
            "file_error": file_error,
            "headers": kind.headers(),
            "max_rows": sheets.MAX_ROWS,
            "max_mb": sheets.MAX_FILE_BYTES // (1024 * 1024),
            **(context or {}),
        },
    )
