"""Translatable names for the offer keys used in data/region.yaml."""

from django.utils.translation import gettext_lazy as _

OFFERS = {
    "first_advice": _("First advice"),
    "pathway_check": _("Pathway check: which residence title fits"),
    "pre_consultation": _("Pre-consultation before the authority"),
    "case_coordination": _("Coordination between the partners"),
    "residence_permits": _("Residence permits"),
    "settlement_permits": _("Settlement permits"),
    "family_reunification": _("Family reunification"),
    "document_pre_check": _("Completeness pre-check of documents"),
    "recognition_crafts": _("Recognition of craft qualifications"),
    "recognition_ihk_occupations": _("Recognition advice for IHK occupations (IHK FOSA)"),
    "labour_market_approval": _("Labour-market approval (§ 39 AufenthG)"),
    "employer_service": _("Employer service"),
    "job_placement": _("Job placement"),
    "youth_employment": _("Youth employment"),
    "accelerated_procedure": _("Accelerated skilled-worker procedure (§ 81a AufenthG)"),
}


def offer_labels(keys) -> list:
    return [OFFERS.get(key, key) for key in keys]
