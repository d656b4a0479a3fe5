"""Model-card prose: a bank of paragraphs written from sentence patterns.

The paragraphs read like the hand-written parts of real model cards (what a model does, how it
was trained, how it scored, where it fails) with varied vocabulary, so that TF-IDF and edit
distance between cards mean something: cards that share paragraphs are alike, cards that do not
share few words beyond the common ones. The bank depends only on its seed.
"""

from __future__ import annotations

import numpy as np

DOMAINS = (
    "medical", "legal", "financial", "scientific", "biomedical", "customer support", "news",
    "code", "mathematics", "poetry", "chemistry", "e-commerce", "educational", "conversational",
    "historical", "agricultural", "patent", "clinical", "social media", "gaming", "music",
    "cybersecurity", "climate", "sports", "culinary", "aviation", "insurance", "real estate",
)
DATA = ("question-answer pairs", "instruction-response pairs", "dialogues", "documents",
        "abstracts", "transcripts", "reviews", "articles", "tweets", "forum threads", "captions",
        "source files", "product descriptions", "reports", "emails", "essays", "recipes")
SOURCES = ("public web crawls", "open government portals", "licensed archives",
           "community forums", "an internal annotation effort", "synthetic generations",
           "open textbooks", "volunteer translators", "crowd-sourced labels", "support tickets")
USES = ("summarising long reports", "answering domain questions", "drafting replies",
        "classifying short texts", "extracting named entities", "tutoring students",
        "writing unit tests", "generating product copy", "translating technical manuals",
        "ranking search results", "labelling images", "transcribing interviews",
        "detecting spam", "rewriting text in plain language", "solving word problems")
RISKS = ("factual errors", "outdated information", "biased completions", "unsafe advice",
         "hallucinated references", "toxic language", "overconfident answers",
         "repetitive text", "privacy leaks from training data", "inconsistent formatting")
MISUSE = ("medical diagnosis", "legal advice", "automated hiring decisions", "surveillance",
          "generating disinformation", "high-stakes financial decisions", "impersonation")
HARDWARE = ("a single A100", "eight H100 GPUs", "four RTX 4090 cards", "a TPU v4 pod slice",
            "two A6000 GPUs", "a consumer laptop", "an L4 instance", "sixteen V100 GPUs")
METRICS = ("accuracy", "F1", "exact match", "BLEU", "ROUGE-L", "perplexity", "word error rate",
           "pass@1", "mean reciprocal rank", "AUC")
SPLITS = ("validation", "test", "held-out", "development", "out-of-domain")
ADJECTIVES = ("compact", "robust", "efficient", "multilingual", "lightweight", "general",
              "specialised", "instruction-following", "domain-adapted", "distilled")
VERBS = ("improves", "keeps", "trades", "balances", "favours", "sacrifices", "preserves")

PATTERNS = (
    "This {adj} model is tuned for {use} in the {domain} domain.",
    "It was trained on {n} thousand {data} drawn from {source}.",
    "The training set mixes {domain} {data} with a smaller share of {domain2} {data2}.",
    "We fine-tuned for {epochs} epochs with a learning rate of {lr} and a batch size of {bs}.",
    "Training took about {hours} hours on {hardware}.",
    "On the {split} split it reaches {value} {metric}, against {value2} for the base model.",
    "Scores were computed with the standard {metric} script and averaged over {seeds} seeds.",
    "The model can produce {risk} and must not be relied on for {misuse}.",
    "Outputs in the {domain} domain should be reviewed by a person before use.",
    "It {verb} speed for quality compared with larger models of the same family.",
    "Inputs longer than {tokens} tokens are truncated from the left.",
    "The tokenizer was extended with {k} tokens covering {domain} vocabulary.",
    "Examples were deduplicated and filtered for length before training.",
    "About {pct} percent of the {data} were rewritten by annotators for clarity.",
    "A system prompt describing the {domain} setting gives the most reliable answers.",
    "We release the weights to support research on {use}.",
    "Feedback on failure cases in {domain} {data} is welcome in the discussion tab.",
    "The evaluation uses {n2} {data2} that were never seen during training.",
    "Performance drops noticeably on {domain2} inputs and on very short prompts.",
    "Sampling with a temperature of {temp} and top-p of 0.9 works well for {use}.",
    "The model has not been tested for {misuse} and is not suitable for it.",
    "Quantised versions keep most of the {metric} while using a quarter of the memory.",
    "Checkpoints were selected by {metric} on the {split} split every {steps} steps.",
    "Mixed precision in bfloat16 halved the memory needed for training.",
    "Most errors come from ambiguous {data} and from rare {domain} terms.",
    "The data card lists every source of the {data} and its licence.",
)


def paragraph_bank(seed: int, size: int = 4096) -> list[str]:
    """``size`` paragraphs of three to six sentences, drawn from :data:`PATTERNS`.

    >>> bank = paragraph_bank(1, 8)
    >>> len(bank), bank == paragraph_bank(1, 8), all(p.endswith(".") for p in bank)
    (8, True, True)
    """
    rng = np.random.default_rng(seed)
    paragraphs = []
    for _ in range(size):
        domain, domain2 = rng.choice(DOMAINS, 2, replace=False)
        data, data2 = rng.choice(DATA, 2, replace=False)
        slots = {
            "domain": domain, "domain2": domain2, "data": data, "data2": data2,
            "adj": rng.choice(ADJECTIVES), "use": rng.choice(USES),
            "source": rng.choice(SOURCES), "risk": rng.choice(RISKS),
            "misuse": rng.choice(MISUSE), "hardware": rng.choice(HARDWARE),
            "metric": rng.choice(METRICS), "split": rng.choice(SPLITS),
            "verb": rng.choice(VERBS), "n": int(rng.integers(2, 900)),
            "n2": int(rng.integers(200, 5000)), "epochs": int(rng.integers(1, 6)),
            "lr": rng.choice(["1e-5", "2e-5", "5e-5", "1e-4", "2e-4", "3e-4"]),
            "bs": int(rng.choice([4, 8, 16, 32, 64, 128])), "hours": int(rng.integers(1, 200)),
            "value": f"{rng.uniform(40, 95):.1f}", "value2": f"{rng.uniform(30, 90):.1f}",
            "seeds": int(rng.integers(2, 6)), "tokens": int(rng.choice([512, 2048, 4096, 8192])),
            "k": int(rng.integers(100, 30000)), "pct": int(rng.integers(2, 40)),
            "temp": f"{rng.uniform(0.2, 1.0):.1f}", "steps": int(rng.choice([100, 250, 500, 1000])),
        }
        count = int(rng.integers(3, 7))
        chosen = rng.choice(len(PATTERNS), count, replace=False)
        paragraphs.append(" ".join(PATTERNS[i].format(**slots) for i in chosen))
    return paragraphs
