"""Factories with named business states for users."""

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcome.accounts.models import Company, User

PASSWORD = "correct horse battery staple"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Tischlerei Beispiel {n} GmbH")
    municipality = "Garbsen"


class StaffFactory(factory.django.DjangoModelFactory):
    """A case worker of an institution; pass institution_id="abh-lhh" etc."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    kind = User.Kind.STAFF
    institution_id = "welcome-center"
    role = User.Role.CASE_WORKER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Staff have a confirmed authenticator unless created with totp=False."""
        if create and extracted is not False:
            TOTPDevice.objects.create(user=self, name="authenticator", confirmed=True)
        if create:
            self.save()


class EmployerFactory(factory.django.DjangoModelFactory):
    """An HR user of a company, with a confirmed authenticator unless totp=False."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"employer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    kind = User.Kind.EMPLOYER
    company = factory.SubFactory(CompanyFactory)
    institution = None
    role = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Employers pass the second factor too: a confirmed authenticator unless totp=False."""
        if create and extracted is not False:
            TOTPDevice.objects.create(user=self, name="authenticator", confirmed=True)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def login_verified(client, user):
    """Log the test client in as `user` with the second factor already passed."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
