"""What a model's name says about its parent: name tokens, and the words that name a relation.

A derivative is usually named after its parent with words added: ``Llama-3-8B-Instruct-GGUF``
is a quantization of ``Llama-3-8B-Instruct``, ``Mistral-7B-lora`` an adapter of
``Mistral-7B``. A name is split into lower-case tokens at ``-``, ``_``, ``.`` and spaces,
keeping version numbers such as ``3.1`` and sizes such as ``1.5B`` whole, so that the parent's
name is a run of the child's tokens.
"""

from __future__ import annotations

import re

from lineage.relations import Relation

__all__ = ["tokens", "name_of", "runs", "relation_words", "RELATION_WORDS"]

# A number with a decimal point (3.1, 1.5b) stays one token; everything else splits at
# separators.
_TOKEN = re.compile(r"[^\s\-_.]*\d+(?:\.\d+)+[a-z]*|[^\s\-_.]+")

#: Name words that say how a model was made from its parent.
RELATION_WORDS: dict[Relation, frozenset[str]] = {
    Relation.QUANTIZATION: frozenset({
        "gguf", "ggml", "awq", "gptq", "exl2", "exl3", "bnb", "4bit", "8bit", "3bit", "2bit",
        "int4", "int8", "fp8", "nf4", "q2", "q3", "q4", "q5", "q6", "q8", "q4_k_m", "imatrix",
        "quantized", "quant", "mlx", "hqq", "eetq", "w4a16", "w8a8", "i1"}),
    Relation.ADAPTER: frozenset({"lora", "qlora", "adapter", "adapters", "peft", "dora"}),
    Relation.MERGE: frozenset({"merge", "merged", "slerp", "ties", "dare", "passthrough",
                               "moe", "frankenmerge", "linear"}),
}
# Quantization levels are written many ways (Q4_K_M, q5_0, 4.0bpw): these catch the rest.
_QUANT_TOKEN = re.compile(r"^(q\d(_\w+)?|iq\d\w*|\d+(\.\d+)?bpw|\d+bits?|w\d+a\d+)$")


def name_of(model_id: str) -> str:
    """The name part of a Hub id (after the owner).

    >>> name_of("meta-llama/Llama-3.1-8B")
    'Llama-3.1-8B'
    """
    return model_id.rsplit("/", 1)[-1]


def tokens(name: str) -> tuple[str, ...]:
    """The lower-case tokens of a model name.

    >>> tokens("Llama-3.1-8B-Instruct_Q4_K_M.gguf")
    ('llama', '3.1', '8b', 'instruct', 'q4', 'k', 'm', 'gguf')
    >>> tokens("Qwen2.5-1.5B")
    ('qwen2.5', '1.5b')
    """
    return tuple(_TOKEN.findall(name.lower()))


def runs(sequence: tuple[str, ...], longest: int = 8) -> list[tuple[str, ...]]:
    """Every contiguous run of tokens (at most ``longest`` tokens), longest first: the names a
    parent could have had.

    >>> runs(("a", "b", "c"))
    [('a', 'b', 'c'), ('a', 'b'), ('b', 'c'), ('a',), ('b',), ('c',)]
    """
    found = []
    for size in range(min(len(sequence), longest), 0, -1):
        found.extend(sequence[i:i + size] for i in range(len(sequence) - size + 1))
    return found


def relation_words(sequence: tuple[str, ...]) -> dict[Relation, bool]:
    """Which relations the name's words point to.

    >>> words = relation_words(tokens("Mistral-7B-Instruct-v0.2-GGUF"))
    >>> words[Relation.QUANTIZATION], words[Relation.ADAPTER]
    (True, False)
    """
    present = set(sequence)
    found = {relation: bool(present & words) for relation, words in RELATION_WORDS.items()}
    if not found[Relation.QUANTIZATION]:
        found[Relation.QUANTIZATION] = any(_QUANT_TOKEN.match(t) for t in sequence)
    return found
