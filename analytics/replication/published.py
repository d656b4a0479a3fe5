"""Published figures of the Hugging Face ecosystem: the yardstick for synthetic and real data.

From "Anatomy of a Machine Learning Ecosystem: 2 Million Models on Hugging Face" (Laufer,
Oderinwale, Kleinberg, arXiv 2508.06811) and its public analysis notebooks, measured on the
``modelbiome/ai_ecosystem`` dataset (1,860,411 models). The synthetic-ecosystem generator is
calibrated against these numbers, and the same analytics compare real loads with them.

Counts are for the whole dataset; :func:`scaled` turns a count into the expected count for an
ecosystem of another size.
"""

from __future__ import annotations

import dataclasses

#: Models in the published dataset.
DATASET_MODELS = 1_860_411

#: Lineage edges (parent -> child) by relation; merges and unstated relations are counted together.
EDGES = {"finetune": 189_391, "quantization": 101_921, "adapter": 241_417,
         "merge+unstated": 40_924}
EDGES_TOTAL = 573_653

#: Children that have children of their own, by the relation that made the child.
CHILDREN_WITH_CHILDREN = {"finetune": 15_047, "quantization": 970, "adapter": 458}

#: Weakly connected components of the full graph (most models have no declared relatives).
WEAK_COMPONENTS = 1_308_021

#: The largest families (weak components once merge edges are left out), largest first.
LARGEST_FAMILIES = (
    ("black-forest-labs/FLUX.1-dev", 33_194), ("Qwen/Qwen1.5-0.5B", 32_557),
    ("Qwen/Qwen1.5-1.8B", 30_618), ("meta-llama/Meta-Llama-3-8B", 24_318),
    ("google/gemma-2b", 23_869), ("meta-llama/Llama-3.1-8B", 11_942),
)

#: The deepest lineage: "nearly 40 generations".
MAX_GENERATION = 39

#: Table 1: subgraph topologies in the finetune forest, and how each count grows with the size
#: of the ecosystem (the power of the size ratio: a count of paths grows like the number of
#: models, a count of pairs around one parent like its square, of triples like its cube).
TABLE1 = {
    "edges": (191_072, 1),
    "sibling pairs": (119_795_843, 2),
    "grandparent paths": (40_922, 1),
    "sibling triples": (193_010_561_824, 3),
    "edges whose child has several children": (11_847_103, 2),
    "uncle-nephew pairs": (19_932_645, 2),
    "great-grandparent paths": (10_965, 1),
}
#: The name each structure of Table 1 has in the project's count
#: (:data:`lineage.analytics.measures.structure.TABLE_ONE`), by the paper's wording.
TABLE1_KEYS = {
    "edges": "edges",
    "sibling pairs": "sibling_pairs",
    "grandparent paths": "two_step_paths",
    "sibling triples": "sibling_triples",
    "edges whose child has several children": "edge_child_pairs",
    "uncle-nephew pairs": "uncle_nephew",
    "great-grandparent paths": "three_step_paths",
}
#: Table 1's first row, "two arbitrary nodes", counts pairs among about 2.63 million nodes,
#: more than the dataset's rows; it says nothing about lineage and is not compared.
TABLE1_NODE_PAIRS = 3_470_193_356_870


@dataclasses.dataclass(frozen=True)
class Rate:
    """A published rate as the notebooks printed it: ``numerator / denominator``."""

    numerator: float
    denominator: float

    @property
    def value(self) -> float:
        return self.numerator / self.denominator


#: Trait mutation: mean Jaccard distance per edge where parent and child both carry the trait.
MUTATION = {
    "license": Rate(47_956.42, 320_065),
    "language": Rate(14_809.59, 115_660),
    "task": Rate(58_091, 251_060),
}
#: The same on the finetune edges only.
MUTATION_FINETUNE = {"license": 0.1976, "language": 0.2419, "task": 0.4106}


@dataclasses.dataclass(frozen=True)
class Drift:
    """The drift of one trait over the top 20 values: the exact ordering (upstream first),
    the oriented drift edges agreeing with it, and the raw transitions it accounts for."""

    ordering: tuple[str, ...]
    ordering_unweighted: tuple[str, ...]
    agreeing: int
    oriented: int
    accounted_for: float

    @property
    def explained(self) -> float:
        return self.agreeing / self.oriented


def _order(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(">"))


#: Drift on the full graph (573,653 edges), top 20 values of each trait.
DRIFT = {
    "license": Drift(
        _order("gemma > llama3.1 > llama3.2 > openrail++ > creativeml-openrail-m > cc-by-nc-4.0 > "
               "llama3 > llama2 > mit > afl-3.0 > bigscience-bloom-rail-1.0 > llama3.3 > "
               "apache-2.0 > cc-by-nc-sa-4.0 > cc-by-4.0 > openrail > artistic-2.0 > "
               "cc-by-sa-4.0 > gpl-3.0 > cc"),
        _order("gemma > llama3.1 > llama3.2 > openrail++ > creativeml-openrail-m > cc-by-nc-4.0 > "
               "llama3 > llama3.3 > llama2 > mit > afl-3.0 > bigscience-bloom-rail-1.0 > "
               "apache-2.0 > cc-by-nc-sa-4.0 > cc-by-4.0 > openrail > artistic-2.0 > "
               "cc-by-sa-4.0 > gpl-3.0 > cc"),
        132, 140, 0.8425635667014978),
    "language": Drift(
        _order("Polish > Swedish > Thai > Italian > Portuguese > Romanian > Dutch > German > "
               "French > Japanese > Indonesian > Vietnamese > Turkish > Russian > Spanish > "
               "Chinese > Arabic > Hindi > Korean > English"),
        _order("Polish > Swedish > Thai > Italian > Portuguese > Japanese > Romanian > Dutch > "
               "German > Vietnamese > French > Indonesian > Turkish > Russian > Spanish > "
               "Chinese > Arabic > Hindi > Korean > English"),
        186, 190, 0.747084155750942),
    "library": Drift(
        _order("timm > transformers > spacy > sentence-transformers > mlc-llm > pytorch > "
               "lerobot > diffusers > adapter-transformers > peft > mlx > ml-agents > "
               "transformers.js > espnet > tf-keras > fastai > keras > setfit > flair > bertopic"),
        _order("timm > transformers > spacy > sentence-transformers > mlc-llm > pytorch > "
               "lerobot > diffusers > adapter-transformers > peft > mlx > ml-agents > "
               "transformers.js > espnet > tf-keras > fastai > keras > setfit > flair > bertopic"),
        43, 43, 0.9926444868137769),
    "task": Drift(
        _order("image-text-to-text > fill-mask > feature-extraction > "
               "automatic-speech-recognition > text-to-speech > translation > summarization > "
               "text-generation > text-to-image > object-detection > image-classification > "
               "image-to-text > any-to-any > sentence-similarity > question-answering > "
               "text-classification > reinforcement-learning > audio-to-audio > "
               "token-classification > audio-classification"),
        _order("image-text-to-text > fill-mask > automatic-speech-recognition > text-generation > "
               "text-to-image > object-detection > any-to-any > reinforcement-learning > "
               "text-to-speech > feature-extraction > translation > image-classification > "
               "image-to-text > audio-to-audio > sentence-similarity > question-answering > "
               "summarization > text-classification > token-classification > "
               "audio-classification"),
        111, 121, 0.9515635751968805),
}

#: Genetic similarity of related models (read off the paper's figures, +-0.02): for each kind of
#: pair, (metadata TF-IDF, metadata Levenshtein, card TF-IDF, card Levenshtein).
SIMILARITY = {
    "random pair": (0.12, 0.44, 0.13, 0.19),
    "parent-child": (0.64, 0.55, 0.47, 0.25),
    "siblings": (0.84, 0.75, 0.89, 0.73),
    "grandparent-grandchild": (0.58, 0.55, 0.41, 0.22),
    "uncle-nephew": (0.59, 0.59, 0.48, 0.29),
    "great-grandparent": (0.59, 0.60, 0.38, 0.25),
}

#: Model cards and languages along edges.
CARD_SHARE = 0.6704
CARD_LENGTH_MEAN = 3_575.6
CARD_LENGTH_MEDIAN = 2_073
#: Mean card length of parent and child, over edges where both have a card.
CARD_LENGTH_PARENT = 9_773
CARD_LENGTH_CHILD = 4_402
#: "automatically generated" / "generated automatically": child share minus parent share, and
#: the share among derivatives.
AUTOGENERATED_GAP = 0.249
AUTOGENERATED_CHILDREN = 0.30
#: Languages listed by parent and by child, over edges where both list any.
LANGUAGES_PARENT = 6.60
LANGUAGES_CHILD = 1.81

#: Ecosystem summaries.
PERMISSIVE_LICENSES = ("apache-2.0", "mit")
PERMISSIVE_SHARE = 0.60  # "over 60 % of declared licences"
ENGLISH_SHARE = 0.755  # "over 75 %" of models listing any language (221,550 of about 293,600)
CHINESE_SHARE = 0.044
MOST_COMMON_LIBRARY = "transformers"
MOST_COMMON_TASK = "text-generation"

#: Models declaring each licence (Hub licence ids).
LICENSE_COUNTS = (
    ("apache-2.0", 298442), ("mit", 109820), ("other", 81887), ("openrail", 37498),
    ("creativeml-openrail-m", 29233), ("cc-by-nc-4.0", 14315), ("llama2", 10294),
    ("llama3", 9887), ("gemma", 8677), ("unknown", 8368), ("llama3.1", 7614), ("cc-by-4.0", 6737),
    ("openrail++", 6552), ("llama3.2", 5863), ("cc-by-nc-sa-4.0", 3945), ("afl-3.0", 3657),
    ("cc-by-sa-4.0", 2984), ("gpl-3.0", 2875), ("artistic-2.0", 1942), ("llama3.3", 1849),
    ("cc", 1846), ("bigscience-bloom-rail-1.0", 1840), ("bigscience-openrail-m", 1742),
    ("bigcode-openrail-m", 1487), ("bsd-3-clause", 1363), ("cc-by-nc-nd-4.0", 1338),
    ("agpl-3.0", 969), ("wtfpl", 913), ("cc0-1.0", 779), ("unlicense", 754), ("bsd", 555),
    ("gpl", 523), ("bsl-1.0", 476), ("cc-by-sa-3.0", 408), ("bsd-2-clause", 324),
    ("cc-by-2.0", 298), ("cc-by-nc-2.0", 270), ("c-uda", 261), ("gpl-2.0", 216),
    ("cc-by-nd-4.0", 208), ("cdla-permissive-2.0", 203), ("cc-by-3.0", 196), ("llama4", 180),
    ("lgpl-3.0", 169), ("bsd-3-clause-clear", 167), ("cc-by-nc-3.0", 151), ("osl-3.0", 129),
    ("cc-by-2.5", 111), ("pddl", 104), ("apple-amlr", 99), ("ms-pl", 99), ("gfdl", 98),
    ("cc-by-nc-nd-3.0", 95), ("ecl-2.0", 92), ("cc-by-nc-sa-2.0", 76),
    ("deepfloyd-if-license", 73), ("mpl-2.0", 67), ("apple-ascl", 66), ("cc-by-nc-sa-3.0", 62),
    ("odc-by", 59), ("zlib", 53), ("etalab-2.0", 48), ("eupl-1.1", 44), ("lgpl", 44),
    ("odbl", 44), ("epl-2.0", 41), ("cdla-permissive-1.0", 39), ("cdla-sharing-1.0", 34),
    ("lgpl-lr", 30), ("isc", 30), ("epl-1.0", 28), ("postgresql", 27), ("ncsa", 27),
    ("lppl-1.3c", 27), ("lgpl-2.1", 24), ("ofl-1.1", 17), ("eupl-1.2", 13),
    ("intel-research", 12), ("fair-noncommercial-research-license", 8),
)

#: Models listing each language (ISO 639-3 reference names as the notebooks printed them).
LANGUAGE_COUNTS = (
    ("English", 221550), ("Chinese", 12917), ("French", 11754), ("Spanish", 10711),
    ("German", 10532), ("Japanese", 8985), ("Korean", 8475), ("Italian", 8361),
    ("Portuguese", 8284), ("Russian", 6595), ("Hindi", 5970), ("Arabic", 5058), ("Thai", 4564),
    ("Indonesian", 3820), ("Turkish", 3759), ("Vietnamese", 3735), ("Polish", 3689),
    ("Dutch", 3195), ("Romanian", 2654), ("Swedish", 2515), ("Ukrainian", 2385), ("Czech", 2362),
    ("Persian", 2359), ("Finnish", 2331), ("Nepali (macrolanguage)", 2216), ("Bengali", 2163),
    ("Hebrew", 1916), ("Modern Greek (1453-)", 1904), ("Danish", 1859),
    ("Malay (macrolanguage)", 1801), ("Tamil", 1777), ("Catalan", 1684), ("Hungarian", 1678),
    ("Bulgarian", 1636), ("Urdu", 1613), ("Serbian", 1509), ("Swahili (macrolanguage)", 1488),
    ("Norwegian", 1482), ("Marathi", 1480), ("Telugu", 1455), ("Estonian", 1396),
    ("Slovenian", 1378), ("Burmese", 1367), ("Malayalam", 1347), ("Gujarati", 1340),
    ("Slovak", 1336), ("Galician", 1305), ("Lithuanian", 1290), ("Tagalog", 1279),
    ("Croatian", 1261), ("Khmer", 1244), ("Basque", 1236), ("Latvian", 1222), ("Kannada", 1210),
    ("Icelandic", 1200), ("Lao", 1197), ("Panjabi", 1182), ("Amharic", 1105), ("Hausa", 1064),
    ("Afrikaans", 1063), ("Mongolian", 1058), ("Georgian", 1047), ("Welsh", 1018),
    ("Macedonian", 1013), ("Javanese", 1013), ("Assamese", 1011), ("Kazakh", 1002),
    ("Sinhala", 998), ("Sundanese", 977), ("Belarusian", 973), ("Armenian", 964), ("Irish", 940),
    ("Yoruba", 935), ("Azerbaijani", 926), ("Uzbek", 910), ("Albanian", 905), ("Somali", 865),
    ("Latin", 852), ("Yiddish", 847), ("Xhosa", 825), ("Maltese", 809), ("Bosnian", 801),
    ("Oriya (macrolanguage)", 788), ("Sindhi", 783), ("Pushto", 777), ("Malagasy", 758),
    ("Sanskrit", 732), ("Kirghiz", 708), ("Esperanto", 696), ("Igbo", 669), ("Shona", 662),
    ("Lingala", 641), ("Kurdish", 625), ("Breton", 620), ("Scottish Gaelic", 613),
    ("Haitian", 612), ("Luxembourgish", 595), ("Zulu", 593), ("Norwegian Nynorsk", 580),
    ("Western Frisian", 539), ("Tajik", 522), ("Afar", 513), ("Occitan (post 1500)", 512),
    ("Wolof", 489), ("Maori", 481), ("Ganda", 470), ("Kinyarwanda", 453), ("Nyanja", 448),
    ("Bashkir", 446), ("Uighur", 446), ("Faroese", 441), ("Tibetan", 426), ("Oromo", 422),
    ("Tatar", 419), ("Bambara", 397), ("Southern Sotho", 383), ("Tswana", 383), ("Turkmen", 379),
    ("Akan", 379), ("Norwegian Bokmål", 377), ("Dhivehi", 375), ("Rundi", 335), ("Tsonga", 324),
    ("Twi", 294), ("Guarani", 271), ("Kikuyu", 264), ("Samoan", 252), ("Tigrinya", 238),
    ("Corsican", 234), ("Abkhazian", 228), ("Ewe", 218), ("Swati", 217), ("Kashmiri", 186),
    ("Fulah", 186), ("Fijian", 181), ("Sango", 181), ("Kongo", 180), ("Dzongkha", 171),
    ("Quechua", 171), ("Chuvash", 161), ("Avaric", 150), ("Avestan", 150), ("Chamorro", 143),
    ("Bislama", 142), ("Sardinian", 136), ("Limburgan", 134), ("Aragonese", 133),
    ("Chechen", 132), ("Romansh", 130), ("Aymara", 119), ("Manx", 114), ("Ossetian", 109),
    ("Marshallese", 107), ("Northern Sami", 106), ("Komi", 100), ("Venda", 99),
    ("Serbo-Croatian", 94), ("Walloon", 94), ("Kuanyama", 94), ("Luba-Katanga", 92),
    ("Tonga (Tonga Islands)", 89), ("Cornish", 89), ("South Ndebele", 88), ("Zhuang", 84),
    ("Hiri Motu", 82), ("Kalaallisut", 81), ("Inuktitut", 78), ("Navajo", 77), ("Ojibwa", 71),
    ("Kanuri", 59), ("Interlingua (International Auxiliary Language Association)", 57),
    ("Ido", 44), ("Church Slavic", 36), ("Cree", 34), ("Volapük", 32), ("Tahitian", 32),
    ("Nauru", 27), ("Herero", 26), ("Interlingue", 26), ("North Ndebele", 26), ("Pali", 25),
    ("Sichuan Yi", 23), ("Inupiaq", 23), ("Ndonga", 22),
)


def scaled(count: float, models: int, power: int = 1) -> float:
    """The count expected in an ecosystem of ``models`` models, for a count that grows like the
    ``power``-th power of the ecosystem's size.

    >>> round(scaled(EDGES_TOTAL, 186_041))
    57365
    """
    return count * (models / DATASET_MODELS) ** power

