"""Run GAN Classroom as several Streamlit processes behind nginx on this machine, with sticky sessions.

    python deploy/run_local_cluster.py                   # 3 replicas on 8601-8603, nginx on :8600
    python deploy/run_local_cluster.py --replicas 2 --port 8080 --public

One Streamlit process uses about one core for its Python work; N replicas use up to N cores. Every
replica gets the same cookie secret (server.cookieSecret, passed as STREAMLIT_SERVER_COOKIE_SECRET so
that it does not show in `ps`): $STREAMLIT_SERVER_COOKIE_SECRET if set, else a random one for this run.
nginx (Debian: `apt-get install nginx`) runs unprivileged from a work folder (--workdir, default a
new temporary one) holding its rendered config, pid, temp files and logs: logs/access.log says which
replica served each request, logs/replica-<port>.log holds each replica's output. Ctrl-C stops all.
See deploy/nginx.conf for how the sticky routing works. The replicas inherit the environment: they
share one classes database, the default SQLite file (WAL mode: several processes of one machine may
write it) or the PostgreSQL in $GAN_CLASSROOM_DATABASE_URL, and $GAN_CLASSROOM_TEACHER_KEY.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
_LISTEN = re.compile(r"^(\s*)listen\s+[^;]+;", re.MULTILINE)
_SERVER = re.compile(r"^(\s*)server 127\.0\.0\.1:\d+(.*)$", re.MULTILINE)  # the upstream's replicas


def render_nginx_conf(listen: str, backend_ports: list[int], template: str | None = None) -> str:
    """deploy/nginx.conf with its `listen` address and its upstream's replicas replaced.
    ``listen``: e.g. "127.0.0.1:8600", or "8600" for every address."""
    if not backend_ports:
        raise ValueError("backend_ports: give at least one replica port")
    text = NGINX_CONF.read_text() if template is None else template
    text, n_listen = _LISTEN.subn(lambda m: f"{m.group(1)}listen {listen};", text)
    servers = list(_SERVER.finditer(text))
    if n_listen != 1 or not servers or text[servers[0].start() : servers[-1].end()].count("\n") != len(servers) - 1:
        raise ValueError("nginx.conf: expected one `listen` line and consecutive `server 127.0.0.1:PORT` lines")
    indent, options = servers[0].group(1), servers[0].group(2)  # options: " max_fails=3 fail_timeout=10s;"
    block = "\n".join(f"{indent}server 127.0.0.1:{port}{options}" for port in backend_ports)
    return text[: servers[0].start()] + block + text[servers[-1].end() :]


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def start_nginx(workdir: Path, listen: str, backend_ports: list[int], nginx: str | None = None) -> subprocess.Popen:
    """Render the config into ``workdir``, check it (nginx -t) and start nginx in the foreground as a
    child process (stop it with .terminate()). Raises RuntimeError with nginx's message on failure."""
    nginx = nginx or find_nginx()
    if nginx is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
    workdir = Path(workdir).resolve()
    for sub in ("logs", "tmp"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    conf = workdir / "nginx.conf"
    conf.write_text(render_nginx_conf(listen, backend_ports))
    base = [nginx, "-p", str(workdir), "-e", "logs/error.log", "-c", str(conf)]
    check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed: {check.stderr.strip()}")
    proc = subprocess.Popen([*base, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True)
    host, _, port = listen.rpartition(":")
    url = f"http://{host if host and host != '0.0.0.0' else '127.0.0.1'}:{port or listen}"
    try:
        wait_healthy(url, timeout=15, proc=proc)
    except RuntimeError:
        proc.kill()
        err = (workdir / "logs" / "error.log").read_text() if (workdir / "logs" / "error.log").exists() else ""
        raise RuntimeError(f"nginx did not come up on {listen}: {proc.stderr.read()} {err[-2000:]}") from None
    return proc


def wait_healthy(url: str, timeout: float = 60, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url``/_stcore/health answers 200 (through nginx: some replica is up)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url}/_stcore/health did not answer")


def start_replica(port: int, cookie_secret: str, log: Path, address: str = "127.0.0.1") -> subprocess.Popen:
    # Replicas on one machine share its cores: one live refresh at a time each (ui/fair.py),
    # unless the caller set GAN_CLASSROOM_TRAINING_SLOTS.
    env = {"GAN_CLASSROOM_TRAINING_SLOTS": "1", **os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", address]
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=3, help="Streamlit processes (about one core each)")
    ap.add_argument("--first-backend-port", type=int, default=8601, help="replicas listen on 127.0.0.1:N, N+1, ...")
    ap.add_argument("--port", type=int, default=8600, help="nginx's port, where learners connect")
    ap.add_argument("--public", action="store_true", help="nginx listens on every address, not only 127.0.0.1")
    ap.add_argument("--workdir", type=Path, default=None, help="nginx's prefix: config, pid, temp, logs")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas: at least 1")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gan-classroom-nginx-"))
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    ports = [args.first_backend_port + i for i in range(args.replicas)]
    procs: list[subprocess.Popen] = []

    def stop(*_):
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started in the background
    try:
        for port in ports:
            procs.append(start_replica(port, secret, workdir / "logs" / f"replica-{port}.log"))
        for port, p in zip(ports, procs, strict=True):
            wait_healthy(f"http://127.0.0.1:{port}", timeout=120, proc=p)
            print(f"replica up: http://127.0.0.1:{port}", flush=True)
        listen = str(args.port) if args.public else f"127.0.0.1:{args.port}"
        procs.append(start_nginx(workdir, listen, ports))
        print(f"GAN Classroom: http://127.0.0.1:{args.port}  ({args.replicas} replicas, sticky sessions)")
        print(f"nginx prefix and logs: {workdir}  (Ctrl-C stops everything)", flush=True)
        while all(p.poll() is None for p in procs):
            time.sleep(1)
        print("a process exited; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
