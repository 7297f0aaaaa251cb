"""Helpers shared by the employer portal's tests (no tests here): English URLs so assertions can
read the English texts, a logged-in HR user with the second factor, a valid application form."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from welcome.accounts.tests.factories import EmployerFactory, login_verified
from welcome.procedures.tests.factories import VerifiedCompanyFactory


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"procedures:{name}", kwargs=kwargs or None)


def employer_client(client, *, company=None, user=None):
    """``client`` logged in (second factor passed) as an HR user of ``company``."""
    user = user or EmployerFactory(company=company or VerifiedCompanyFactory())
    login_verified(client, user)
    client.user = user
    return client


# A skilled worker with fully recognised vocational training: eligible for § 18a AufenthG.
APPLICATION = {
    "worker_name": "Amina Haddad",
    "worker_email": "amina@example.net",
    "worker_language": "ar",
    "worker_nationality": "MA",
    "worker_birth_date": "1994-05-17",
    "occupation": "Pflegefachkraft",
    "occupation_isco": "2221",
    "title": "skilled_vocational",
    "qualification__level": "vocational",
    "qualification__recognition": "full",
    "qualification__regulated_profession": "no",
    "german_level": "B1",
    "job_offer__annual_gross_salary_eur": "42000",
    "job_offer__matches_qualification": "yes",
    "job_offer__contract_months": "0",
}
