"""What a model is, as its Hub object says: architecture, size, chat template, quantization.

Lineage inference compares a child with its candidate parents on these facts: a finetune keeps
its parent's architecture and size, a quantization its architecture with fewer bits, and models
sharing a chat template usually share an instruct ancestor. Each fact is read where the Hub
states it, in this order:

* ``architecture``: ``config.architectures[0]``.
* ``model_type``: ``config.model_type``, else ``gguf.architecture``.
* ``parameters``: ``safetensors.total``, else ``gguf.total``.
* ``chat_template_hash``: :func:`chat_template_hash` of ``config.tokenizer_config.chat_template``
  (a text, or a list of ``{name, template}``: the one named ``default``, else the first), else
  of ``gguf.chat_template``.
* ``quant_method``: ``config.quantization_config.quant_method`` (lower case), else ``gguf``
  when the object has a ``gguf`` field or a ``.gguf`` file among its ``siblings``, else the
  first quantization tag (:data:`QUANT_TAGS`).
* ``quant_bits``: ``quantization_config.bits``, else 4 or 8 for ``load_in_4bit`` or
  ``load_in_8bit``, else the tag ``4-bit`` or ``8-bit``.

A fact the object does not state is None, never a stand-in such as 0 or "".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: Tags naming a quantization format, as the Hub and the published dataset write them.
QUANT_TAGS = ("gguf", "gptq", "awq", "exl2", "bitsandbytes")
BIT_TAGS = {"4-bit": 4, "8-bit": 8}
FACTS = ("architecture", "model_type", "parameters", "chat_template_hash", "quant_method",
         "quant_bits")
# huggingface_hub's ModelInfo printed into the crawl files: "RepoSibling(rfilename='x', ...)".
_SIBLING_REPR = re.compile(r"""rfilename=(['"])(.*?)\1""")

Bad = Callable[[str, Any, str], None]


def chat_template_hash(template: str) -> str:
    """A chat template's fingerprint: the first 16 hex digits of the SHA-256 of its text with
    every run of whitespace made one space and the ends stripped, so that templates differing
    only in layout match.

    >>> chat_template_hash("{{ bos }}\\n  {% for m in messages %}") == chat_template_hash(
    ...     " {{ bos }} {% for m in messages %}\\n")
    True
    >>> len(chat_template_hash("x"))
    16
    """
    return hashlib.sha256(" ".join(template.split()).encode("utf-8")).hexdigest()[:16]


def chat_template(value: Any) -> str | None:
    """The template a tokenizer config gives: a text, or from a list of named templates the
    one named ``default``, else the first.

    >>> chat_template([{"name": "tool_use", "template": "A"}, {"name": "default",
    ...                                                      "template": "B"}])
    'B'
    """
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list):
        named = [v for v in value if isinstance(v, Mapping) and isinstance(v.get("template"), str)
                 and v["template"].strip()]
        chosen = next((v for v in named if v.get("name") == "default"), None)
        if chosen is None and named:
            chosen = named[0]
        return chosen["template"] if chosen else None
    return None


def tag_quantization(tags: Iterable[str]) -> tuple[str | None, int | None]:
    """The quantization method and bits the tags name (the first of each found).

    >>> tag_quantization(["transformers", "4-bit", "gptq", "awq"])
    ('gptq', 4)
    >>> tag_quantization(["llama"])
    (None, None)
    """
    method = bits = None
    for tag in tags:
        if method is None and tag in QUANT_TAGS:
            method = tag
        elif bits is None and tag in BIT_TAGS:
            bits = BIT_TAGS[tag]
    return method, bits


def hub_facts(info: Mapping[str, Any], tags: Iterable[str], bad: Bad) -> dict[str, Any]:
    """The facts of :data:`FACTS` one Hub object states (None where it does not); ``bad``
    hears a field that is there but unusable (name, raw value, why)."""
    config = _mapping(info.get("config"), "config", bad)
    gguf = _mapping(info.get("gguf"), "gguf", bad)
    safetensors = _mapping(info.get("safetensors"), "safetensors", bad)
    quant = _mapping(config.get("quantization_config"), "config.quantization_config", bad)
    tokenizer = _mapping(config.get("tokenizer_config"), "config.tokenizer_config", bad)

    architectures = config.get("architectures")
    architecture = (_text(architectures[0]) if isinstance(architectures, list) and architectures
                    else None)
    template = chat_template(tokenizer.get("chat_template")) or chat_template(
        gguf.get("chat_template"))
    tag_method, tag_bits = tag_quantization(tags)
    method = _text(quant.get("quant_method"))
    if method:
        method = method.lower()
    elif isinstance(info.get("gguf"), Mapping) or _has_gguf_file(info.get("siblings")):
        method = "gguf"
    bits = _whole(quant.get("bits"), "config.quantization_config.bits", bad)
    if bits is None and quant.get("load_in_4bit") is True:
        bits = 4
    elif bits is None and quant.get("load_in_8bit") is True:
        bits = 8
    return {
        "architecture": architecture,
        "model_type": _text(config.get("model_type")) or _text(gguf.get("architecture")),
        "parameters": (_whole(safetensors.get("total"), "safetensors.total", bad)
                       or _whole(gguf.get("total"), "gguf.total", bad)),
        "chat_template_hash": chat_template_hash(template) if template else None,
        "quant_method": method or tag_method,
        "quant_bits": bits if bits is not None else tag_bits,
    }


def _has_gguf_file(siblings: Any) -> bool:
    for sibling in siblings if isinstance(siblings, list) else ():
        if isinstance(sibling, Mapping):
            name = sibling.get("rfilename")
        elif isinstance(sibling, str):
            match = _SIBLING_REPR.search(sibling)
            name = match.group(2) if match else None
        else:
            name = None
        if isinstance(name, str) and name.lower().endswith(".gguf"):
            return True
    return False


def _mapping(value: Any, field: str, bad: Bad) -> Mapping[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return value
    bad(field, value, "not an object")
    return {}


def _whole(value: Any, field: str, bad: Bad) -> int | None:
    """A positive whole number; None when absent. exl2's fractional bits (4.65 per weight)
    are a fact no integer holds, so they are left out rather than rejected."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        bad(field, value, "not a number")
        return None
    try:
        number = float(value)
    except ValueError:
        bad(field, value, "not a number")
        return None
    if number.is_integer() and number > 0:
        return int(number)
    if not number > 0:
        bad(field, value, "not a positive number")
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
