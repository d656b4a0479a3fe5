"""The review's BOM fills library-serialised templates: for any id, licences, family and flags,
the text equals the library's own serialisation of the component, and the whole streamed
document is a valid CycloneDX 1.6 BOM. The purl is packageurl's own."""

from __future__ import annotations

import io
import json
import string

from cyclonedx.schema import SchemaVersion
from cyclonedx.schema.schema import SchemaVersion1Dot6
from cyclonedx.validation.json import JsonStrictValidator
from hypothesis import given, settings
from hypothesis import strategies as st
from packageurl import PackageURL

from lineage.analytics.governance.flags import Flag
from lineage.analytics.reads.review import Reviewed
from lineage.ui.render.cyclonedx import ReviewBom, purl

# Hub ids: letters (any script), digits, '.', '-', '_' (lineage.ids).
_NAME = st.text(st.characters(categories=("Ll", "Lu", "Lo", "Nd"),
                              include_characters="._-\u00e9\u00df\u4e2d"),
                min_size=1, max_size=12)
IDS = st.builds(lambda owner, name: f"{owner}/{name}",
                st.text(string.ascii_letters + string.digits, min_size=1, max_size=6), _NAME)
LICENSES = st.lists(st.sampled_from(["apache-2.0", "mit", "llama3.1", "other", "cc-by-4.0",
                                     "openrail++", "ünknown licence"]),
                    max_size=3, unique=True).map(tuple)
FAMILIES = st.none() | IDS
# Evidence is free text from the data: any characters, stand-in look-alikes among them.
FLAGS = st.lists(st.builds(Flag, st.sampled_from(["license_not_allowed", "gated_upstream"]),
                           IDS, st.none() | IDS,
                           st.text(max_size=20) | st.sampled_from(["\x00id\x00",
                                                                   "a\x00flag0000\x00"])),
                 max_size=12)


@settings(max_examples=400, deadline=None)
@given(IDS, LICENSES, FAMILIES, FLAGS)
def test_a_template_gives_the_librarys_own_text(model, licenses, family, flags):
    writer = ReviewBom(io.StringIO(), "2026-01-01T00:00:00+00:00")
    expected = writer.component(model, licenses, family, flags).as_json(
        view_=SchemaVersion1Dot6)
    assert writer.serialised(model, licenses, family, flags) == expected
    # Twice: the second comes from the cached template.
    assert writer.serialised(model, licenses, family, flags) == expected


@settings(max_examples=300, deadline=None)
@given(IDS | _NAME)
def test_purl_is_packageurls_own(model):
    owner, _, name = model.rpartition("/")
    assert purl(model) == PackageURL(type="huggingface", namespace=owner or None,
                                     name=name).to_string()


def test_a_streamed_review_is_one_valid_bom_with_each_models_parents():
    out = io.StringIO()
    writer = ReviewBom(out, "2026-01-01T00:00:00+00:00", keep={"org/base", "org/ft"})
    flag = Flag("license_not_allowed", "org/ft", "org/base", "apache-2.0 below llama3.1")
    for item in [Reviewed("org/base", "org/base", [], ("llama3.1",)),
                 Reviewed("org/ft", "org/base", [flag], ("apache-2.0",),
                          (("org/base", "finetune"), ("elsewhere/x", "adapter"))),
                 Reviewed("org/ünï", None, [], (), (("org/ft", "quantization"),))]:
        writer.add(item)
    writer.close()
    text = out.getvalue()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert [c["name"] for c in bom["components"]] == ["org/base", "org/ft", "org/ünï"]
    assert bom["dependencies"] == [
        {"ref": "model:org/ft", "dependsOn": ["model:org/base"]},
        {"ref": "model:org/ünï", "dependsOn": ["model:org/ft"]}]
    [flagged] = [c for c in bom["components"] if c["name"] == "org/ft"]
    assert {"name": "lineage:flag",
            "value": "license_not_allowed: apache-2.0 below llama3.1"} in flagged["properties"]
