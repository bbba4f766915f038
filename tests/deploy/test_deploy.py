"""The files in deploy/, checked from what they say (no container runtime here).

The Kubernetes manifests go through `kubernetes-validate` (the API's own JSON schemas,
strict: an unknown field fails) and must name each other correctly; the Compose file must
feed the proxy template every variable it needs; the nginx template, rendered as
`make serve` renders it, must pass `nginx -t` (Debian's nginx: missing fails under CI).
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from dashboard import REPO_DIR
from deploy import serve
from tests.support.deck import needs

DEPLOY = REPO_DIR / "deploy"
K8S_VERSION = "1.37.0"  # the schemas kubernetes-validate ships for its own version


def manifests() -> dict[str, dict]:
    """Every Kubernetes object in deploy/k8s/, by kind (one of each)."""
    found: dict[str, dict] = {}
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            assert doc["kind"] not in found, f"two {doc['kind']} objects"
            found[doc["kind"]] = doc
    return found


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def template() -> str:
    return serve.TEMPLATE.read_text(encoding="utf-8")


# ---------------------------------------------------------------------- Kubernetes


@pytest.mark.parametrize("kind", sorted(manifests()))
def test_each_manifest_passes_the_kubernetes_schema(kind: str) -> None:
    kubernetes_validate.validate(manifests()[kind], K8S_VERSION, strict=True)


def test_the_validator_rejects_a_broken_manifest() -> None:
    """The check above can fail: a misspelt field and a wrong type are caught."""
    broken = copy.deepcopy(manifests()["Deployment"])
    broken["spec"]["replica"] = 2
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)
    broken = copy.deepcopy(manifests()["Deployment"])
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)


def test_the_manifests_are_the_issues_set() -> None:
    kinds = manifests()
    assert {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"} <= set(kinds)
    assert kinds["HorizontalPodAutoscaler"]["apiVersion"] == "autoscaling/v2"
    assert kinds["Ingress"]["apiVersion"] == "networking.k8s.io/v1"


def test_the_deployment_probes_its_health_and_sets_resources() -> None:
    pod = manifests()["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    port = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert port == {"http": 8501}  # the image's EXPOSE
    for probe in ("readinessProbe", "livenessProbe"):
        check = container[probe]["httpGet"]
        assert check["path"] == "/_stcore/health", probe
        assert check["port"] in ("http", 8501), probe
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind]), kind
    assert pod["securityContext"]["runAsNonRoot"] is True
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["STREAMLIT_SERVER_ADDRESS"] == "0.0.0.0"  # the repository binds localhost


def test_the_objects_name_each_other() -> None:
    kinds = manifests()
    deployment, service = kinds["Deployment"], kinds["Service"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    port_names = {p["name"] for p in container["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names
    paths = [p for rule in kinds["Ingress"]["spec"]["rules"] for p in rule["http"]["paths"]]
    for path in paths:
        backend = path["backend"]["service"]
        assert backend["name"] == service["metadata"]["name"]
        assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    target = kinds["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    if "PodDisruptionBudget" in kinds:
        selector = kinds["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"]
        assert selector.items() <= labels.items()


def test_the_ingress_is_sticky_by_cookie_with_a_long_timeout() -> None:
    notes = manifests()["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600


def test_the_autoscaler_scales_on_cpu_within_bounds() -> None:
    spec = manifests()["HorizontalPodAutoscaler"]["spec"]
    assert 1 <= spec["minReplicas"] <= spec["maxReplicas"]
    (metric,) = spec["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert 0 < metric["resource"]["target"]["averageUtilization"] <= 100


# ---------------------------------------------------------------------- Compose


def test_compose_runs_the_image_behind_the_same_proxy_template() -> None:
    services = compose()["services"]
    assert {"app", "proxy"} <= set(services)
    app, proxy = services["app"], services["proxy"]
    context = (DEPLOY / app["build"]["context"]).resolve()
    assert context == REPO_DIR and (context / app["build"]["dockerfile"]).is_file()
    assert "replicas" in app["deploy"]
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    mounts = [v.split(":") for v in proxy["volumes"]]
    sources = {(DEPLOY / source).resolve() for source, *_ in mounts}
    assert serve.TEMPLATE in sources
    assert any(
        t.startswith("/etc/nginx/templates/") and t.endswith(".template") for _, t, *_ in mounts
    )


def test_compose_sets_every_variable_of_the_template() -> None:
    proxy = compose()["services"]["proxy"]
    needed = set(serve.PLACEHOLDER.findall(template()))
    assert needed == set(proxy["environment"]), "the image's envsubst leaves the rest"
    listen = proxy["environment"]["DASHBOARD_LISTEN"]
    published = [p.rsplit(":", 1)[1] for p in proxy["ports"]]
    assert listen in published
    assert f"localhost:{listen}/healthz" in " ".join(proxy["healthcheck"]["test"])


# ---------------------------------------------------------------------- nginx


def test_render_repeats_the_upstream_line_and_leaves_nginx_variables() -> None:
    values = {"DASHBOARD_LISTEN": "127.0.0.1:9", "DASHBOARD_ACCESS_LOG": "/tmp/a.log"}
    upstreams = ["127.0.0.1:1001", "127.0.0.1:1002", "127.0.0.1:1003"]
    text = serve.render(template(), upstreams, values)
    servers = re.findall(r"^\s*server (\S+) max_fails=\d+ fail_timeout=\d+s;", text, re.M)
    assert servers == upstreams
    assert "listen 127.0.0.1:9;" in text and "access_log /tmp/a.log dashboard;" in text
    assert not serve.PLACEHOLDER.search(text)
    for variable in ("$http_upgrade", "$cookie_dashboard_route", "$request_id", "$http_host"):
        assert variable in text


def test_render_names_a_missing_value() -> None:
    with pytest.raises(serve.ServeError, match="DASHBOARD_ACCESS_LOG"):
        serve.render(template(), ["127.0.0.1:1"], {"DASHBOARD_LISTEN": "9"})
    with pytest.raises(serve.ServeError, match="no upstream"):
        serve.render(template(), [], {})


def test_the_proxy_routes_by_cookie_not_by_address() -> None:
    text = template()
    assert re.search(r"^\s*hash \$dashboard_route consistent;", text, re.M)
    assert not re.search(r"^\s*ip_hash;", text, re.M)
    assert (
        re.search(r"proxy_read_timeout (\d+)s;", text)
        and int(re.search(r"proxy_read_timeout (\d+)s;", text).group(1)) >= 3600
    )
    assert "proxy_set_header Upgrade $http_upgrade;" in text


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    needs(found is not None, "nginx (apt-get install nginx)")
    return found


def test_nginx_accepts_the_rendered_config(tmp_path: Path) -> None:
    _nginx()
    serve.write_config(tmp_path, "127.0.0.1:8501", ["127.0.0.1:8601", "127.0.0.1:8602"])
    serve.check_config(tmp_path)  # raises with nginx's words


def test_nginx_rejects_a_broken_config(tmp_path: Path) -> None:
    """The check above can fail: nginx -t's complaint reaches the error."""
    _nginx()
    conf = serve.write_config(tmp_path, "127.0.0.1:8501", ["127.0.0.1:8601"])
    rendered = conf.parent / "dashboard.conf"
    rendered.write_text(rendered.read_text().replace("keepalive 16;", "keepalive;"))
    with pytest.raises(serve.ServeError, match="keepalive"):
        serve.check_config(tmp_path)


def test_make_serve_runs_the_script_with_the_given_replicas_and_port() -> None:
    proc = subprocess.run(
        ["make", "-n", "serve", "REPLICAS=3", "PORT=9123"],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert "scripts/ensure-sysdeps.sh serve" in proc.stdout
    assert re.search(r"-m deploy\.serve --replicas 3 --port 9123 ", proc.stdout)
