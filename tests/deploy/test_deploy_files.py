"""The deployment files say what the README says: deploy/Dockerfile (not built here: no Docker in CI),
.dockerignore, deploy/kubernetes.yaml and deploy/nginx.conf's parts that keep a session on one replica."""

from __future__ import annotations

import ast
import fnmatch
import importlib.util
import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PORT = 8501
HEALTH = "/_stcore/health"
SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
# What the app reads at run time: the router, its config, the three packages with their data files.
RUNTIME = ["app.py", ".streamlit/config.toml", "requirements.txt", "gan_core", "lessons", "ui"]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    out, pending = [], ""
    for line in (DEPLOY / "Dockerfile").read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        op, _, args = full.partition(" ")
        out.append((op.upper(), args.strip()))
    return out


def instructions(op: str) -> list[str]:
    return [args for o, args in dockerfile() if o == op]


def dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [p.strip().strip("/") for p in lines if p.strip() and not p.startswith("#")]


def ignored(rel: str, patterns: list[str]) -> bool:
    """Docker's rule, simplified (we use no `!` exceptions): a path is left out of the build context if it
    or a folder above it matches a pattern; `**/` matches any number of folders."""
    assert not any(p.startswith("!") for p in patterns), "this check does not handle `!` exceptions"
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        for prefix in prefixes:
            if fnmatch.fnmatchcase(prefix, pattern):
                return True
            if pattern.startswith("**/") and fnmatch.fnmatchcase(prefix.rsplit("/", 1)[-1], pattern[3:]):
                return True
    return False


def context_files() -> list[str]:
    patterns = dockerignore()
    files = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and not rel.startswith(".git/") and rel != ".git" and not ignored(rel, patterns):
            files.append(rel)
    return files


# -- Dockerfile ------------------------------------------------------------------------------------------


def test_dockerfile_base_user_port_and_command():
    ops = [op for op, _ in dockerfile()]
    assert instructions("FROM") == ["python:3.11-slim"]
    users = instructions("USER")
    assert users and users[-1].isdigit() and users[-1] != "0", "a non-root user, by number (runAsNonRoot)"
    assert ops.index("USER") < ops.index("CMD")
    assert instructions("EXPOSE") == [str(PORT)]
    cmd = json.loads(instructions("CMD")[-1])
    assert cmd == ["streamlit", "run", "app.py", "--server.port", str(PORT), "--server.address", "0.0.0.0"] + [
        "--server.headless",
        "true",
    ]


def test_dockerfile_healthcheck_asks_streamlit_health_on_the_served_port():
    (check,) = instructions("HEALTHCHECK")
    assert f"http://127.0.0.1:{PORT}{HEALTH}" in check
    options, _, command = check.partition(" CMD ")
    assert re.search(r"--start-period=\d+s", options), "torch takes a while to import: give it a start period"
    # the check's command runs in the image: python is there, curl is not (slim image)
    assert json.loads(command)[:2] == ["python", "-c"]


def test_dockerfile_copies_only_what_exists_and_installs_the_pinned_cpu_torch():
    for args in instructions("COPY"):
        words = [w for w in shlex.split(args) if not w.startswith("--")]
        for src in words[:-1]:
            assert (ROOT / src).exists(), f"COPY {src}: no such file in the build context (the repository root)"
    run = " ".join(instructions("RUN"))
    assert "pip install -r requirements.txt" in run
    # torch comes from the CPU wheel index, at the version requirements.txt pins
    m = re.search(r"grep -E '(\^torch==)' requirements\.txt", run)
    assert m, "torch's version must come from requirements.txt"
    pins = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if re.match(m.group(1), line)]
    assert pins == ["torch==2.13.0"]
    (arg,) = [a for a in instructions("ARG") if a.startswith("TORCH_INDEX_URL=")]
    assert arg.endswith("/whl/cpu")


def test_dockerignore_keeps_the_app_and_leaves_out_tests_git_and_outputs():
    patterns = dockerignore()
    for rel in [".git", ".git/HEAD", "artifacts/screenshots/x.png", "tests/e2e/conftest.py", ".pytest_cache/v"]:
        assert ignored(rel, patterns), rel
    for rel in ["gan_core/__pycache__/x.cpython-311.pyc", ".ruff_cache/x", ".streamlit/secrets.toml"]:
        assert ignored(rel, patterns), rel
    files = set(context_files())
    for rel in RUNTIME:
        path = ROOT / rel
        wanted = [rel] if path.is_file() else [p.relative_to(ROOT).as_posix() for p in path.rglob("*") if p.is_file()]
        wanted = [w for w in wanted if "__pycache__" not in w]
        assert wanted and set(wanted) <= files, f"left out of the image: {sorted(set(wanted) - files)[:5]}"
    assert any(f.startswith("gan_core/weights/") for f in files)
    assert any(f.startswith("gan_core/quiz/questions/") for f in files)


def test_every_local_module_the_app_imports_is_in_the_image():
    files = set(context_files())
    # top-level modules and packages of this repository (lessons/ are pages, loaded by path)
    local = {p.stem for p in ROOT.glob("*.py")} | {p.parent.name for p in ROOT.glob("*/__init__.py")}
    for rel in files:
        if not rel.endswith(".py"):
            continue
        for node in ast.walk(ast.parse((ROOT / rel).read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in local:
                    assert any(f == f"{top}.py" or f.startswith(f"{top}/") for f in files), (rel, name)


# -- Kubernetes ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def k8s() -> dict[str, dict]:
    docs = [d for d in yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text()) if d]
    kinds = [d["kind"] for d in docs]
    assert sorted(kinds) == ["Deployment", "Ingress", "Ingress", "Service"], kinds
    by_kind = {d["kind"]: d for d in docs if d["metadata"]["name"] == "gan-classroom"}
    (closed,) = [d for d in docs if d["metadata"]["name"] == "gan-classroom-metrics-closed"]
    return by_kind | {"MetricsIngress": closed}


def _container(k8s) -> dict:
    (container,) = k8s["Deployment"]["spec"]["template"]["spec"]["containers"]
    return container


def _cpu(value) -> float:
    value = str(value)
    return float(value[:-1]) / 1000 if value.endswith("m") else float(value)


def test_deployment_replicas_probes_and_cpu(k8s):
    spec = k8s["Deployment"]["spec"]
    assert spec["replicas"] >= 2
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
    container = _container(k8s)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": PORT}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH, probe
        assert ports.get(get["port"], get["port"]) == PORT, probe
    assert 0.5 <= _cpu(container["resources"]["requests"]["cpu"]) <= 1.5, "about one core per replica"
    assert spec["template"]["spec"]["securityContext"]["runAsNonRoot"] is True


def test_every_replica_gets_the_same_cookie_secret_from_one_secret(k8s):
    env = {e["name"]: e for e in _container(k8s)["env"]}
    secret = env[SECRET_ENV]
    assert "value" not in secret, "the cookie secret must come from a Secret, not be written here"
    ref = secret["valueFrom"]["secretKeyRef"]
    # the header's command creates exactly that secret and key
    text = (DEPLOY / "kubernetes.yaml").read_text()
    assert f"kubectl create secret generic {ref['name']} --from-literal={ref['key']}=" in text
    assert int(env["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"]["value"]) >= 120


def test_service_is_sticky_by_client_ip_and_routes_to_the_pods(k8s):
    svc = k8s["Service"]["spec"]
    assert svc["sessionAffinity"] == "ClientIP"
    assert svc["selector"].items() <= k8s["Deployment"]["spec"]["template"]["metadata"]["labels"].items()
    (port,) = svc["ports"]
    assert port["targetPort"] in ("http", PORT)


def test_ingress_is_sticky_by_cookie_and_keeps_websockets_open(k8s):
    ing = k8s["Ingress"]
    notes = ing["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-name"]
    assert notes[prefix + "session-cookie-path"] == "/"
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600
    assert int(notes[prefix + "proxy-send-timeout"]) >= 3600
    assert notes[prefix + "proxy-body-size"] == "2m"  # the app's 1 MB upload limit plus the envelope
    (rule,) = ing["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == k8s["Service"]["metadata"]["name"]
    assert backend["port"] in ({"name": "http"}, {"number": 80})


def test_metrics_are_closed_to_outside_addresses_on_the_same_host(k8s):
    closed, main = k8s["MetricsIngress"], k8s["Ingress"]
    assert closed["metadata"]["annotations"]["nginx.ingress.kubernetes.io/allowlist-source-range"] == "127.0.0.1/32"
    (rule,) = closed["spec"]["rules"]
    assert rule["host"] == main["spec"]["rules"][0]["host"]  # the same host, or the path stays open there
    (path,) = rule["http"]["paths"]
    assert (path["path"], path["pathType"]) == ("/_stcore/metrics", "Exact")


def test_the_servers_upload_limit_fits_a_progress_file():
    import tomllib

    from gan_core.quiz.progress import MAX_BYTES

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert MAX_BYTES <= server["maxUploadSize"] * 1024 * 1024 <= 2 * 1024 * 1024


# -- nginx -----------------------------------------------------------------------------------------------


def test_nginx_conf_is_sticky_and_websocket_ready():
    conf = (DEPLOY / "nginx.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())  # without comments
    assert re.search(r"hash \$gc_sticky_key consistent;", code)
    assert re.search(r"map \$cookie_gc_backend \$gc_sticky_key \{\s*''\s+\$remote_addr;", code)
    assert re.search(r"add_header Set-Cookie \$gc_set_cookie always;", code)
    assert '"gc_backend=$request_id; Path=/; HttpOnly; SameSite=Lax"' in code
    assert "proxy_http_version 1.1;" in code
    assert "proxy_set_header Upgrade $http_upgrade;" in code
    assert "proxy_set_header Connection $connection_upgrade;" in code
    assert "proxy_set_header Host $http_host;" in code  # Streamlit compares the websocket's Origin to Host
    assert re.search(r"proxy_read_timeout (\d+[hd]|\d{4,}s?);", code)
    assert "client_max_body_size 2m;" in code  # the app's 1 MB upload limit plus the envelope
    assert re.search(r"location = /_stcore/metrics \{\s*return 404;\s*\}", code)  # not for the public
    # unprivileged: pid, logs and temp paths are relative to the -p prefix
    for directive in ("pid", "error_log", "access_log", "client_body_temp_path", "proxy_temp_path"):
        (value,) = re.findall(rf"^\s*{directive} (\S+)", code, re.MULTILINE)
        assert not value.startswith("/"), directive


def _launcher():
    spec = importlib.util.spec_from_file_location("run_local_cluster", DEPLOY / "run_local_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_launcher_renders_other_ports_and_nginx_accepts_the_config(tmp_path):
    launcher = _launcher()
    conf = launcher.render_nginx_conf("127.0.0.1:9100", [9101, 9102])
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    assert re.findall(r"listen (\S+);", code) == ["127.0.0.1:9100"]
    assert re.findall(r"server (127\.0\.0\.1:\d+) max_fails", code) == ["127.0.0.1:9101", "127.0.0.1:9102"]
    with pytest.raises(ValueError, match="at least one"):
        launcher.render_nginx_conf("9100", [])
    nginx = launcher.find_nginx()
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx): config syntax not checked")
    (tmp_path / "logs").mkdir()
    (tmp_path / "tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(conf)
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", "logs/error.log", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
