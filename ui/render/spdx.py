"""A model's lineage as an SPDX 3.0.1 JSON-LD document, built with the SPDX 3 Python model
(``spdx-python-model``) from the lineage report, as :mod:`lineage.ui.render.cyclonedx` builds
its BOM.

* One ``ai_AIPackage`` per model of the ancestry: its name, its ``pkg:huggingface`` purl, its
  Hub page, the agent it is ``suppliedBy`` (the owner of its id), its primary purpose ``model``.
* ``Relationship``s ``ancestorOf`` from each parent to its children, the kind of derivation in
  the relationship's ``comment`` (``relation: finetune``, and ``on a declared cycle``), since
  SPDX has no field for it.
* Each package's licences: ``hasDeclaredLicense`` to a licence expression (SPDX ids where one
  exists, ``LicenseRef-<licence>`` otherwise) and ``hasConcludedLicense`` to the same, or to
  ``NoAssertionLicense`` for the model when a governance flag says an ancestor's licence does not
  allow its own.
* The model's governance flags are in its ``comment``, one per line (code: evidence); the
  beginning of its card is its ``description``; the datasets it names are
  ``dataset_DatasetPackage``s it is ``trainedOn``.

Element ids are IRIs under ``urn:lineage:``, derived from the report; the creation time is the
report's: the same report gives the same bytes from the command line and from the app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import urllib.parse
import uuid

from spdx_python_model import v3_0_1 as spdx

from lineage import __version__
from lineage.analytics.governance.flags import Step
from lineage.analytics.governance.rules import Rules, default_rules
from lineage.analytics.reads.reports import LineageReport
from lineage.ui.render.cyclonedx import hub_page, purl

__all__ = ["render", "license_expression"]

_NAMESPACE = uuid.UUID("2b7c8e10-5d3f-5a61-8c2e-9f4a1b0c3d5e")
_REF = re.compile(r"[A-Za-z0-9.\-]+")
_NOT_REF = re.compile(r"[^A-Za-z0-9.\-]+")


def license_expression(name: str, rules: Rules) -> str:
    """The SPDX expression of one licence id: its SPDX id where the licence knowledge has one,
    else a ``LicenseRef-``: the name itself when SPDX allows its characters, else the name with
    the others replaced and a digest of the whole, so that two names never share a reference.

    >>> rules = default_rules()
    >>> license_expression("apache-2.0", rules), license_expression("llama3.1", rules)
    ('Apache-2.0', 'LicenseRef-llama3.1')
    >>> license_expression("openrail++", rules)
    'LicenseRef-openrail-59de90c5'
    """
    known = rules.license(name)
    if known is not None and known.spdx and not known.spdx.startswith("LicenseRef-"):
        return known.spdx
    if _REF.fullmatch(name):
        return "LicenseRef-" + name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return "-".join(filter(None, ["LicenseRef", _NOT_REF.sub("-", name).strip("-"), digest]))


def _iri(text: str) -> str:
    """``text`` as one segment of an element's IRI (ids differing only in punctuation stay
    apart)."""
    return urllib.parse.quote(text, safe="")


def render(report: LineageReport, rules: Rules | None = None, card: str | None = None) -> str:
    """The report as SPDX 3.0.1 JSON-LD text; ``card``: the beginning of the model's card, its
    package's description."""
    rules = rules or default_rules()
    root = report.ancestry[0]
    base = f"urn:lineage:{uuid.uuid5(_NAMESPACE, f'{root.id} {report.made_at}')}"
    objects = spdx.SHACLObjectSet()
    made = dt.datetime.fromisoformat(report.made_at)
    tool = objects.add(spdx.SoftwareAgent(_id=f"{base}/agent/lineage-explorer",
                                          name=f"lineage-explorer {__version__}"))
    creation = spdx.CreationInfo(specVersion="3.0.1", created=made, createdBy=[tool])
    tool.creationInfo = creation
    agents: dict[str, spdx.Organization] = {}
    packages: dict[str, spdx.ai_AIPackage] = {}
    expressions: dict[str, spdx.simplelicensing_LicenseExpression] = {}
    elements: list = [tool]
    synthetic = bool(report.model.get("synthetic"))

    def expression(text: str) -> spdx.simplelicensing_LicenseExpression:
        if text not in expressions:
            expressions[text] = objects.add(spdx.simplelicensing_LicenseExpression(
                _id=f"{base}/license/{len(expressions)}", creationInfo=creation,
                simplelicensing_licenseExpression=text))
            elements.append(expressions[text])
        return expressions[text]

    def relate(source, kind, targets, comment: str | None = None) -> None:
        relation = objects.add(spdx.Relationship(
            _id=f"{base}/relationship/{len(elements)}", creationInfo=creation, from_=source,
            to=targets, relationshipType=kind))
        if comment:
            relation.comment = comment
        elements.append(relation)

    for step in report.ancestry:
        packages[step.key] = package = objects.add(_package(step, base, creation, synthetic))
        elements.append(package)
        owner = step.id.rpartition("/")[0]
        if owner:
            if owner not in agents:
                agents[owner] = objects.add(spdx.Organization(
                    _id=f"{base}/agent/{_iri(owner)}", creationInfo=creation,
                    name=owner))
                elements.append(agents[owner])
            package.suppliedBy = agents[owner]
        if step.licenses:
            declared = " AND ".join(license_expression(name, rules) for name in step.licenses)
            relate(package, spdx.RelationshipType.hasDeclaredLicense, [expression(declared)])
            refused = step.depth == 0 and any(f.code == "license_not_allowed"
                                              for f in report.flags)
            concluded = (spdx.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense
                         if refused else expression(declared))
            relate(package, spdx.RelationshipType.hasConcludedLicense, [concluded])
    root_package = packages[root.key]
    if card:
        root_package.description = card
    datasets = []
    for name in sorted(set(report.model.get("datasets") or ())):
        dataset = objects.add(spdx.dataset_DatasetPackage(
            _id=f"{base}/dataset/{len(datasets)}", creationInfo=creation, name=name,
            dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
            software_primaryPurpose=spdx.software_SoftwarePurpose.data))
        if not synthetic:
            dataset.software_downloadLocation = f"https://huggingface.co/datasets/{name}"
        datasets.append(dataset)
        elements.append(dataset)
    if datasets:
        relate(root_package, spdx.RelationshipType.trainedOn, datasets)
    if report.flags:
        root_package.comment = "\n".join(f"governance flag {f.code}: {f.evidence}"
                                         for f in report.flags)
    for step in report.ancestry:
        for link in sorted(step.parents, key=lambda x: (x.parent, x.relation)):
            if link.parent not in packages:  # beyond the generations walked (--up)
                continue
            note = f"relation: {link.relation}" + ("; on a declared cycle" if link.cycle
                                                   else "")
            relate(packages[link.parent], spdx.RelationshipType.ancestorOf,
                   [packages[step.key]], note)
    document = objects.add(spdx.SpdxDocument(
        _id=f"{base}/document", creationInfo=creation, name=f"lineage of {root.id}",
        rootElement=[root_package], element=elements,
        profileConformance=[spdx.ProfileIdentifierType.core,
                            spdx.ProfileIdentifierType.software,
                            spdx.ProfileIdentifierType.ai,
                            spdx.ProfileIdentifierType.simpleLicensing]))
    document.dataLicense = expression("CC0-1.0")
    out = io.BytesIO()
    spdx.JSONLDSerializer().write(objects, out, indent=2)
    return out.getvalue().decode("utf-8")


def _package(step: Step, base: str, creation: spdx.CreationInfo,
             synthetic: bool) -> spdx.ai_AIPackage:
    package = spdx.ai_AIPackage(
        _id=f"{base}/model/{_iri(step.id)}", creationInfo=creation, name=step.id,
        software_packageUrl=purl(step.id),
        software_primaryPurpose=spdx.software_SoftwarePurpose.model)
    if not synthetic:
        package.software_downloadLocation = package.software_homePage = hub_page(step.id)
    if step.created_at:
        package.releaseTime = dt.datetime.fromisoformat(step.created_at)
    if step.placeholder:
        package.comment = "placeholder: named as a parent, never loaded itself"
    return package
