"""Name normalisation rules shared by every source, and licence classification.

Joining names across sources is the hard part. These rules are deliberately
conservative: they remove routing noise (provider prefixes, regions, Bedrock
and Vertex build tags, spelling differences), never model identity. Anything they cannot settle goes to the curated
`data/aliases.csv`, and unmatched names are reported, never guessed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Route prefixes that say who serves a model, not which model it is.
_REGION_PREFIX = re.compile(r"^(us|eu|apac|ap|jp|au|ca|global|us-gov)\.")
_BEDROCK_VENDOR = re.compile(
    r"^(anthropic|meta|mistral|amazon|cohere|ai21|deepseek|qwen|openai|writer|twelvelabs|stability|moonshotai|google|minimax|nvidia|zai)\."
)
_VERSION_TAG = re.compile(r"-v(\d+)(?::(\d+))?$")
# What is left when a Bedrock vendor held the model's name ("deepseek.r1", "deepseek.v3") or a
# path did ("ideogram/v3", "flux-pro/v1.1"). "o1" or "k2" alone are names, and stay as they are.
_BARE_AFTER_VENDOR = re.compile(r"^[a-z]?\d+(\.\d+)*$")
_BARE_AFTER_PATH = re.compile(r"^v?\d+(\.\d+)*$")
# Vertex AI names a publisher model's version after "@": a date or "2407" is part of the name (as in
# the maker's own API), while "@001", "@default" and "@latest" only say which build Vertex serves.
_VERTEX_BUILD = re.compile(r"(^|-)(default|latest|\d{3})$")
# ":2" after a route is its build; after a version tag it is the minor version ("claude-v2:1").
_ROUTE_SUFFIX = re.compile(r":(free|beta|extended|nitro|floor|online|thinking|exacto|batch)$|(?<!-v\d):\d+$")
# Only a version ("3-5-sonnet"), never a size ("3-8b"): the second digit must end the part.
_DIGIT_DASH_DIGIT = re.compile(r"(?<![\d.])(\d)-(\d)(?![\da-z.])")  # not "v1-0.6b"
_DIGIT_P_DIGIT = re.compile(r"(?<=\d)p(?=\d)")  # Fireworks/Together spell 3.1 as 3p1
_LLAMA_V = re.compile(r"^llama-v(\d)")
_TIER_WORDS = frozenset(
    {"auto", "base", "best", "dev", "enhanced", "fast", "free", "nano", "neural", "preview", "router",
     "schnell", "standard", "ultra"}
)  # fmt: skip
# One spelling per family, as its maker writes it: Qwen2.5 / Qwen3 (OpenRouter: "qwen-2.5"), Llama-3.1,
# Gemma-2, Phi-4 (Cerebras, Groq, Ollama: "llama3.1", "gemma2", "phi4"), CodeLlama, GPT-3.5 (Azure:
# "gpt-35"), FLUX-1 (nscale: "FLUX.1"), GLM (Cerebras: "zai-glm"). Only a version, never a size:
# "qwen-14b-chat" (Qwen 1's 14B) stays.
_FAMILY_SPELLING = (
    (re.compile(r"^qwen-(\d(?:\.\d)?)(?=-|$)"), r"qwen\1"),
    (re.compile(r"^(llama|gemma|phi)(\d(?:\.\d)?)(?=-|$)"), r"\1-\2"),
    (re.compile(r"^code-llama(?=-|$)"), "codellama"),
    (re.compile(r"^gpt-35-"), "gpt-3.5-"),
    (re.compile(r"^flux\.(\d)"), r"flux-\1"),
    (re.compile(r"^zai-(?=glm-)"), ""),
)
# A reseller's copy spelt with its maker's name in front ("gradient_ai/openai-gpt-4o", "oci/xai.grok-4",
# "sambanova/Meta-Llama-3.3-70B-Instruct"): the maker's name goes when the model's own family follows,
# so "qwen-max" (Qwen's own name) stays.
_MAKER_COPY = re.compile(
    r"^(?:anthropic|openai|meta|xai|qwen|google|mistralai|deepseek-ai|microsoft|cohere|ibm|moonshotai|databricks|"
    r"snowflake|azure|groq|nvidia)[.-](?=claude|gpt|o\d|chatgpt|dall-e|whisper|tts|text-embedding|llama|grok|qwq|qwen|"
    r"gemini|gemma|mistral|mixtral|codestral|deepseek|phi|command|granite|kimi|nemotron|dbrx|meta-llama)"
)
# How a copy of the same weights is packed or routed, not which model it is: Hub's transformers-format
# "-hf" copies of Meta's checkpoints, a reseller's quantised "-fp8" build, a "-free" route.
_PACKAGING = re.compile(r"(?:-(?:hf|fp8|fp16|bf16|int8|int4|free))+$")
# A display name's date in brackets, "ChatGPT-4o-latest (2024-11-20)", as the API slug writes it.
_BRACKETED_DATE = re.compile(r"\s*\((20\d{2})-(\d{2})-(\d{2})\)$")
_SPACES = re.compile(r"[\s_]+")
_JUNK = re.compile(r"[^a-z0-9.\-/+]")
_DASHES = re.compile(r"-{2,}")

# Variant suffixes: the same weights behind another setting or snapshot date.
_VARIANT_SUFFIXES = [
    re.compile(r"-(no-thinking|nothinking|non-reasoning)$"),  # before "-thinking", or "-no" is left
    re.compile(r"-thinking(-\d+k)?$"),
    re.compile(r"-(high|medium|low|minimal)$"),
    re.compile(r"-(january|february|march|april|may|june|july|august|september|october|november|december)-20\d{2}$"),
    re.compile(r"-reasoning$"),
    re.compile(r"-(20\d{6}|20\d{2}-\d{2}-\d{2}|\d{4}|\d{2}-\d{2}|\d{2}-\d{4})$"),
    re.compile(r"-(preview|latest|exp|experimental|online|dev-api)$"),
    re.compile(r"-(bf16|fp8|fp16|int8|int4)$"),
    re.compile(r"-v\d+(\.\d+)?$"),
    re.compile(r"-\d{3}$"),
    re.compile(r"-(instruct|chat|it)$"),
]


def normalise(name: object) -> str:
    """Lowercase join key for a model name as any source spells it.

    Never raises: anything that is not a usable name becomes "".
    """
    if not isinstance(name, str):
        return ""
    return _normalise(name)


@functools.lru_cache(maxsize=65536)  # a build asks for the same ~20k names many times over
def _normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = text.lstrip("~")  # OpenRouter "latest" aliases
    text = _ROUTE_SUFFIX.sub("", text)
    # Routing names: keep only the last path part (provider/vendor/model), with the parts before it
    # while it is a tier word that names nothing alone ("deepgram/base", "aiml/flux/dev").
    parts = text.split("/")
    first = len(parts) - 1
    while first > 0 and parts[first] in _TIER_WORDS:
        first -= 1
    text = _vertex_version("-".join(parts[first:]))
    text = _REGION_PREFIX.sub("", text)
    vendor = _BEDROCK_VENDOR.match(text)
    text = _BEDROCK_VENDOR.sub("", text)
    text = _version_tag(text, bedrock=vendor is not None)
    text = _ROUTE_SUFFIX.sub("", text)
    if vendor and _BARE_AFTER_VENDOR.match(text):
        # Kept apart ("deepseek.v3"): Bedrock's deepseek.v3-v1:0 is V3.1, so data/aliases.csv says.
        text = f"{vendor.group(1)}.{text}"
    elif len(parts) > 1 and _BARE_AFTER_PATH.match(text):
        text = f"{parts[-2]}-{text}"
    text = _BRACKETED_DATE.sub(r"-\1\2\3", text)
    text = _SPACES.sub("-", text)
    text = text.replace(":", "-")  # a tag left after the route suffixes: Ollama's "llama2:13b"
    text = _JUNK.sub("", text)
    # Dots vs dashes between version digits: claude-3-5 == claude-3.5.
    text = _DIGIT_DASH_DIGIT.sub(r"\1.\2", text)
    text = _DIGIT_P_DIGIT.sub(".", text)
    text = _LLAMA_V.sub(r"llama-\1", text)
    text = _MAKER_COPY.sub(
        "", _MAKER_COPY.sub("", _DASHES.sub("-", text))
    )  # SAP's "anthropic--claude-…"  # "databricks-meta-llama-3-…"
    text = _PACKAGING.sub("", text)
    for pattern, spelling in _FAMILY_SPELLING:
        text = pattern.sub(spelling, text)
    text = _DASHES.sub("-", text).strip("-.")
    return text


def _vertex_version(text: str) -> str:
    """'claude-sonnet-4-5@20250929' -> 'claude-sonnet-4-5-20250929'; 'jamba-1.5-large@001' -> 'jamba-1.5-large'."""
    name, at, version = text.partition("@")
    if not at:
        return text
    version = _VERTEX_BUILD.sub("", version).strip("-")
    return f"{name}-{version}" if version else name


def _version_tag(text: str, bedrock: bool) -> str:
    """A trailing "-vN" or "-vN:M". "-v1"/"-v1:0" is the first version: the model itself
    (amazon/nova-lite-v1). Bedrock's tag on a name that has its own version or date is Bedrock's
    build ("claude-3-5-sonnet-20241022-v2:0"). Otherwise the tag is the model's identity:
    deepseek-v3 is not deepseek, anthropic.claude-v2:1 is Claude 2.1, cohere.embed-v4:0 is Embed v4."""
    tag = _VERSION_TAG.search(text)
    if not tag:
        return text
    major, minor = tag.groups()
    rest = text[: tag.start()]
    if (major == "1" and minor in (None, "0")) or ((bedrock or minor) and re.search(r"\d", rest)):
        return rest
    return f"{rest}-v{major}.{minor}" if minor not in (None, "0") else f"{rest}-v{major}"


def is_bedrock_route(key: object) -> bool:
    """Bedrock spells its routes vendor-dot-model ("us.anthropic.claude-…", "deepseek.v3.2"): no
    slash, yet not the maker's own API."""
    if not isinstance(key, str):
        return False
    return bool(_BEDROCK_VENDOR.match(_REGION_PREFIX.sub("", key.strip().lower())))


def hf_key(hf_id: object) -> str:
    """Join key for a Hugging Face repo id ('' when it is not one)."""
    if not isinstance(hf_id, str):
        return ""
    hf_id = hf_id.strip()
    for prefix in ("https://huggingface.co/", "http://huggingface.co/"):
        if hf_id.startswith(prefix):
            hf_id = hf_id[len(prefix) :]
    parts = [p for p in hf_id.split("/") if p]
    if len(parts) < 2 or not all(re.fullmatch(r"[A-Za-z0-9._\-]+", p) for p in parts[:2]):
        return ""
    return f"{parts[0]}/{parts[1]}".lower()


def variant_bases(key: str) -> list[str]:
    """Progressively shorter keys for a variant name, most specific first.

    'claude-opus-4.5-20251101-thinking-32k' -> ['claude-opus-4.5-20251101', 'claude-opus-4.5'].
    """
    bases: list[str] = []
    current = key
    changed = True
    while changed:
        changed = False
        for pattern in _VARIANT_SUFFIXES:
            shorter = pattern.sub("", current)
            if shorter != current and shorter:
                current = shorter
                bases.append(current)
                changed = True
    return bases


# Licence tags (Hub style and free text) to a licence class.
_PERMISSIVE = re.compile(
    r"^(apache|mit|bsd|cc-by-4|cc-by-3|cc-by-sa|cc0|unlicense|isc|zlib|mpl|artistic|afl|ecl|postgresql|wtfpl|openrail\+\+|"
    r"creative commons attribution 4|gpl|lgpl|agpl|bigscience-openrail|nvidia open model)"
)
_PROPRIETARY = re.compile(r"^(proprietary|closed|commercial)")
_RESTRICTED = re.compile(
    r"^(llama|gemma|cc-by-nc|cc by-nc|cc-by-nd|openrail|creativeml|bigscience-bloom|bigcode|deepseek|qwen|tongyi|"
    r"jamba|mistral research|mnpl|health ai|falcon|apple|nvidia|other|modified mit|mit \+|tencent|"
    r"exaone|yi|internlm|baichuan|glm|codeml|fair|c-uda|cohere|intel|h-research|afl-3|lgpl-lr|etalab)"
)
_UNKNOWN = {"", "unknown", "none", "n/a", "nan", "other-unknown"}


def license_class(license_name: object) -> str | None:
    """Classify a licence: 'permissive', 'open-restricted', 'proprietary', or None if unknown."""
    if not isinstance(license_name, str):
        return None
    text = license_name.strip().lower().replace("_", "-")
    if text in _UNKNOWN:
        return None
    if _PROPRIETARY.match(text):
        return "proprietary"
    if text.startswith("mit license") or text == "mit":
        return "permissive"
    if _PERMISSIVE.match(text) and "nc" not in text.split("-"):
        return "permissive"
    if _RESTRICTED.match(text):
        return "open-restricted"
    return "open-restricted" if "license" in text or "licence" in text else None


_ENCODER_DECODER = re.compile(
    r"^(t5|mt5|umt5|bart|mbart|pegasus|marian|whisper|led|longt5|flan|prophetnet|m2m100|nllb|seamless|speecht5|blenderbot)",
    re.I,
)
_ENCODER_ONLY = re.compile(
    r"^(bert|roberta|xlmroberta|deberta|electra|albert|distilbert|camembert|mpnet|modernbert|nomicbert|xlm|ernie|e5|bge)",
    re.I,
)


def architecture_from_class(class_name: object) -> str | None:
    """Hugging Face architecture class (e.g. 'LlamaForCausalLM') to a broad architecture."""
    if not isinstance(class_name, str) or not class_name:
        return None
    if class_name.endswith("ForCausalLM") or class_name.endswith("LMHeadModel"):
        return "decoder-only"
    if _ENCODER_DECODER.match(class_name):
        return "encoder-decoder"
    if _ENCODER_ONLY.match(class_name):
        return "encoder-only"
    if class_name.endswith("ForConditionalGeneration"):
        # Vision-language models with a causal language model head.
        return "decoder-only"
    return None


_PIPELINE_TASKS = {
    "text-generation": "chat",
    "text2text-generation": "chat",
    "conversational": "chat",
    "image-text-to-text": "chat",
    "feature-extraction": "embedding",
    "sentence-similarity": "embedding",
    "automatic-speech-recognition": "speech-to-text",
    "text-to-speech": "text-to-speech",
    "text-to-audio": "text-to-speech",
    "text-to-image": "image-generation",
    "text-ranking": "rerank",
    "text-to-video": "video-generation",
}

_CODE_NAME = re.compile(r"(code|coder|codestral|devstral|starcoder|codegen|codellama|codegemma)", re.I)
# Names that say what a model does, as whole name segments (so "..._base_embeds_..." is no
# embedding model). Gateways label everything "chat" (LiteLLM's vercel_ai_gateway/ routes,
# OpenRouter before it named these modalities), so a chat label does not overrule the name.
_SEGMENT = r"(?:^|[-_/.:]){}(?=$|[-_/.:@])"
_TASK_NAMES = (
    ("text-to-speech", re.compile(_SEGMENT.format("tts"), re.I)),
    ("speech-to-text", re.compile(_SEGMENT.format("(?:transcribe|transcription|whisper)"), re.I)),
    ("embedding", re.compile(_SEGMENT.format("(?:embed|embedding)"), re.I)),
    ("rerank", re.compile(_SEGMENT.format("(?:rerank|reranker)"), re.I)),
    # Safety classifiers (Llama Guard, Prompt Guard, Nemotron Safety Guard, ShieldGemma) label text, they
    # do not answer it: a gateway's "chat" label puts them first in a chatbot's cost ranking.
    ("moderation", re.compile(r"(?:^|[-_/.:])(?:(?:llama)?guard|shieldgemma)(?=$|[-_/.:\d])", re.I)),
    # Text-to-image families a gateway may file under chat (LiteLLM's Fireworks FLUX ControlNet entry).
    (
        "image-generation",
        re.compile(r"(?:^|[-_/.:])(?:flux|stable-diffusion|sdxl|ssd-1b|playground-v\d|dall-e|imagen)", re.I),
    ),
)


def task_from_pipeline(tag: object, name: object = "") -> str | None:
    if not isinstance(tag, str) or not tag:
        return None
    task = _PIPELINE_TASKS.get(tag, "other")
    return refine_chat_task(task, name)


def refine_chat_task(task: str | None, name: object) -> str | None:
    """A model labelled chat whose name says otherwise: speech, transcription, embedding or
    reranking by a name segment (`gemini-2.5-pro-preview-tts`, `mistral-embed`), else code
    when the name says it is built for code."""
    if task not in ("chat", "code") or not isinstance(name, str):
        return task
    for named_task, pattern in _TASK_NAMES:
        if pattern.search(name):
            return named_task
    if task == "chat" and _CODE_NAME.search(name):
        return "code"
    return task
