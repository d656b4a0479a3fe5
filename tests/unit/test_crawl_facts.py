"""Model facts read from the real crawled families (../shared/data), checked against values read
by hand from their metadata and cards."""

from __future__ import annotations

import pytest

from lineage.loader.formats.crawl import read_crawl_csv, read_crawl_json
from lineage.loader.modelfacts import FACTS
from lineage.loader.records import ModelRecord

DEEPHERMES = "DeepHermes-3-Mistral-24B-Preview_finetunes_20250404_231041"
NEOX = "gpt-neox-20b_finetunes_20250407_212140"
R1 = "DeepSeek-R1_finetunes_20250416_231338"
COGVIDEO = "CogVideoX-5b_finetunes_20250407_211759"
NSFW = "nsfw_image_detection_finetunes_20250407_211710"


def read(path):
    reader = read_crawl_json if path.suffix == ".json" else read_crawl_csv
    return {item.id: item for item in reader(path) if isinstance(item, ModelRecord)}


def facts(record):
    return {name: getattr(record, name) for name in
            (*FACTS, "card_mentions", "card_mention_count")}


@pytest.fixture(scope="module")
def models(crawls):
    found = {}
    for stem in (DEEPHERMES, NEOX, R1, COGVIDEO, NSFW):
        found.update(read(crawls / f"{stem}.json"))
    return found


def test_deephermes_is_a_24b_mistral_with_a_chat_template(models):
    # metadata.config.architectures, .model_type, safetensors.total; the template's fingerprint
    # recomputed apart from the loader (sha256 of the whitespace-collapsed template).
    record = models["NousResearch/DeepHermes-3-Mistral-24B-Preview"]
    assert facts(record) == {
        "architecture": "MistralForCausalLM", "model_type": "mistral",
        "parameters": 23_572_464_640, "chat_template_hash": "3f867c779f39dd0f",
        "quant_method": None, "quant_bits": None,
        "card_mentions": None, "card_mention_count": None}
    # Its MLX conversion keeps the architecture, size and template.
    mlx = models["mlx-community/DeepHermes-3-Mistral-24B-Preview-bf16"]
    assert (mlx.architecture, mlx.parameters, mlx.chat_template_hash) == (
        "MistralForCausalLM", 23_572_464_640, "3f867c779f39dd0f")


def test_gpt_neox_and_its_kin_state_what_their_metadata_has(models):
    neox = models["EleutherAI/gpt-neox-20b"]
    assert (neox.architecture, neox.model_type, neox.parameters, neox.chat_template_hash) == (
        "GPTNeoXForCausalLM", "gpt_neox", 20_739_117_584, None)
    openvino = models["OpenVINO/gpt-neox-20b-fp16-ov"]  # a config but no safetensors count
    assert (openvino.architecture, openvino.parameters) == ("GPTNeoXForCausalLM", None)
    assert facts(models["vineetsharma/qlora-gpt-neox-20b-english_quotes"]) == dict.fromkeys(
        (*FACTS, "card_mentions", "card_mention_count"))
    vit = models["Falconsai/nsfw_image_detection"]
    assert (vit.architecture, vit.model_type, vit.parameters) == (
        "ViTForImageClassification", "vit", 85_800_194)


def test_deepseek_r1_cards_name_the_models_they_link(models):
    r1 = models["deepseek-ai/DeepSeek-R1"]
    # The distilled models' table: 14 distinct models besides R1 itself, R1-Zero first.
    assert r1.card_mention_count == 14
    assert r1.card_mentions[:3] == ["deepseek-ai/DeepSeek-R1-Zero", "Qwen/Qwen2.5-Math-1.5B",
                                    "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"]
    assert "deepseek-ai/DeepSeek-R1" not in r1.card_mentions
    # Its front matter declares the base model; the body links it (and the file links to
    # its own repository are not mentions).
    gguf = models["mradermacher/DeepSeek-R1-GGUF"]
    assert (gguf.card_mentions, gguf.card_mention_count) == (
        ["deepseek-ai/DeepSeek-R1", "mradermacher/DeepSeek-R1-i1-GGUF",
         "TheBloke/KafkaLM-70B-German-V0.1-GGUF", "mradermacher/model_requests"], 4)
    # A card with no link states 0 (the slim metadata states no other fact).
    plain = models["harshw030/sameeraAI"]
    assert (plain.card_mentions, plain.card_mention_count, plain.architecture) == ([], 0, None)


def test_card_yaml_alone_names_the_licensors_repository(models):
    # card_data: base_model THUDM/CogVideoX-5b (hidden) and license_link into THUDM/CogVideoX-5b.
    crush = models["finetrainers/crush-smol-v0"]
    assert (crush.card_mentions, crush.card_mention_count) == (["THUDM/CogVideoX-5b"], 1)
    # The root's YAML links only itself: nothing is stated.
    assert models["THUDM/CogVideoX-5b"].card_mention_count is None


def test_csv_and_json_crawls_give_the_same_facts(crawls):
    for path in sorted(crawls.glob("*.json")):
        from_json = {i: facts(r) for i, r in read(path).items()}
        from_csv = {i: facts(r) for i, r in read(path.with_suffix(".csv")).items()}
        assert from_csv == from_json, path.name
