import pytest

from lineage.ids import BadReference, check_model_id, model_key, normalise_reference
from lineage.languages import is_language_code, language_code, language_name
from lineage.licenses import normalise_license
from lineage.pylist import ListLiteralError, parse_list


@pytest.mark.parametrize("raw,expected", [
    ("Org/Model", "Org/Model"),
    ("  Org/Model  ", "Org/Model"),
    ("https://huggingface.co/Org/Model", "Org/Model"),
    ("http://www.huggingface.co/Org/Model/tree/main", "Org/Model"),
    ("https://hf.co/Org/Model/", "Org/Model"),
    ("gpt2", "gpt2"),
])
def test_references_are_normalised(raw, expected):
    assert normalise_reference(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "a/b/c", "../etc", None, 42, "has space/x"])
def test_bad_references_are_refused(raw):
    with pytest.raises(BadReference):
        normalise_reference(raw)


def test_keys_match_case_insensitively():
    assert model_key("Meta-Llama/Llama-3") == model_key("meta-llama/llama-3")


def test_missing_model_id_is_refused():
    with pytest.raises(BadReference, match="missing"):
        check_model_id("  ")


@pytest.mark.parametrize("value,code", [
    ("English", "en"), ("en", "en"), ("eng", "en"), ("en-US", "en"),
    ("Modern Greek (1453-)", "el"), ("Nepali (macrolanguage)", "ne"), ("Panjabi", "pa"),
    ("Nyanja", "ny"), ("multilingual", None), ("", None),
])
def test_languages_have_one_code_whatever_the_spelling(value, code):
    assert language_code(value) == code


def test_every_published_language_name_maps_to_a_code():
    import csv
    from pathlib import Path

    reference = Path(__file__).resolve().parents[3] / "shared/reference/language_counts_printed.csv"
    if not reference.exists():
        pytest.skip("the published figures live in the project's shared reference folder")
    with reference.open() as handle:
        names = [row["language"] for row in csv.DictReader(handle)]
    assert [n for n in names if language_code(n) is None] == []


def test_language_names_are_derivable_and_tags_recognised():
    assert language_name("en") == "English"
    assert is_language_code("en") and not is_language_code("art") and not is_language_code("EN")


@pytest.mark.parametrize("raw,expected", [
    ("Apache 2.0", "apache-2.0"), ("apache-2.0", "apache-2.0"), (" MIT License ", "mit"),
    ("CC BY-NC 4.0", "cc-by-nc-4.0"), ("GPLv3", "gpl-3.0"), ("license:llama3.1", "llama3.1"),
    ("", None), (None, None),
])
def test_licences_have_one_spelling(raw, expected):
    assert normalise_license(raw) == expected


@pytest.mark.parametrize("text,items", [
    ("[]", []), ("['apache-2.0']", ["apache-2.0"]), ("['a', \"it's\"]", ["a", "it's"]),
    (r"['back\\slash', 'q\'uote']", ["back\\slash", "q'uote"]), ("['a',]", ["a"]),
])
def test_list_literals_are_read(text, items):
    assert parse_list(text) == items


@pytest.mark.parametrize("text", ["[1, 2]", "[a]", "['a'", "__import__('os').system('x')",
                                  "{'a': 1}"])
def test_anything_but_a_list_of_strings_is_refused(text):
    with pytest.raises(ListLiteralError):
        parse_list(text)
