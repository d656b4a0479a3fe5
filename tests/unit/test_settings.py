import stat

import pytest

from lineage.errors import SettingsError
from lineage.settings import VARIABLES, Settings, read_credentials, write_credentials


def test_defaults_point_at_the_local_server(tmp_path):
    settings = Settings.from_env({"LINEAGE_HOME": str(tmp_path)})
    assert settings.uri == "bolt://127.0.0.1:7687"
    assert settings.username == "neo4j" and settings.database == "neo4j"
    assert settings.local_bolt_port == 7687
    assert settings.password is None


@pytest.mark.parametrize("uri", ["neo4j+s://abc.databases.neo4j.io", "bolt://db.example:7687"])
def test_remote_uris_are_accepted_but_not_local(tmp_path, uri):
    settings = Settings.from_env({"LINEAGE_HOME": str(tmp_path), "NEO4J_URI": uri})
    assert settings.uri == uri
    assert settings.local_bolt_port is None


@pytest.mark.parametrize("name,value,message", [
    ("NEO4J_URI", "http://localhost:7474", "is not a Neo4j URI"),
    ("NEO4J_URI", "bolt://localhost:99999", "bad port"),
    ("LINEAGE_NEO4J_HEAP", "lots", "not a memory size"),
    ("LINEAGE_QUERY_TIMEOUT", "soon", "not a number"),
    ("LINEAGE_MAX_ROWS", "0", "positive"),
    ("NEO4J_DATABASE", "bad name!", "not a valid database name"),
])
def test_bad_values_are_refused_with_the_variable_named(tmp_path, name, value, message):
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"LINEAGE_HOME": str(tmp_path), name: value})
    assert name in str(err.value) and message in str(err.value)
    assert err.value.exit_code == 2


def test_password_comes_from_the_environment_before_the_credentials_file(tmp_path):
    write_credentials(tmp_path, {"NEO4J_PASSWORD": "from-file"})
    from_file = Settings.from_env({"LINEAGE_HOME": str(tmp_path)})
    assert from_file.password == "from-file"
    assert from_file.password_source.endswith("credentials.env")
    from_env = Settings.from_env({"LINEAGE_HOME": str(tmp_path), "NEO4J_PASSWORD": "env"})
    assert from_env.password == "env" and from_env.password_source == "NEO4J_PASSWORD"


def test_credentials_file_is_readable_by_its_owner_only(tmp_path):
    path = write_credentials(tmp_path, {"NEO4J_PASSWORD": "s3cret=with=equals"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_credentials(tmp_path) == {"NEO4J_PASSWORD": "s3cret=with=equals"}


def test_every_variable_is_documented_in_the_settings_module():
    import lineage.settings as module

    for name in VARIABLES:
        assert f"``{name}``" in module.__doc__
