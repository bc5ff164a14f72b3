"""Verwaltung → Archiv: the cases offered to the city archive before their Löschfrist deletes
them, and the archive's decision (take or release), recorded with a confirmation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from common.db import utcnow
from common.i18n import _, _l

from ..auth import role_required
from ..core.extensions import db
from ..models import ArchiveDecision, ArchiveOffer, Role
from ..privacy import archive_offers
from . import bp

UNCONFIRMED = _l("Bitte bestätigen Sie, dass diese Entscheidung vom Archiv vorliegt.")


@bp.route("/archiv")
@role_required(Role.ADMIN)
def archive_offer_list():
    """List the offers, those awaiting the archive's decision first."""
    return render_template("admin/archive_offers.html",
                           offers=archive_offers.offers(db.session),
                           labels=archive_offers.DECISION_LABELS,
                           folder=archive_offers.drop_folder())


@bp.route("/archiv/<int:offer_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def archive_offer(offer_id: int):
    """Show one offer; record the archive's decision once it is chosen and confirmed."""
    offer = db.session.get(ArchiveOffer, offer_id) or abort(404)
    if request.method == "GET":
        return decision_page(offer)
    decision = request.form.get("entscheidung", "")
    if decision not in ArchiveDecision.ALL:
        return decision_page(offer, error=_("Bitte wählen Sie „Übernahme“ oder „Freigabe“.")), 400
    if request.form.get("bestaetigt") != "ja":
        return decision_page(offer, error=str(UNCONFIRMED), chosen=decision), 400
    try:
        archive_offers.decide(db.session, offer.id, decision, current_user.email, utcnow(),
                              actor_id=current_user.id)
    except archive_offers.OfferRefused as refused:
        return decision_page(offer, error=str(refused.message)), 409
    flash(_("Die Entscheidung des Archivs zu %(reference)s ist erfasst: %(decision)s. Der "
            "Vorgang wird mit dem nächsten Löschlauf gelöscht.", reference=offer.reference,
            decision=archive_offers.DECISION_LABELS[decision]), "success")
    return redirect(url_for("admin.archive_offer_list"))


def decision_page(offer: ArchiveOffer, *, error: str | None = None, chosen: str = ""):
    """Render one offer with its decision form (or the decision taken) and any message."""
    return render_template("admin/archive_offer.html", offer=offer, error=error, chosen=chosen,
                           labels=archive_offers.DECISION_LABELS,
                           decisions=ArchiveDecision)
