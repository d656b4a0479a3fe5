import pytest

from lineage.cypher import queries, schema
from lineage.errors import UsageError


def test_every_named_query_has_a_header_matching_its_parameters():
    catalogue = queries.catalogue()
    assert "models/search" in catalogue and "family/children" in catalogue
    for query in catalogue.values():
        assert query.purpose, query.name
        assert query.access in ("read", "write")
        assert query.body_parameters == set(query.parameters), (
            f"{query.name}: header lists {sorted(query.parameters)}, "
            f"body uses {sorted(query.body_parameters)}")


def test_parameters_in_comments_and_strings_do_not_count():
    query = queries.parse("x/y", "// Purpose.\n// Access: read\n// Parameters:\n//   $a  a\n"
                          "// Returns: b\nRETURN $a AS b, '$notme' AS c // $nor_me\n")
    assert query.body_parameters == {"a"}


def test_a_header_without_access_is_refused():
    with pytest.raises(ValueError, match="Access"):
        queries.parse("x/y", "// Purpose.\nRETURN 1")


def test_unknown_query_names_list_the_known_ones():
    with pytest.raises(UsageError, match="models/search"):
        queries.get("no/such")


def test_migrations_are_numbered_and_split_into_statements():
    migrations = schema.migrations()
    assert [m.version for m in migrations] == sorted({m.version for m in migrations})
    first = migrations[0]
    assert any("model_key" in s and "UNIQUE" in s for s in first.statements)
    assert all("IF NOT EXISTS" in s for s in first.statements)


def test_the_edge_query_merges_every_relation_type_statically():
    import re

    from lineage.relations import Relation

    text = queries.get("load/edges").text
    merged = set(re.findall(r"MERGE \(p\)-\[e:([A-Z_]+)\]->\(c\)", text))
    assert merged == set(Relation.types())
    for relation in Relation:
        assert f"CASE row.type WHEN '{relation.type}'" in text
    settle = queries.get("load/settle_untyped").text
    typed = {r.type for r in Relation if r is not Relation.DERIVATIVE}
    assert set(re.search(r"\[:([A-Z_|]+)\]", settle).group(1).split("|")) == typed
