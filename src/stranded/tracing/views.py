"""Tracing pages: inquiry intake built for a phone call, lists, person page, match review."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.roles import Perm
from stranded.tracing import access
from stranded.tracing.actions import close_inquiry, confirm_match, open_inquiry, reject_match
from stranded.tracing.forms import CloseInquiryForm, InquiryFilterForm, InquiryForm, PersonForm
from stranded.tracing.index import quick_candidates, warm_index
from stranded.tracing.matching.rank import clearly_beaten
from stranded.tracing.models import Match


@require_perm(Perm.EDIT_INQUIRIES)
def inquiry_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.EDIT_INQUIRIES)
    form = InquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        warm_index(operation.pk)
        inquiry = open_inquiry(
            operation=operation,
            inquirer=form.inquirer(),
            sought=form.person_data(operation),
            channel=form.cleaned_data["channel"],
            by=actor(request),
        )
        messages.success(
            request, _("Inquiry %(reference)s recorded.") % {"reference": inquiry.reference}
        )
        return redirect("tracing:inquiry-detail", inquiry_id=inquiry.pk)
    return render(request, "tracing/inquiry_new.html", {"form": form})


@require_POST
@require_perm(Perm.EDIT_INQUIRIES)
def already_known(request: HttpRequest) -> HttpResponse:
    """Live check while the officer types: is this person known already? (htmx partial)

    A POST of the whole intake form: the names typed never appear in a URL or an access log.
    """
    form = PersonForm(request.POST)
    candidates = []
    if form.is_valid():
        operation = ensure_operation(actor(request), Perm.EDIT_INQUIRIES)
        candidates = quick_candidates(actor(request), form.person_data(operation), limit=5)
    return render(request, "tracing/_already_known.html", {"candidates": candidates})


@require_GET
@require_perm(Perm.VIEW_INQUIRIES)
def inquiry_list(request: HttpRequest) -> HttpResponse:
    form = InquiryFilterForm(request.GET or None)
    inquiries = access.visible_inquiries(actor(request)).select_related("sought")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            inquiries = inquiries.filter(status=data["status"])
        if data["channel"]:
            inquiries = inquiries.filter(channel=data["channel"])
        if data["reference"]:
            inquiries = inquiries.filter(reference__iexact=data["reference"].strip())
    page = Paginator(inquiries, 50).get_page(request.GET.get("page"))
    access.inquiries_listed(actor(request), list(page.object_list))
    access.persons_listed(actor(request), [i.sought for i in page.object_list])
    return render(request, "tracing/inquiry_list.html", {"form": form, "page": page})


@require_GET
@require_perm(Perm.VIEW_INQUIRIES)
def inquiry_detail(request: HttpRequest, inquiry_id: UUID) -> HttpResponse:
    inquiry = access.get_inquiry(actor(request), inquiry_id)
    matches = list(inquiry.matches.select_related("right").order_by("-probability"))
    access.persons_listed(actor(request), [m.right for m in matches])
    # Ranked best first; a candidate another one clearly beats is marked (rank.clearly_beaten).
    beaten = clearly_beaten([m.probability for m in matches])
    context = {
        "inquiry": inquiry,
        "matches": matches,
        "beaten": {m.pk for m, lost in zip(matches, beaten, strict=True) if lost},
        "notes": inquiry.sought.notes.select_related("author"),
        "leads": inquiry.leads.all(),
        "close_form": CloseInquiryForm(),
    }
    return render(request, "tracing/inquiry_detail.html", context)


@require_POST
@require_perm(Perm.EDIT_INQUIRIES)
def inquiry_close(request: HttpRequest, inquiry_id: UUID) -> HttpResponse:
    inquiry = access.get_inquiry(actor(request), inquiry_id, write=True)
    form = CloseInquiryForm(request.POST)
    if form.is_valid():
        close_inquiry(inquiry=inquiry, reason=form.cleaned_data["reason"], by=actor(request))
    return redirect("tracing:inquiry-detail", inquiry_id=inquiry.pk)


@require_GET
@require_perm(Perm.VIEW_PERSONS, Perm.VIEW_PERSONS_IN_AREAS)
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person = access.get_person(actor(request), person_id)
    context = {
        "person": person,
        "history": person.status_history.select_related("by"),
        "notes": person.notes.select_related("author", "inquiry"),
        "merged_from": person.merged_from.all(),
    }
    return render(request, "tracing/person_detail.html", context)


@require_GET
@require_perm(Perm.DECIDE_MATCHES)
def match_queue(request: HttpRequest) -> HttpResponse:
    pending = access.visible_matches(actor(request)).to_review()
    pending = pending.select_related("left", "right", "inquiry")
    page = Paginator(pending, 25).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    access.persons_listed(actor(request), [p for m in shown for p in (m.left, m.right)])
    return render(request, "tracing/match_queue.html", {"page": page})


@require_POST
@require_perm(Perm.DECIDE_MATCHES)
def match_decide(request: HttpRequest, match_id: UUID, decision: str) -> HttpResponse:
    match = access.get_match(actor(request), match_id, write=True)
    if match.decision == Match.Decision.PENDING:
        if decision == "confirm":
            confirm_match(match=match, by=actor(request))
        else:
            reject_match(match=match, by=actor(request))
    return render(request, "tracing/_match_row.html", {"match": match, "show_left": True})
