"""The production profile's files agree with the app and with each other: gunicorn's config,
compose.yaml with its nginx, the Kubernetes manifests and the Dockerfile. (The image itself is
built elsewhere; tests/e2e/test_scale_out.py runs the same gunicorn config and workers.)"""

import gc
import re
import runpy
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
import yaml
from django.conf import settings
from gunicorn.config import KNOWN_SETTINGS

from welcome.cases.files import MAX_UPLOAD_BYTES

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
BLAS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def gunicorn_config(monkeypatch, **env) -> dict:
    for name in (*BLAS, "WEB_CONCURRENCY", "GUNICORN_BIND", "PORT", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)  # restored after the test, also what we set
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    names = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    return {
        k: v for k, v in names.items() if not k.startswith("_") and not isinstance(v, ModuleType)
    }


def size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([km]?)", value.lower()).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]


def manifests() -> list[dict]:
    return [
        document
        for path in sorted(K8S.glob("*.yaml"))
        if path.name != "kustomization.yaml"
        for document in yaml.safe_load_all(path.read_text())
    ]


def by_kind(kind: str) -> dict[str, dict]:
    return {m["metadata"]["name"]: m for m in manifests() if m["kind"] == kind}


def pod_specs() -> list[dict]:
    workloads = [*by_kind("Deployment").values(), *by_kind("Job").values()]
    return [w["spec"]["template"]["spec"] for w in workloads]


def config_map() -> dict[str, str]:
    return by_kind("ConfigMap")["welcome-config"]["data"]


# --- gunicorn -------------------------------------------------------------------------------


def test_the_gunicorn_config_sets_only_gunicorn_settings_from_the_environment(monkeypatch):
    config = gunicorn_config(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_BIND="127.0.0.1:9000")
    known = {setting.name for setting in KNOWN_SETTINGS}
    assert set(config) <= known, set(config) - known  # a misspelt name would be ignored
    assert config["workers"] == 3
    assert config["bind"] == ["127.0.0.1:9000"]
    assert config["preload_app"] is True
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["control_socket_disable"] is True


def test_the_gunicorn_config_pins_blas_to_one_thread_before_the_app_loads(monkeypatch):
    import os

    config = gunicorn_config(monkeypatch, PORT="8123")
    assert config["workers"] == 2
    assert config["bind"] == ["0.0.0.0:8123"]  # noqa: S104 - inside the container
    assert all(os.environ[name] == "1" for name in BLAS)


def test_each_worker_is_forked_from_a_frozen_heap(monkeypatch):
    """What the master holds (the preloaded app) is out of the workers' collector's reach."""
    pre_fork = gunicorn_config(monkeypatch)["pre_fork"]
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        pre_fork(SimpleNamespace(cfg=SimpleNamespace(preload_app=False)), worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_a_malformed_worker_count_stops_the_start(monkeypatch):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        gunicorn_config(monkeypatch, WEB_CONCURRENCY="two")


def test_the_proxies_wait_longer_than_gunicorn_and_the_pods_longer_than_its_grace(monkeypatch):
    config = gunicorn_config(monkeypatch)
    nginx = (DEPLOY / "nginx" / "default.conf.template").read_text()
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx).group(1))
    assert read_timeout > config["timeout"]
    annotations = by_kind("Ingress")["welcome"]["metadata"]["annotations"]
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) > config["timeout"]
    app = by_kind("Deployment")["welcome-app"]["spec"]["template"]["spec"]
    pause = int(app["containers"][0]["lifecycle"]["preStop"]["exec"]["command"][1])
    assert app["terminationGracePeriodSeconds"] > config["graceful_timeout"] + pause


# --- the proxies ------------------------------------------------------------------------------


def test_every_proxy_refuses_bodies_larger_than_the_app_accepts():
    nginx = (DEPLOY / "nginx" / "default.conf.template").read_text()
    limits = [
        size(re.search(r"client_max_body_size (\w+);", nginx).group(1)),
        size(
            by_kind("Ingress")["welcome"]["metadata"]["annotations"][
                "nginx.ingress.kubernetes.io/proxy-body-size"
            ]
        ),
    ]
    for limit in limits:
        assert limit == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        assert limit > MAX_UPLOAD_BYTES  # one upload of the largest size, with its form


def test_the_proxy_count_matches_the_proxies_in_front():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    nginx = (DEPLOY / "nginx" / "default.conf.template").read_text()
    # nginx is the only proxy and replaces the header by the one address it saw.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert compose["services"]["app"]["environment"]["PROXY_COUNT"] == "1"
    assert config_map()["PROXY_COUNT"] == "1"


# --- compose ---------------------------------------------------------------------------------


def test_compose_runs_app_worker_and_migrations_on_postgresql_and_redis():
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert set(services) == {"migrate", "app", "worker", "proxy", "db", "redis"}
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    for name in ("app", "worker"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
        assert services[name]["env_file"] == ".env"  # secrets: never in the repository
        assert services[name]["read_only"] is True
    assert "run_huey" in services["worker"]["command"]
    assert "migrate --noinput" in services["migrate"]["command"][0]
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()
    assert "/.env" in (ROOT / ".gitignore").read_text().splitlines()


# --- Kubernetes ------------------------------------------------------------------------------


def test_the_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files


def test_every_pod_runs_as_a_user_on_a_read_only_root_with_resource_limits():
    specs = pod_specs()
    assert len(specs) == 3  # app, worker, migrations
    for spec in specs:
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] != 0
        assert spec["automountServiceAccountToken"] is False
        for container in spec.get("initContainers", []) + spec["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            assert {"cpu", "memory"} <= set(container["resources"]["requests"])
            assert "memory" in container["resources"]["limits"]
            assert {
                source.get("configMapRef", source.get("secretRef"))["name"]
                for source in container["envFrom"]
            } == {"welcome-config", "welcome-secrets"}
            assert {m["mountPath"] for m in container["volumeMounts"]} == {"/tmp"}  # noqa: S108


def test_the_app_is_alive_without_the_database_but_ready_only_with_it():
    app = by_kind("Deployment")["welcome-app"]["spec"]["template"]["spec"]["containers"][0]
    assert app["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert app["startupProbe"]["httpGet"]["path"] == "/livez"
    assert app["readinessProbe"]["httpGet"]["path"] == "/healthz"
    allowed = config_map()["ALLOWED_HOSTS"].split(",")
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        headers = {h["name"]: h["value"] for h in app[probe]["httpGet"]["httpHeaders"]}
        assert headers["Host"] in allowed  # Django answers other hosts with 400


def test_secrets_stay_out_of_the_config_map_and_the_ingress_serves_an_allowed_host():
    data = config_map()
    for secret in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "S3_SECRET_ACCESS_KEY"):
        assert secret not in data
    assert "EMAIL_HOST_PASSWORD" not in data
    assert data["DJANGO_ENV"] == "production"
    ingress = by_kind("Ingress")["welcome"]["spec"]
    assert all(rule["host"] in data["ALLOWED_HOSTS"].split(",") for rule in ingress["rules"])
    assert ingress["tls"][0]["hosts"] == [rule["host"] for rule in ingress["rules"]]


def test_the_worker_and_the_migrations_run_the_same_commands_as_compose():
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    worker = by_kind("Deployment")["welcome-worker"]["spec"]["template"]["spec"]["containers"][0]
    assert worker["command"] == ["python", "manage.py", *services["worker"]["command"]]
    job = by_kind("Job")["welcome-migrate"]["spec"]["template"]["spec"]["containers"][0]
    assert job["command"][-1] == services["migrate"]["command"][0]


# --- the image -------------------------------------------------------------------------------


def test_the_image_runs_gunicorn_as_a_user_without_build_tools():
    dockerfile = (ROOT / "Dockerfile").read_text()
    build, runtime = dockerfile.split(" AS runtime", 1)
    assert " AS build" in build and "collectstatic" in build and "compilemessages" in build
    for tool in ("gcc", "build-essential", "gettext", "-dev "):
        assert tool not in runtime
    assert "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core" in runtime
    assert re.search(r"^USER 10001:10001$", runtime, re.M)
    for name in BLAS:
        assert f"{name}=1" in runtime
    assert '"/app/deploy/healthcheck.py", "/healthz"' in runtime
    assert 'ENTRYPOINT ["gunicorn", "--config", "/app/deploy/gunicorn.conf.py"]' in runtime
