"""Letters to the Mayor: the PDF, and the Mayor's office recording their receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.collaboration import selectors, services
from smartcity.collaboration.forms import ReceiptForm
from smartcity.collaboration.letterhead import letter_pdf
from smartcity.collaboration.views.access import forbidden, form_errors_to_messages, refusals_shown


@login_required
def letter_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The registered Romanian PDF; `?language=ru` draws the Russian version."""
    letter = selectors.letter_by_id(pk)
    if letter is None:
        raise Http404(_("There is no such letter."))
    if not selectors.letter_readable_by(letter, request.user):
        return forbidden(request, _("Only the author and the city hall read this letter."))
    filename = f"{letter.number.replace('/', '-')}"
    if request.GET.get("language") == "ru":
        body = letter_pdf(letter, language="ru")
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}-ru.pdf"'
        return response
    if not letter.pdf:
        services.letter_pdf_store(letter=letter)
    return FileResponse(
        letter.pdf.open("rb"), content_type="application/pdf", filename=f"{filename}.pdf"
    )


@require_POST
@login_required
@refusals_shown
def letter_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_by_id(pk)
    if letter is None:
        raise Http404(_("There is no such letter."))
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("collaboration:office_idea", letter.idea_id)
    try:
        services.letter_receipt_record(
            letter=letter,
            by=request.user,
            received_on=form.cleaned_data["received_on"],
            incoming_number=form.cleaned_data["incoming_number"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The receipt of the letter is recorded."))
    return redirect("collaboration:office_idea", letter.idea_id)
