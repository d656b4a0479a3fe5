"""The SPDX document's references: every licence name gets a LicenseRef SPDX accepts, and two
names never share one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.analytics.governance.rules import default_rules
from lineage.ui.render.spdx import license_expression

#: SPDX 3's idstring of a LicenseRef (the simple-licensing profile's pattern).
LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")
NAMES = st.text(min_size=1, max_size=16) | st.sampled_from(
    ["openrail", "openrail++", "a_b", "a-b", "a b", "other", "llama3.1", "apache-2.0"])


@settings(max_examples=500, deadline=None)
@given(NAMES, NAMES)
def test_license_refs_are_valid_and_never_shared(first, second):
    rules = default_rules()
    a, b = license_expression(first, rules), license_expression(second, rules)
    for name, ref in ((first, a), (second, b)):
        known = rules.license(name)
        assert LICENSE_REF.fullmatch(ref) or (known is not None and ref == known.spdx)
    if a == b and a.startswith("LicenseRef-"):
        assert first == second or rules.license(first) == rules.license(second)


def test_unusual_names_keep_a_readable_stem():
    rules = default_rules()
    assert license_expression("openrail++", rules).startswith("LicenseRef-openrail-")
    assert license_expression("openrail", rules) == "LicenseRef-openrail"
    assert license_expression("a_b", rules) != license_expression("a-b", rules)
