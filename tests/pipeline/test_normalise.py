from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_atlas.pipeline.normalise import (
    architecture_from_class,
    hf_key,
    is_bedrock_route,
    license_class,
    normalise,
    refine_chat_task,
    variant_bases,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # provider and route prefixes
        ("openrouter/anthropic/claude-3.5-sonnet", "claude-3.5-sonnet"),
        ("gemini/gemini-2.5-pro", "gemini-2.5-pro"),
        ("us.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3.5-sonnet-20240620"),
        ("accounts/fireworks/models/llama-v3p1-405b-instruct", "llama-3.1-405b-instruct"),
        ("1024-x-1024/dall-e-2", "dall-e-2"),
        # a name that is only a version keeps what named the model
        ("deepseek.v3-v1:0", "deepseek.v3"),
        ("us.deepseek.r1-v1:0", "deepseek.r1"),
        ("fal_ai/fal-ai/ideogram/v3", "ideogram-v3"),
        ("aiml/flux-pro/v1.1", "flux-pro-v1.1"),
        ("azure/o1", "o1"),
        ("openai/o3:batch", "o3"),
        # dots vs dashes, but never a size
        ("claude-3-5-sonnet-20241022", "claude-3.5-sonnet-20241022"),
        ("granite-3-8b-instruct", "granite-3-8b-instruct"),
        ("qwen2-5-7b", "qwen2.5-7b"),
        # :free and other route variants; OpenRouter "latest" aliases
        ("meta-llama/llama-3.3-70b-instruct:free", "llama-3.3-70b-instruct"),
        ("~anthropic/claude-sonnet-latest", "claude-sonnet-latest"),
        ("GPT-4o-2024-08-06", "gpt-4o-2024-08-06"),
        ("Amazon Nova Lite 1.0", "amazon-nova-lite-1.0"),
        # Vertex: a date after "@" is the snapshot; a build number, "default" or "latest" is not
        ("vertex_ai/claude-3-5-sonnet@20240620", "claude-3.5-sonnet-20240620"),
        ("vertex_ai/claude-opus-4-6@default", "claude-opus-4.6"),
        ("vertex_ai/mistral-large@2411-001", "mistral-large-2411"),
        ("vertex_ai/codestral@latest", "codestral"),
        ("jamba-1.5-large@001", "jamba-1.5-large"),
        ("cloudflare/@cf/meta/llama-3.2-3b-instruct", "llama-3.2-3b-instruct"),
        # one spelling per family's version, never a size
        ("qwen/qwen-2.5-72b-instruct", "qwen2.5-72b-instruct"),
        ("vercel_ai_gateway/alibaba/qwen-3-14b", "qwen3-14b"),
        ("qwen-14b-chat", "qwen-14b-chat"),
        ("cerebras/llama3.1-8b", "llama-3.1-8b"),
        ("groq/gemma2-9b-it", "gemma-2-9b-it"),
        ("ollama/phi4", "phi-4"),
        ("llama-13b", "llama-13b"),
        ("gemma3n-e4b-it", "gemma3n-e4b-it"),
        ("azure/gpt-35-turbo-0125", "gpt-3.5-turbo-0125"),
        ("fireworks_ai/accounts/fireworks/models/code-llama-7b", "codellama-7b"),
        ("nscale/black-forest-labs/FLUX.1-schnell", "flux-1-schnell"),
        ("cerebras/zai-glm-4.7", "glm-4.7"),
        ("zai.glm-4.7", "glm-4.7"),  # Bedrock, vendor first
        # a display name's bracketed date as the slug writes it; Ollama's size tag
        ("ChatGPT-4o-latest (2024-11-20)", "chatgpt-4o-latest-20241120"),
        ("Claude 3.5 Sonnet (20241022)", "claude-3.5-sonnet-20241022"),
        ("ollama/llama2:13b", "llama-2-13b"),
        ("ft:gpt-4o-2024-08-06", "ft-gpt-4o-2024-08-06"),  # a fine-tuning price, its own entry
        # a version tag is the model's identity unless it is v1 or Bedrock's build of a dated name
        ("deepinfra/deepseek-ai/DeepSeek-V3", "deepseek-v3"),
        ("recraft/recraft-v3", "recraft-v3"),
        ("anthropic.claude-v2:1", "claude-v2.1"),
        ("cohere.embed-v4:0", "embed-v4"),
        ("amazon.titan-embed-text-v2:0", "titan-embed-text-v2"),
        ("amazon/nova-lite-v1", "nova-lite"),
        ("mistral.mistral-large-2402-v1:0", "mistral-large-2402"),
        # a tier word names nothing alone: the path before it does
        ("deepgram/base", "deepgram-base"),
        ("aiml/flux/dev", "flux-dev"),
        ("fal_ai/fal-ai/imagen4/preview/fast", "imagen4-preview-fast"),
    ],
)
def test_normalise(raw, key):
    assert normalise(raw) == key


@pytest.mark.parametrize(
    ("key", "bases"),
    [
        ("claude-opus-4.5-20251101-thinking-32k", ["claude-opus-4.5-20251101", "claude-opus-4.5"]),
        ("gpt-5-high", ["gpt-5"]),
        ("qwen3-235b-a22b-no-thinking", ["qwen3-235b-a22b"]),  # not "qwen3-235b-a22b-no"
        ("grok-4-fast-non-reasoning", ["grok-4-fast"]),
        ("gpt-4o-2024-08-06", ["gpt-4o"]),
        ("llama-3.1-405b-instruct-bf16", ["llama-3.1-405b-instruct", "llama-3.1-405b"]),
        ("phi-3-mini-4k-instruct-june-2024", ["phi-3-mini-4k-instruct", "phi-3-mini-4k"]),
        ("gemini-2.5-pro", []),
    ],
)
def test_variant_bases(key, bases):
    assert variant_bases(key) == bases


@pytest.mark.parametrize(
    ("licence", "cls"),
    [
        ("apache-2.0", "permissive"),
        ("MIT", "permissive"),
        ("llama3.3", "open-restricted"),
        ("Llama 3.1 Community License", "open-restricted"),
        ("cc-by-nc-4.0", "open-restricted"),
        ("gemma", "open-restricted"),
        ("Proprietary", "proprietary"),
        ("unknown", None),
        (None, None),
    ],
)
def test_license_class(licence, cls):
    assert license_class(licence) == cls


@pytest.mark.parametrize(
    ("task", "name", "expected"),
    [
        ("chat", "gemini/gemini-2.5-pro-preview-tts", "text-to-speech"),
        ("chat", "x-ai/grok-voice-tts-1.0", "text-to-speech"),
        ("chat", "openai/gpt-4o-mini-transcribe", "speech-to-text"),
        ("chat", "openai/whisper-large-v3-turbo", "speech-to-text"),
        ("chat", "vercel_ai_gateway/mistral/mistral-embed", "embedding"),
        ("code", "vercel_ai_gateway/mistral/codestral-embed", "embedding"),  # embedding, not code
        ("chat", "cohere/rerank-4-fast", "rerank"),
        ("chat", "qwen/qwen3-reranker-8b", "rerank"),
        ("chat", "qwen2.5-coder-32b-instruct", "code"),
        # whole segments only: these are chat or code models
        ("chat", "joseph717171/hermes-3-llama-3.1-8b_ties_with_base_embeds_initialized", "chat"),
        ("chat", "uukuguy/speechless-code-mistral-7b-v1.0", "code"),
        ("chat", "collective/whisperer-7b", "chat"),
        ("chat", "gpt-4o", "chat"),
        # a specific label stands, whatever the name
        ("image-generation", "fal-ai/flux-embed-test", "image-generation"),
        (None, "something-tts", None),
    ],
)
def test_a_chat_label_gives_way_to_a_name_that_says_otherwise(task, name, expected):
    assert refine_chat_task(task, name) == expected


def test_bedrock_routes_are_told_from_first_party_names():
    for key in ("deepseek.v3.2", "us.anthropic.claude-3-5-sonnet-20240620-v1:0", "mistral.mistral-large-2402-v1:0"):
        assert is_bedrock_route(key), key
    for key in ("claude-3-5-sonnet-20241022", "gpt-4o", "mistral/mistral-large-2402", "jamba-1.5-large", None):
        assert not is_bedrock_route(key), key


def test_hf_key_and_architecture():
    assert hf_key("https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct") == "meta-llama/llama-3.3-70b-instruct"
    assert hf_key("not a repo") == "" and hf_key(None) == ""
    assert architecture_from_class("LlamaForCausalLM") == "decoder-only"
    assert architecture_from_class("T5ForConditionalGeneration") == "encoder-decoder"
    assert architecture_from_class("BertForMaskedLM") == "encoder-only"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.binary().map(lambda b: b.decode("latin-1")), st.none(), st.integers()))
def test_normalisers_never_raise(value):
    key = normalise(value)
    assert isinstance(key, str) and key == key.strip("-.")
    assert isinstance(variant_bases(key), list)
    assert license_class(value) in (None, "permissive", "open-restricted", "proprietary")
    assert isinstance(hf_key(value), str)
