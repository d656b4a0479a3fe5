"""docker-compose.yml: the official Neo4j image the local server matches, the app waiting for it
healthy, and a file Docker Compose itself accepts."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from lineage.localneo4j.server import NEO4J_VERSION
from tests.conftest import REPO

COMPOSE = REPO / "docker-compose.yml"


def test_the_services_match_the_local_server_and_wait_for_health():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    neo4j, app = services["neo4j"], services["app"]
    major_minor = ".".join(NEO4J_VERSION.split(".")[:2])
    assert neo4j["image"] == f"neo4j:{major_minor}-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(volume.endswith(":/data") for volume in neo4j["volumes"])
    assert all(port.startswith("127.0.0.1:") for service in services.values()
               for port in service["ports"])
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"


def test_docker_compose_accepts_the_file(tmp_path):
    docker = shutil.which("docker")
    if not docker or subprocess.run([docker, "compose", "version"],
                                    capture_output=True).returncode != 0:
        pytest.skip("the docker client with its compose plugin is not installed")
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copy(REPO / ".env.example", tmp_path / ".env")
    result = subprocess.run([docker, "compose", "config", "--quiet"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_compose_server_refuses_what_the_local_server_refuses(tmp_path):
    from lineage.localneo4j.server import LocalServer
    from lineage.settings import Settings

    environment = yaml.safe_load(COMPOSE.read_text())["services"]["neo4j"]["environment"]
    local = LocalServer(Settings.from_env({"LINEAGE_HOME": str(tmp_path)})).write_config()
    settings = dict(line.split("=", 1) for line in local.read_text().splitlines()
                    if "=" in line and not line.startswith("#"))
    for name in ("dbms.security.allow_csv_import_from_file_urls",
                 "internal.dbms.cypher_ip_blocklist"):
        # The image reads NEO4J_<setting> with dots as underscores and underscores doubled.
        variable = "NEO4J_" + name.replace("_", "__").replace(".", "_")
        assert environment[variable] == settings[name], name
    assert "db.memory.transaction.max" in settings
    assert "NEO4J_db_memory_transaction_max" in environment
