# syntax=docker/dockerfile:1
# The production image (README, "Production profile"): gunicorn with the preloaded app.
#   docker build -t welcome-hannover .
# The same image runs the job worker (`python manage.py run_huey`) and the migrations.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: dependencies into a venv, static files, compiled messages --------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext for compilemessages only. No compiler: every pinned dependency ships a wheel for
# CPython 3.11 on Linux (--only-binary makes a missing one fail the build instead).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN pip install --only-binary=:all: -r /tmp/requirements.txt

WORKDIR /app
COPY . .
# The production static storage (hashed names, a manifest, gzip and Brotli copies); a throwaway
# key and host only so the production settings load. Nothing of them ends up in the image.
RUN DJANGO_ENV=production \
    SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
    ALLOWED_HOSTS=build.invalid \
    VAR_DIR=/app/var \
    python manage.py collectstatic --noinput --verbosity 0 \
    && python manage.py compilemessages --verbosity 0 \
    && python -m compileall -q welcome deploy

# --- runtime: the venv, the code, the libraries WeasyPrint loads; no build tools -----------
FROM ${PYTHON_IMAGE} AS runtime

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 welcome \
    && useradd --system --uid 10001 --gid welcome --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin welcome

COPY --from=build /opt/venv /opt/venv
# The code belongs to root: the app cannot change itself. Only media (without S3) is writable.
COPY --from=build /app /app
RUN install -d -o 10001 -g 10001 /app/var/media

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_ENV=production \
    VAR_DIR=/app/var \
    PORT=8000 \
    XDG_CACHE_HOME=/tmp/.cache \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MKL_NUM_THREADS=1

WORKDIR /app
USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py", "/healthz"]

ENTRYPOINT ["gunicorn", "--config", "/app/deploy/gunicorn.conf.py"]
