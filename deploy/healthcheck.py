"""The image's HEALTHCHECK: GET /healthz from this container's gunicorn; exit 0 when healthy.

Plain HTTP inside the container (/healthz is exempt from the HTTPS redirect), with the first of
ALLOWED_HOSTS as Host, since Django answers 400 to any other. The slim image has no curl.
Usage: python deploy/healthcheck.py [path]   (default /healthz; /livez skips the database)
"""

import http.client
import os
import sys


def allowed_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")  # ".example.org" allows example.org itself too
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "/healthz"
    port = int(os.environ.get("PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=4)
    try:
        connection.request("GET", path, headers={"Host": allowed_host()})
        status = connection.getresponse().status
    except OSError as error:
        print(f"{path}: {error}", file=sys.stderr)  # noqa: T201 - docker inspect shows it
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"{path}: HTTP {status}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
