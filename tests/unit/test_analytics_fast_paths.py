"""The vectorised paths of the analyses against plain loops over the same input: per-edge
Jaccard distances, traits in long form, relations per child, and the vectorisers fitted once."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from lineage.analytics.ecosystem import mutation, similarity
from lineage.analytics.ecosystem.traits import long_trait
from lineage.analytics.jobs.analyses import relations_by_child

MODELS = [f"m{i}" for i in range(8)]


@st.composite
def edges_and_traits(draw):
    """Edges among a few models (some with no trait row, some ends unknown), trait rows with
    repeats, and ids either text or integer codes."""
    pairs = draw(st.lists(st.tuples(st.sampled_from(MODELS + ["ghost"]),
                                    st.sampled_from(MODELS)), max_size=25))
    rows = draw(st.lists(st.tuples(st.sampled_from(MODELS), st.sampled_from("abcde")),
                         max_size=30))
    edges = pd.DataFrame(pairs, columns=["parent", "child"], dtype=object)
    edges["relation"] = [draw(st.sampled_from(["finetune", "merge"])) for _ in pairs]
    edges.index = edges.index * 3 + 7  # an index that is not 0..n-1
    traits = pd.DataFrame(rows, columns=["model", "value"], dtype=object)
    if draw(st.booleans()):
        code = {m: i for i, m in enumerate(MODELS + ["ghost"])}
        edges = edges.assign(parent=edges["parent"].map(code), child=edges["child"].map(code))
        traits = traits.assign(model=traits["model"].map(code))
    return edges, traits


@settings(max_examples=300, deadline=None)
@given(edges_and_traits())
def test_edge_distances_are_the_jaccard_distances_of_a_loop_over_the_edges(case):
    edges, traits = case
    sets: dict = {}
    for model, value in zip(traits["model"], traits["value"], strict=True):
        sets.setdefault(model, set()).add(value)
    expected = []
    for position, (parent, child, relation) in enumerate(
            edges[["parent", "child", "relation"]].itertuples(index=False)):
        a, b = sets.get(parent, set()), sets.get(child, set())
        if a and b:
            expected.append((position, parent, child, relation, len(a), len(b), len(a & b),
                             1 - len(a & b) / len(a | b)))
    got = mutation.edge_distances(edges, traits)
    assert list(got.columns) == ["parent", "child", "relation", "parent_size", "child_size",
                                 "shared", "distance"]
    assert [tuple(r) for r in got.itertuples(index=True)] == expected


def _long_trait_by_loop(models, column, lower):
    """One value at a time, as the published notebooks read a trait."""
    from lineage.pylist import ListLiteralError, parse_list

    rows, literals, odd = [], 0, 0
    for key, values in zip(models["key"], models[column], strict=True):
        if values is None:
            continue
        for value in (values if isinstance(values, list) else [values]):
            if value is None:
                continue
            if not isinstance(value, str):
                odd += 1
                continue
            items = [value.strip()]
            if items[0].startswith("["):
                try:
                    items = parse_list(items[0])
                    literals += 1
                except ListLiteralError:
                    pass
            for item in items:
                item = item.strip().lower() if lower else item.strip()
                if item and (key, item) not in rows:
                    rows.append((key, item))
    return rows, literals, odd


VALUE = st.one_of(st.sampled_from(["MIT", " mit ", "Apache-2.0", "", "  ", "['mit', 'GPL']",
                                   "[]", "['broken", "[\"a\", 'b ']", "en", "EN"]),
                  st.integers(0, 3), st.none())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), VALUE, st.lists(VALUE, max_size=3)), max_size=8),
       st.sampled_from(["license", "language"]))
def test_a_trait_in_long_form_is_what_a_loop_over_each_value_gives(cells, trait):
    column = {"license": "licenses", "language": "languages"}[trait]
    models = pd.DataFrame({"key": [f"k{i}" for i in range(len(cells))],
                           column: pd.Series(cells, dtype=object)})
    rows, literals, odd = _long_trait_by_loop(models, column, lower=trait != "language")
    got = long_trait(models, trait)
    assert [tuple(r) for r in got.frame.itertuples(index=False)] == rows
    assert (got.list_literals, got.not_text) == (literals, odd)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"),
                          st.sampled_from(["merge", "finetune", "adapter"])), max_size=15))
def test_each_child_lists_its_distinct_relations_sorted(pairs):
    edges = pd.DataFrame(pairs, columns=["child", "relation"], dtype=object)
    expected = {child: "+".join(sorted({r for c, r in pairs if c == child}))
                for child, _ in pairs}
    assert relations_by_child(edges).to_dict() == expected


DOCUMENTS = ["the red fox jumps over the lazy dog", "a red dog", "lazy afternoon, lazy dog",
             "model card: fine-tuned from the red fox", "", "fox fox fox"]


def test_the_vectorisers_fitted_once_weigh_as_sklearn_fitted_twice():
    fitted = similarity.fit_vectorizers(DOCUMENTS)
    options = {"max_features": 5, "ngram_range": (1, 2), "lowercase": True}
    counts = CountVectorizer(max_features=similarity.FEATURES, ngram_range=(1, 2)).fit(DOCUMENTS)
    tfidf = TfidfVectorizer(max_features=similarity.FEATURES, ngram_range=(1, 2)).fit(DOCUMENTS)
    probe = ["red fox and a lazy dog", "nothing known here", DOCUMENTS[3]]
    np.testing.assert_allclose(fitted["tfidf"].transform(probe).toarray(),
                               tfidf.transform(probe).toarray(), rtol=0, atol=1e-15)
    np.testing.assert_array_equal(fitted["bag_of_words"].transform(probe).toarray(),
                                  counts.transform(probe).toarray())
    # With a vocabulary cut to 5 features the two still pick the same words.
    cut = CountVectorizer(**options).fit(DOCUMENTS).vocabulary_
    assert cut == TfidfVectorizer(**options).fit(DOCUMENTS).vocabulary_


def test_pair_similarities_match_sklearn_vectorisers_fitted_separately():
    texts = pd.Series({f"m{i}": text for i, text in enumerate(DOCUMENTS)})
    pairs = pd.DataFrame({"first": ["m0", "m1", "m2", "m4", "m5"],
                          "second": ["m1", "m3", "m0", "m4", "m0"]})
    once = similarity.pair_similarities(pairs, texts, similarity.fit_vectorizers(DOCUMENTS))
    separate = {name: vectorizer.fit(DOCUMENTS)
                for name, vectorizer in similarity.vectorizers().items()}
    twice = similarity.pair_similarities(pairs, texts, separate)
    np.testing.assert_allclose(once.to_numpy(), twice.to_numpy(), rtol=0, atol=1e-12)
    assert list(once.columns) == list(similarity.SIMILARITY_MEASURES)
