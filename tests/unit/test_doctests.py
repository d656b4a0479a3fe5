"""The examples in the docstrings run and say true: every module of every room is collected,
so a new module's examples cannot be missed."""

import doctest
import importlib
import pkgutil

import pytest

import lineage

#: Scripts, not modules: importing them runs them.
SCRIPTS = {"lineage.ui.__main__", "lineage.ui.app.main"}


#: The rooms besides ``lineage`` itself: each installs as its own folder.
ROOMS = ("lineage.cypher", "lineage.localneo4j", "lineage.analytics", "lineage.loader",
         "lineage.ui")


def modules() -> list[str]:
    found = ["lineage", *(info.name for info in pkgutil.iter_modules(lineage.__path__, "lineage."))]
    for room in ROOMS:
        package = importlib.import_module(room)
        found += [room, *(info.name for info in pkgutil.walk_packages(package.__path__,
                                                                         room + "."))]
    return sorted(name for name in set(found) if name not in SCRIPTS)


def test_every_module_with_examples_is_collected():
    names = modules()
    assert {"lineage.relations", "lineage.analytics.measures.descent",
            "lineage.loader.synthetic.names", "lineage.ui.render.lineage_report"} <= set(names)
    assert len(names) > 100


@pytest.mark.parametrize("name", modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
