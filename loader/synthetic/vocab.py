"""The values a synthetic model's traits take, how common each is, and which way each drifts.

Licences and languages use the published counts; tasks and libraries use approximate shares
chosen so that the twenty most common values are the twenty of the published orderings (the
notebooks printed which twenty, not their counts), with ``text-generation`` and
``transformers`` the most common, as published. Every value that appears in a published drift
ordering gets its position there (upstream first); other values have no position and drift
either way alike.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from lineage.analytics.replication import published
from lineage.languages import language_code, language_name

#: Approximate shares of the models with a task, by task.
TASK_SHARES = (
    ("text-generation", 30), ("text-classification", 9), ("text-to-image", 8),
    ("reinforcement-learning", 7), ("automatic-speech-recognition", 4),
    ("token-classification", 4), ("image-classification", 3.5), ("feature-extraction", 3),
    ("fill-mask", 3), ("sentence-similarity", 3), ("question-answering", 2.5),
    ("image-text-to-text", 2.5), ("translation", 1.5), ("summarization", 1.2),
    ("text-to-speech", 1.2), ("object-detection", 1.0), ("image-to-text", 0.9),
    ("audio-classification", 0.9), ("any-to-any", 0.65), ("audio-to-audio", 0.6),
    ("image-segmentation", 0.5), ("zero-shot-classification", 0.4), ("image-to-image", 0.4),
    ("text-to-video", 0.3), ("depth-estimation", 0.2), ("video-classification", 0.2),
    ("zero-shot-image-classification", 0.2), ("visual-question-answering", 0.15),
    ("text-to-audio", 0.15), ("tabular-classification", 0.1),
    ("unconditional-image-generation", 0.1), ("table-question-answering", 0.05),
)

#: Approximate shares of the models with a library, by library.
LIBRARY_SHARES = (
    ("transformers", 50), ("peft", 12), ("diffusers", 8), ("sentence-transformers", 4),
    ("ml-agents", 2.5), ("mlx", 2), ("timm", 1.5), ("pytorch", 1.5), ("keras", 1),
    ("adapter-transformers", 0.8), ("tf-keras", 0.8), ("setfit", 0.7),
    ("transformers.js", 0.6), ("fastai", 0.5), ("spacy", 0.5), ("espnet", 0.4),
    ("lerobot", 0.4), ("mlc-llm", 0.4), ("flair", 0.32), ("bertopic", 0.3),
    ("stable-baselines3", 0.25), ("nemo", 0.2), ("onnx", 0.2), ("sample-factory", 0.2),
    ("speechbrain", 0.15), ("open_clip", 0.15), ("paddlenlp", 0.1), ("coreml", 0.1),
    ("fasttext", 0.1), ("joblib", 0.05), ("allennlp", 0.05),
)


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """The values of one trait: ``names[k]`` is value ``k``, ``popularity[k]`` its share and
    ``position[k]`` its place in the published drift ordering (-1: not in it)."""

    trait: str
    names: tuple[str, ...]
    popularity: np.ndarray
    position: np.ndarray

    def __len__(self) -> int:
        return len(self.names)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def drift_weights(self, forward: float, popularity: np.ndarray | None = None,
                      unordered: float = 0.5, flatten: float = 1.0,
                      reach: float = 1.0) -> np.ndarray:
        """``W[a, b]``: how readily a model with value ``a`` gets ``b`` instead, before the
        mutation rate is applied: ``b``'s popularity (default: :attr:`popularity`) raised to
        ``flatten`` (below 1, rare values are reached more often than their share) times
        ``forward`` when ``b`` lies downstream of ``a`` in the published ordering,
        ``1 - forward`` upstream, ``unordered`` when either has no position; between two
        ordered values, times ``reach`` per step beyond the next one (below 1, drift moves
        mostly to nearby values, so every stretch of the ordering carries some of it)."""
        pos = self.position
        popularity = self.popularity if popularity is None else popularity
        ordered = (pos[:, None] >= 0) & (pos[None, :] >= 0)
        direction = np.where(pos[:, None] < pos[None, :], forward, 1 - forward)
        steps = np.maximum(np.abs(pos[:, None] - pos[None, :]) - 1, 0)
        weights = (np.where(ordered, direction * reach ** steps, unordered)
                   * popularity[None, :] ** flatten)
        np.fill_diagonal(weights, 0.0)
        return weights


def _vocabulary(trait: str, counts, ordering: tuple[str, ...]) -> Vocabulary:
    names = tuple(name for name, _ in counts)
    popularity = np.array([float(c) for _, c in counts])
    position = np.array([ordering.index(n) if n in ordering else -1 for n in names])
    return Vocabulary(trait, names, popularity / popularity.sum(), position)


@functools.cache
def licenses() -> Vocabulary:
    return _vocabulary("license", published.LICENSE_COUNTS,
                       published.DRIFT["license"].ordering)


@functools.cache
def languages() -> Vocabulary:
    """Languages by ISO 639-1 code, in the published order of popularity."""
    names = [name for name, _ in published.LANGUAGE_COUNTS]
    codes = [language_code(name) for name in names]
    ordering = tuple(language_code(n) for n in published.DRIFT["language"].ordering)
    return _vocabulary("language", list(zip(codes, (c for _, c in
                                                     published.LANGUAGE_COUNTS))), ordering)


@functools.cache
def language_names() -> tuple[str, ...]:
    """The ISO 639-3 reference name of every language, as pycountry gives it."""
    return tuple(language_name(code) for code in languages().names)


@functools.cache
def tasks() -> Vocabulary:
    return _vocabulary("task", TASK_SHARES, published.DRIFT["task"].ordering)


@functools.cache
def libraries() -> Vocabulary:
    return _vocabulary("library", LIBRARY_SHARES, published.DRIFT["library"].ordering)
