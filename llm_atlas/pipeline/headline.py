"""Which price a model is shown at, and which offers are prices at all.

The rule, stated once (the app shows `price_rule` beside every headline price):
1. the maker's own API, where a price list carries it (`xai/grok-4`, llm-stats' `openai` route);
2. otherwise the median of the paid routes the price lists carry (the route at the lower median of
   the blended 3:1 price, so input and output stay one route's pair);
3. otherwise LMArena's list price, which comes with its ratings.
The cheapest paid route is kept beside it ("from $X at Y"). $0 is a free tier or an unknown price,
never a price; a local runner (Ollama, LM Studio) is software, not an offer.
"""

from __future__ import annotations

import pandas as pd

from llm_atlas.pipeline.normalise import is_bedrock_route, normalise

TOKEN_PRICES = (
    "price_in_usd_mtok",
    "price_out_usd_mtok",
    "price_cached_in_usd_mtok",
    "price_in_batch_usd_mtok",
    "price_out_batch_usd_mtok",
    "price_in_above_200k_usd_mtok",
    "price_out_above_200k_usd_mtok",
)
UNIT_PRICES = ("price_per_image_usd", "price_per_audio_min_usd", "price_per_mchar_usd")
PRICE_COLUMNS = ("price_in_usd_mtok", "price_out_usd_mtok", *UNIT_PRICES)
# Tasks whose work is counted in tokens; every other task is priced in its own unit or not at all.
TOKEN_TASKS = frozenset({"chat", "code", "embedding", "moderation", "rerank"})
INPUT_ONLY_TASKS = frozenset({"embedding", "rerank", "moderation"})
# The unit a task's headline price is in.
TASK_UNIT = {
    "image-generation": "price_per_image_usd",
    "speech-to-text": "price_per_audio_min_usd",
    "text-to-speech": "price_per_mchar_usd",
}
# Software that runs a model on the person's own machine: listed at $0 by LiteLLM and models.dev.
LOCAL_RUNNERS = frozenset({"ollama", "ollama_chat", "lemonade", "lmstudio", "llamafile", "docker_model_runner"})
# LiteLLM route prefixes that are a maker's own API ("mistral/codestral-2405"), not a reseller's.
MAKER_API_PREFIXES = frozenset(
    {
        "openai", "anthropic", "gemini", "mistral", "codestral", "text-completion-codestral", "xai",
        "deepseek", "cohere", "cohere_chat", "dashscope", "moonshot", "zai", "minimax", "ai21",
        "amazon-nova", "voyage", "inception", "text-completion-inception", "meta_llama", "palm",
    }
)  # fmt: skip
MAKER_FAMILIES_GOOGLE = r"^(?:gemini|gemma|imagen|veo|text-embedding-00|text-multilingual|palm|learnlm)"
# Provider ids that are a maker's own API in llm-stats and models.dev, and the families each one makes:
# llm-stats' "google" route for Llama 3.1 405B is Vertex reselling Meta's model, not Meta's price.
MAKER_FAMILIES = {
    "openai": r"^(?:gpt|o\d|chatgpt|text-embedding|whisper|tts|dall-e|omni-moderation|codex|computer-use|sora)",
    "anthropic": r"^claude",
    "google": MAKER_FAMILIES_GOOGLE,
    "xai": r"^grok",
    "mistral": r"^(?:mistral|mixtral|codestral|pixtral|ministral|magistral|devstral|open-mi|voxtral)",
    "deepseek": r"^deepseek",
    "cohere": r"^(?:command|c4ai|aya|embed|rerank)",
    "alibaba": r"^(?:qwen|qwq)",
    "moonshotai": r"^(?:kimi|moonshot)",
    "zai": r"^(?:glm|chatglm)",
    "minimax": r"^minimax",
    "ai21": r"^(?:jamba|j2)",
    "voyage": r"^voyage",
    "inception": r"^mercury",
    "amazon-nova": r"^nova",
    # models.dev's ids for makers' own APIs
    "alibaba-cn": r"^(?:qwen|qwq)",
    "moonshotai-cn": r"^(?:kimi|moonshot)",
    "minimax-cn": r"^minimax",
    "zhipuai": r"^(?:glm|chatglm)",
    "llama": r"^llama",
    "nova": r"^nova",
    "upstage": r"^solar",
    "perplexity": r"^(?:sonar|r1-1776)",
    "stepfun": r"^step",
    "xiaomi": r"^mimo",
}
PRICE_LISTS = ("litellm", "modelsdev", "openrouter", "llmstats")
BLEND_INPUT_SHARE = 0.75  # 3 input tokens to 1 output token, the usual chat mix


def clean_offers(offers: pd.DataFrame) -> pd.DataFrame:
    """Drop local runners; a $0 price becomes unknown; OpenRouter's ':free' routes say so."""
    offers = offers[~offers["provider"].isin(LOCAL_RUNNERS)].copy()
    for col in (*TOKEN_PRICES, *UNIT_PRICES):
        if col in offers:
            offers.loc[offers[col] <= 0, col] = pd.NA
    free = offers["source_key"].astype(str).str.endswith(":free")
    offers.loc[free, "provider"] = offers.loc[free, "provider"].astype(str) + " (free tier)"
    return offers.reset_index(drop=True)


def route_hops(offers: pd.DataFrame) -> pd.Series:
    """How far a route is from the maker's own API: one per provider prefix ("azure/…") that is not
    the maker's own; a Bedrock route ("deepseek.v3.2", "us.anthropic.claude-…") has no slash but
    is one hop too."""
    keys = offers["source_key"].astype(str)
    own = (offers["source"] == "litellm") & keys.str.split("/").str[0].isin(MAKER_API_PREFIXES)
    return keys.str.count("/") - own.astype(int) + keys.map(is_bedrock_route).astype(int)


# LiteLLM route prefixes that are a maker's own cloud for its own families (Vertex AI is Google's API
# for Gemini; Bedrock is Amazon's for Nova).
MAKER_CLOUDS = {
    "vertex_ai": MAKER_FAMILIES_GOOGLE,
    "vertex_ai-language-models": MAKER_FAMILIES_GOOGLE,
    "bedrock": r"^nova",
    "bedrock_converse": r"^nova",
}


def is_maker_route(offers: pd.DataFrame) -> pd.Series:
    litellm = offers["source"] == "litellm"
    litellm_direct = litellm & (route_hops(offers) == 0)
    for cloud, family in MAKER_CLOUDS.items():
        on_cloud = litellm & (offers["provider"] == cloud)
        litellm_direct |= on_cloud & offers["model_id"].astype(str).str.contains(family, regex=True)
    listed = offers["source"].isin(("llmstats", "modelsdev"))
    own_family = pd.Series(False, index=offers.index)
    for provider, family in MAKER_FAMILIES.items():
        hit = listed & (offers["provider"] == provider)
        own_family |= hit & offers["model_id"].astype(str).str.contains(family, regex=True)
    return litellm_direct | own_family


def blended(offers: pd.DataFrame, share: float = BLEND_INPUT_SHARE) -> pd.Series:
    """USD per 1M tokens for a 3:1 input:output mix; missing when either price is."""
    p_in = pd.to_numeric(offers["price_in_usd_mtok"], errors="coerce").astype(float)
    p_out = pd.to_numeric(offers["price_out_usd_mtok"], errors="coerce").astype(float)
    return share * p_in + (1 - share) * p_out


def unit_price(offers: pd.DataFrame, task: pd.Series) -> pd.Series:
    """Each offer's price in its model's task unit: blended tokens, or per image/minute/1M chars."""
    out = blended(offers)
    input_only = task.isin(INPUT_ONLY_TASKS)  # an embedding has no output tokens to price
    out[input_only] = pd.to_numeric(offers.loc[input_only, "price_in_usd_mtok"], errors="coerce").astype(float)
    for t, col in TASK_UNIT.items():
        hit = task == t
        out[hit] = pd.to_numeric(offers.loc[hit, col], errors="coerce").astype(float)
    non_token = ~task.isin(TOKEN_TASKS) & ~task.isin(TASK_UNIT)
    out[non_token] = float("nan")  # video and the like: no unit the sources state consistently
    return out


def headline(models: pd.DataFrame, offers: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Headline price columns, `price_source`, `price_rule` and the cheapest paid route per model."""
    models = models.copy()
    task = offers["model_id"].map(models.set_index("model_id")["task"]).fillna("chat")
    priced = offers.assign(_unit=unit_price(offers, task).to_numpy())
    priced = priced[priced["_unit"].notna()]
    priced = priced.assign(_dead=(priced["deprecated_on"].notna() & (priced["deprecated_on"].astype(str) <= as_of)))
    maker_routes = priced[is_maker_route(priced)]
    maker = maker_routes.assign(
        _hops=lambda d: route_hops(d),
        _list=lambda d: d["source"].map({s: i for i, s in enumerate(PRICE_LISTS)}),
        # The route named as the model beats the maker's other names for it (deepseek/deepseek-v3 over
        # the deepseek-chat pointer).
        _other_name=lambda d: d["source_key"].map(normalise) != d["model_id"],
    )
    # The route named as the model, then the price lists in order (LiteLLM tracks retirements), then a
    # current route; a retired model carries the date (resellers still listing it do not make it current).
    maker = (
        maker.sort_values(["_other_name", "_list", "_dead", "_hops", "_unit", "source_key"], kind="stable")
        .groupby("model_id", sort=False)
        .head(1)
    )
    # Elsewhere a retired route is a price only where nothing current is.
    has_live = (~priced["_dead"]).groupby(priced["model_id"]).transform("any")
    priced = priced[~priced["_dead"] | ~has_live]
    listed = priced[priced["source"].isin(PRICE_LISTS) & ~priced["model_id"].isin(maker["model_id"])]
    ordered = listed.sort_values(["model_id", "_unit", "source", "source_key"], kind="stable")
    position = ordered.groupby("model_id", sort=False).cumcount()
    count = ordered.groupby("model_id", sort=False)["_unit"].transform("size")
    median = ordered[position == (count - 1) // 2].assign(_n=count)
    arena = priced[
        (priced["source"] == "lmarena") & ~priced["model_id"].isin(set(maker["model_id"]) | set(median["model_id"]))
    ]
    arena = arena.groupby("model_id", sort=False).head(1)
    chosen = pd.concat(
        [
            maker.assign(price_rule="maker's own API"),
            median.assign(price_rule=lambda d: "median of " + d["_n"].astype(str) + " paid routes"),
            arena.assign(price_rule="LMArena list price"),
        ],
        ignore_index=True,
    ).set_index("model_id")
    chosen.loc[chosen["_n"] == 1, "price_rule"] = "the only paid route"
    head = chosen[list(PRICE_COLUMNS)].copy()
    head["price_source"] = chosen["source"] + ": " + chosen["source_key"]
    head["price_rule"] = chosen["price_rule"]
    cheapest = (
        priced.sort_values(["_unit", "source", "source_key"], kind="stable").groupby("model_id", sort=False).first()
    )
    head["cheapest_in_usd_mtok"] = cheapest["price_in_usd_mtok"]
    head["cheapest_out_usd_mtok"] = cheapest["price_out_usd_mtok"]
    head["cheapest_source"] = cheapest["source"] + ": " + cheapest["source_key"]
    models = models.set_index("model_id")
    for col in head.columns:
        models[col] = head[col].reindex(models.index)
    # The maker's own route states the model's limits; a reseller's may be lower (Grok 4 Fast: xAI 2M
    # tokens, Azure and OCI 131k).
    from_maker = chosen[chosen["price_rule"] == "maker's own API"]
    for col in ("context_tokens", "max_output_tokens"):
        stated_by_maker = from_maker[col].dropna()
        models.loc[stated_by_maker.index, col] = stated_by_maker
    # A model is deprecated when the route it is shown at is; a model with no priced route keeps what
    # its sources say.
    stated = chosen["deprecated_on"].reindex(models.index)
    models["deprecated_on"] = stated.where(models.index.isin(chosen.index), models["deprecated_on"])
    # Every maker route serves the same model: the earliest retirement any of them states is the model's.
    every_maker_route = offers[is_maker_route(offers)]  # priced or not: a retirement date is a fact either way
    retired = every_maker_route.dropna(subset=["deprecated_on"]).groupby("model_id")["deprecated_on"].min()
    models.loc[retired.index, "deprecated_on"] = retired
    return blank_foreign_units(models.reset_index())


def blank_foreign_units(models: pd.DataFrame) -> pd.DataFrame:
    """A model is priced only in its task's unit: an image model's image-token prices stay in its
    offers (labelled there), never in its headline, so it never enters a token workload."""
    models = models.copy()
    token = models["task"].isin(TOKEN_TASKS)
    for col in ("price_in_usd_mtok", "price_out_usd_mtok", "cheapest_in_usd_mtok", "cheapest_out_usd_mtok"):
        if col in models:
            models.loc[~token, col] = pd.NA
    for task, col in TASK_UNIT.items():
        models.loc[models["task"] != task, col] = pd.NA
    return models


def has_price(df: pd.DataFrame) -> pd.Series:
    return df[list(PRICE_COLUMNS)].notna().any(axis=1)
