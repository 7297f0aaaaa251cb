"""Issue, rotate, revoke and list the API clients of partner systems.

    manage.py api_client create --institution abh-lhh --name "Fachverfahren LHH" \\
        --scopes cases:read,cases:write
    manage.py api_client rotate --client "Fachverfahren LHH" [--grace-days 7]
    manage.py api_client revoke --token <prefix>      # one token, at once
    manage.py api_client revoke --client "Fachverfahren LHH"   # the client and all its tokens
    manage.py api_client list [--institution abh-lhh]

A new token is printed once and never stored; hand it to the partner over a secure channel.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from welcome.api.clients import (
    DEFAULT_GRACE,
    ApiClientError,
    api_client_create,
    api_client_revoke,
    api_client_rotate,
    api_token_revoke,
    scopes_parse,
)
from welcome.api.models import ApiClient, ApiToken
from welcome.region.models import Institution


def _client(value: str) -> ApiClient:
    """An API client by id or exact name."""
    client = ApiClient.objects.filter(name=value).first()
    if client is None and value.isdigit():
        client = ApiClient.objects.filter(pk=int(value)).first()
    if client is None:
        raise CommandError(f"There is no API client with the id or name {value!r}.")
    return client


def _expiry(days: int | None) -> dt.datetime | None:
    if days is None:
        return None
    if days <= 0:
        raise CommandError("--expires-in-days must be a positive number of days.")
    return timezone.now() + dt.timedelta(days=days)


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "Issue, rotate, revoke and list API clients of partner systems (tokens shown once)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)

        create = actions.add_parser("create", help="Register a partner system; prints its token.")
        create.add_argument("--institution", required=True, help="Institution id, e.g. abh-lhh.")
        create.add_argument("--name", required=True, help="Unique name, e.g. the system's name.")
        create.add_argument(
            "--scopes", required=True, help="Comma-separated: cases:read,cases:write."
        )
        create.add_argument("--expires-in-days", type=int, help="Default: no expiry.")

        rotate = actions.add_parser("rotate", help="Issue a new token; old ones end after grace.")
        rotate.add_argument("--client", required=True, help="Id or name of the client.")
        rotate.add_argument(
            "--grace-days",
            type=int,
            default=DEFAULT_GRACE.days,
            help="Days the old tokens keep working (default %(default)s; 0 ends them now).",
        )
        rotate.add_argument("--expires-in-days", type=int, help="Default: no expiry.")

        revoke = actions.add_parser("revoke", help="Revoke a token or a whole client at once.")
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--client", help="Id or name: the client and all its tokens.")
        which.add_argument("--token", help="Prefix of one token (whr_<prefix>_...).")

        listing = actions.add_parser("list", help="Clients and their tokens (no secrets).")
        listing.add_argument("--institution", help="Only this institution's clients.")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ApiClientError as error:
            raise CommandError(error.message) from error

    def _create(self, *, institution, name, scopes, expires_in_days, **options):
        found = Institution.objects.filter(pk=institution).first()
        if found is None:
            raise CommandError(f"There is no institution with the id {institution!r}.")
        client, secret = api_client_create(
            institution=found,
            name=name,
            scopes=scopes_parse(scopes),
            expires_at=_expiry(expires_in_days),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created API client {client.pk} {client.name!r} of {found.pk} with the scopes "
                f"{', '.join(client.scopes)}."
            )
        )
        self._print_secret(secret)

    def _rotate(self, *, client, grace_days, expires_in_days, **options):
        if grace_days < 0:
            raise CommandError("--grace-days cannot be negative.")
        found = _client(client)
        token, secret = api_client_rotate(
            client=found, grace=dt.timedelta(days=grace_days), expires_at=_expiry(expires_in_days)
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Issued token {token.prefix} for {found.name!r}; its other tokens stop working "
                f"within {grace_days} day(s), or when revoked."
            )
        )
        self._print_secret(secret)

    def _revoke(self, *, client, token, **options):
        if token:
            prefix = token.removeprefix("whr_").split("_", 1)[0]
            found = ApiToken.objects.filter(prefix=prefix).first()
            if found is None:
                raise CommandError(f"There is no API token with the prefix {prefix!r}.")
            done = api_token_revoke(token=found)
            what = f"Token {found.prefix}"
        else:
            found = _client(client)
            done = api_client_revoke(client=found)
            what = f"API client {found.name!r} and all its tokens"
        if done:
            self.stdout.write(self.style.SUCCESS(f"{what}: revoked."))
        else:
            self.stdout.write(f"{what}: was revoked already.")

    def _list(self, *, institution, **options):
        clients = ApiClient.objects.prefetch_related("tokens")
        if institution:
            clients = clients.filter(institution_id=institution)
        for client in clients:
            state = f"revoked {_when(client.revoked_at)}" if client.revoked_at else "active"
            self.stdout.write(
                f"{client.pk}  {client.name}  [{client.institution_id}]  "
                f"{','.join(client.scopes)}  {state}  last used {_when(client.last_used_at)}"
            )
            for token in client.tokens.all():
                self.stdout.write(
                    f"    token {token.prefix}  created {_when(token.created_at)}  "
                    f"expires {_when(token.expires_at)}  revoked {_when(token.revoked_at)}  "
                    f"last used {_when(token.last_used_at)}"
                )
        if not clients:
            self.stdout.write("No API clients.")

    def _print_secret(self, secret: str) -> None:
        self.stdout.write("Token (shown only now; it is not stored, so keep it safe):")
        self.stdout.write(secret)
