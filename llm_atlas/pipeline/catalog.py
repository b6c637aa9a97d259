"""Join every source's frames into models, offers and scores.

Records that share a normalised name or a Hugging Face repo id are one model
(union-find). A score-only variant (e.g. '-thinking', a dated snapshot) that no
price reaches is linked to its base model and borrows its price, saying so.
Everything unmatched is reported, never guessed.
"""

from __future__ import annotations

import copy
import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from llm_atlas import BUNDLED_DATA_DIR, schema
from llm_atlas.pipeline import audit, curated, headline, identity
from llm_atlas.pipeline.frames import SourceFrames
from llm_atlas.pipeline.headline import PRICE_COLUMNS, has_price
from llm_atlas.pipeline.normalise import hf_key, license_class, normalise, variant_bases

# Which source wins when two disagree about a fact: curated first, then the Hub.
FACT_PRIORITY = ("llmstats", "modelsdev", "hub", "oll", "openrouter", "litellm", "lmarena", "aider")
# Measured parameter counts (safetensors, the leaderboard) beat rounded ones.
COLUMN_PRIORITY = {
    "params_b": ("hub", "oll", "llmstats", "openrouter"),
    # The Hub names its repos as they are now (Meta renamed Meta-Llama-3.1-8B-Instruct to Llama-3.1-8B-Instruct).
    "hf_id": ("hub", "oll", "openrouter", "llmstats", "modelsdev"),
}
# Facts one source repeats on many routes of a model: the value most routes give wins, so
# one odd route (a Bedrock entry with 1M tokens of context for Claude 3.5 Sonnet) does not.
ROUTE_CONSENSUS = ("context_tokens", "max_output_tokens")
# Which source names the model: API-style ids first.
ID_PRIORITY = ("llmstats", "litellm", "modelsdev", "openrouter", "lmarena", "aider")
# Sources whose keys are Hub repo ids, joined only through those ids.
HF_KEYED = ("oll", "hub")
LICENSE_NOT_STATED = "not stated"


@dataclass
class Catalog:
    models: pd.DataFrame
    offers: pd.DataFrame
    scores: pd.DataFrame
    report: dict = field(default_factory=dict)


def load_aliases(path: Path | None = None) -> dict[str, str]:
    """Curated alias -> canonical key (both normalised)."""
    path = path or BUNDLED_DATA_DIR / "aliases.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {normalise(r["alias"]): normalise(r["canonical"]) for r in csv.DictReader(fh) if r.get("alias")}


def load_openness_rules(path: Path | None = None) -> list[tuple[re.Pattern, dict]]:
    """Curated facts for families whose openness no source states (e.g. gpt-*, claude-*)."""
    path = path or BUNDLED_DATA_DIR / "openness_rules.csv"
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [(re.compile(r["pattern"]), r) for r in csv.DictReader(fh)]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


_INSTRUCT = re.compile(r"-instruct(-|$)")


def _hub_links(frames: dict[str, SourceFrames]) -> dict[tuple[str, str], str]:
    """(source, source_key) -> the Hub repo its record links to, leaving out links that are not the
    record's own model's repo, which neither join nor are shown:
    - it names a sibling the same source lists (llm-stats links DeepSeek-R1-0528 and R1-Zero to
      deepseek-ai/DeepSeek-R1, its deepseek-r1);
    - an instruct model links to a repo that is not one, its base (llm-stats: qwen2-72b-instruct ->
      Qwen/Qwen2-72B, which the Open LLM Leaderboard scores as a different model)."""
    links: dict[tuple[str, str], str] = {}
    for src, f in frames.items():
        names = {normalise(k) for k in f.facts["source_key"]}
        for key, hf in zip(f.facts["source_key"], f.facts["hf_id"], strict=False):
            repo = hf_key(hf)
            name, own = normalise(repo), normalise(key)
            sibling = name in names and name != own
            base = bool(_INSTRUCT.search(own)) and "instruct" not in name
            if repo and not (sibling or base):
                links[(src, str(key))] = repo
    return links


def load_curated(name: str, key: str) -> dict[str, dict]:
    """A curated CSV in data/ (every row with its reason), by its key column."""
    return {r[key]: r for r in curated.rows(name) if r.get(key)}


# Hub organisations that are the makers themselves: their repos join priced rows by name, like the
# Open LLM Leaderboard's own "official provider" flag.
MAKER_ORGS = frozenset(
    {"meta-llama", "mistralai", "qwen", "google", "microsoft", "deepseek-ai", "01-ai", "cohereforai", "nvidia",
     "ibm-granite", "tiiuae", "allenai", "huggingfaceh4", "huggingfacetb", "thudm", "zai-org", "moonshotai",
     "openai", "internlm", "baai", "ai21labs", "databricks", "snowflake", "upstage", "nousresearch"}
)  # fmt: skip


def _record_keys(
    frames: dict[str, SourceFrames], aliases: dict[str, str], hub_links: dict[tuple[str, str], str]
) -> dict[tuple[str, str], list[str]]:
    """(source, source_key) -> its join keys ('n:' name, 'h:' Hub id). A curated quarantined record
    gets none (it joins nothing and is left out); a moving pointer's name joins nothing by name."""
    quarantined = {(r["source"], k) for k, r in load_curated("quarantine.csv", "source_key").items()}
    pointers = {normalise(n) for n in load_curated("moving_pointers.csv", "name")}
    records: set[tuple[str, str]] = set()
    for src, f in frames.items():
        for table in (f.facts, f.offers, f.scores):
            records.update(zip([src] * len(table), table["source_key"].astype(str), strict=False))
    official = set()
    for src, f in frames.items():
        for key, own in zip(f.facts["source_key"], f.facts["official_repo"], strict=False):
            if own is True or str(key).split("/")[0].lower() in MAKER_ORGS:
                official.add((src, str(key)))
    keys: dict[tuple[str, str], list[str]] = {}
    for rec in records:
        src, key = rec
        out = []
        hf = hub_links.get(rec) or (hf_key(key) if src in HF_KEYED else "")
        if rec in quarantined:
            keys[rec] = []
            continue
        if normalise(key) in pointers and hf:
            keys[rec] = ["h:" + hf]  # OpenRouter's deepseek/deepseek-chat names its Hub repo: that model
            continue
        if src not in HF_KEYED or rec in official:
            # A maker's own Hub upload also joins by its name (mistralai/Mixtral-8x7B-Instruct-v0.1).
            name = normalise(key)
            if name:
                name = aliases.get(name, name)
                out.append("n:" + name)
        if hf:
            out.append("h:" + hf)
        keys[rec] = out
    return _latest_pointers(keys, _record_prices(frames), pointers)


def _record_prices(frames: dict[str, SourceFrames]) -> dict[tuple[str, str], tuple[float, float]]:
    out = {}
    for src, f in frames.items():
        priced = f.offers.dropna(subset=["price_in_usd_mtok", "price_out_usd_mtok"])
        for key, p_in, p_out in zip(
            priced["source_key"], priced["price_in_usd_mtok"], priced["price_out_usd_mtok"], strict=True
        ):
            out[(src, str(key))] = (float(p_in), float(p_out))
    return out


def _latest_pointers(keys: dict, prices: dict, pointers: set[str]) -> dict[tuple[str, str], list[str]]:
    """'grok-4-latest' is a route to grok-4, not a model, where the catalog has grok-4 at the same price
    ('chatgpt-4o-latest' has no 'chatgpt-4o'; 'gemini-pro-latest' serves a newer model than Gemini 1.0
    Pro at another price: each stays a name of its own)."""
    price_of_name: dict[str, set] = defaultdict(set)
    for rec, ks in keys.items():
        for k in ks:
            if k.startswith("n:") and rec in prices:
                price_of_name[k].add(prices[rec])
    names = {k for ks in keys.values() for k in ks if k.startswith("n:")}
    for rec, ks in keys.items():
        merged = []
        for k in ks:
            base = k[: -len("-latest")]
            same_price = rec not in prices or not price_of_name[base] or prices[rec] in price_of_name[base]
            latest = k.endswith("-latest") and base in names and k[2:] not in pointers
            merged.append(base if latest and same_price else k)
        keys[rec] = merged
    return keys


def _fix_records(frames: dict[str, SourceFrames]) -> dict[str, SourceFrames]:
    """Curated corrections of single upstream records (`data/record_fixes.csv`, each with its reason)."""
    fixes = load_curated("record_fixes.csv", "source_key")
    for key, fix in fixes.items():
        f = frames.get(fix["source"])
        if f is None:
            continue
        f.facts, f.offers = f.facts.copy(), f.offers.copy()  # the source's own frames stay as it sent them
        for table in (f.facts, f.offers):
            hit = table["source_key"] == key
            if fix.get("task") and "task" in table:
                table.loc[hit, "task"] = fix["task"]
            if fix.get("context_tokens") == "blank":
                table.loc[hit, "context_tokens"] = pd.NA
    return frames


def build(
    frames: dict[str, SourceFrames], aliases: dict[str, str] | None = None, rules=None, as_of: str | None = None
) -> Catalog:
    """`as_of` (YYYY-MM-DD, default today) decides which routes are deprecated by then."""
    aliases = load_aliases() if aliases is None else aliases
    rules = load_openness_rules() if rules is None else rules
    as_of = as_of or pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")
    # Sources in name order, not the order a parallel refresh finished in: ties break the same way every build.
    frames = _fix_records({name: copy.copy(frames[name]) for name in sorted(frames)})
    hub_links = _hub_links(frames)
    rec_keys = _record_keys(frames, aliases, hub_links)
    uf = _UnionFind()
    for keys in rec_keys.values():
        for k in keys:
            uf.find(k)
        for a, b in zip(keys, keys[1:], strict=False):
            uf.union(a, b)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rec, keys in rec_keys.items():
        if keys:
            groups[uf.find(keys[0])].append(rec)
    model_of_group = _canonical_ids(groups, rec_keys)
    model_of_record = {rec: model_of_group[root] for root, recs in groups.items() for rec in recs}

    offers = headline.clean_offers(_tag(frames, "offers", model_of_record))
    scores = _tag(frames, "scores", model_of_record)
    facts = _tag(frames, "facts", model_of_record)
    not_own = [(s, str(k)) not in hub_links for s, k in zip(facts["source"], facts["source_key"], strict=True)]
    facts.loc[not_own, "hf_id"] = None  # a link left out above is not shown either
    for col in ("context_tokens", "max_output_tokens"):  # 0 tokens is a blank field, not a limit
        facts.loc[facts[col] <= 0, col] = pd.NA
        offers.loc[offers[col] <= 0, col] = pd.NA
    models = _merge_facts(facts, model_of_group.values())
    models = _assign_tasks(models, scores, facts)
    models = headline.headline(models, offers, as_of)
    models = _link_variants(models, offers, groups, model_of_group, rec_keys)
    models = _derive(models, scores, groups, model_of_group, rules)
    models = identity.link_snapshots(models, _gateway_pointers(facts), identity.load_pointers())
    scores = identity.borrow_snapshot_scores(schema.conform(scores, "scores"), models)
    models["n_scores"] = models["model_id"].map(scores.groupby("model_id").size()).fillna(0)
    borrowed_text = models["model_id"].isin(set(scores.loc[scores["measured_on"].notna(), "model_id"]))
    models.loc[borrowed_text & (models["task"] == "other"), "task"] = "chat"  # it shows a chat board's scores
    catalog = Catalog(
        schema.conform(models, "models").sort_values("model_id").reset_index(drop=True),
        schema.conform(offers, "offers"),
        schema.conform(scores, "scores"),
    )
    catalog.report = coverage_report(catalog, frames, model_of_record)
    catalog.report["duplicates"] = audit.duplicates(catalog.models, catalog.offers, catalog.scores)
    catalog.report["disagreements"] = audit.disagreements(facts, offers)
    return catalog


def _gateway_pointers(facts: pd.DataFrame) -> dict[str, str]:
    """model id -> the normalised snapshot name a gateway says it serves."""
    said = facts.loc[facts["points_to"].notna(), ["model_id", "points_to"]]
    return {m: normalise(p) for m, p in zip(said["model_id"], said["points_to"], strict=True)}


def _canonical_ids(groups: dict[str, list], rec_keys: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    taken: set[str] = set()
    for root, recs in groups.items():
        candidates = []
        for rec in recs:
            names = [k[2:] for k in rec_keys[rec] if k.startswith("n:")]
            rank = ID_PRIORITY.index(rec[0]) if rec[0] in ID_PRIORITY else len(ID_PRIORITY)
            candidates += [(rank, len(n), n) for n in names]
        if candidates:
            model_id = min(candidates)[2]
        else:
            model_id = min(k[2:] for rec in recs for k in rec_keys[rec])
        while model_id in taken:  # never two models with one id
            model_id += "~"
        taken.add(model_id)
        out[root] = model_id
    return out


def _tag(frames: dict[str, SourceFrames], table: str, model_of_record: dict) -> pd.DataFrame:
    parts = []
    for src, f in frames.items():
        df = getattr(f, table).copy()
        if df.empty:
            continue
        df["source"] = src
        df["model_id"] = [model_of_record.get((src, str(k))) for k in df["source_key"]]
        parts.append(df[df["model_id"].notna()])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["model_id", "source", "source_key"])


def _first_by_priority(facts: pd.DataFrame, cols: list[str], priority: tuple[str, ...]) -> pd.DataFrame:
    rank = {s: i for i, s in enumerate(priority)}
    ranked = facts.assign(_rank=facts["source"].map(rank).fillna(len(rank))).sort_values("_rank", kind="stable")
    return ranked.groupby("model_id", sort=False)[cols].first()  # first non-missing value


def _consensus_by_priority(facts: pd.DataFrame, col: str, priority: tuple[str, ...]) -> pd.Series:
    """Per model, the most common value of `col` in the highest-priority source that has one;
    ties go to the value seen first."""
    rank = {s: i for i, s in enumerate(priority)}
    known = facts.loc[facts[col].notna(), ["model_id", "source", col]]
    known = known.assign(_rank=known["source"].map(rank).fillna(len(rank)))
    known = known[known["_rank"] == known.groupby("model_id")["_rank"].transform("min")]
    votes = known.groupby(["model_id", col], sort=False).size().rename("n").reset_index()
    votes = votes.sort_values("n", ascending=False, kind="stable")
    return votes.drop_duplicates("model_id").set_index("model_id")[col]


def _majority_task(facts: pd.DataFrame) -> pd.Series:
    """Most frequent task per model; ties go to the higher-priority source."""
    rank = {s: i for i, s in enumerate(FACT_PRIORITY)}
    # models.dev files every text-out model as text -> text, embeddings too: its "chat" is no vote.
    weak = (facts["source"] == "modelsdev") & (facts["task"] == "chat")
    others = set(facts.loc[~weak & facts["task"].notna(), "model_id"])
    votes = (
        facts[~(weak & facts["model_id"].isin(others))]
        .dropna(subset=["task"])
        .assign(_rank=lambda d: d["source"].map(rank).fillna(len(rank)))
    )
    tally = votes.groupby(["model_id", "task"]).agg(n=("task", "size"), best=("_rank", "min")).reset_index()
    tally = tally.sort_values(["model_id", "n", "best"], ascending=[True, False, True])
    return tally.drop_duplicates("model_id").set_index("model_id")["task"]


def _merge_facts(facts: pd.DataFrame, model_ids) -> pd.DataFrame:
    cols = [c for c in schema.FACTS if c not in ("source", "source_key")]
    merged = _first_by_priority(facts, cols, FACT_PRIORITY)
    for col, priority in COLUMN_PRIORITY.items():
        merged[col] = _first_by_priority(facts, [col], priority)[col].reindex(merged.index)
    for col in ROUTE_CONSENSUS:
        merged[col] = _consensus_by_priority(facts, col, FACT_PRIORITY).reindex(merged.index)
    # A model's task is what most of its records say (many routes, one odd mode).
    merged["task"] = _majority_task(facts).reindex(merged.index).astype("string")
    return merged.reindex(sorted(set(model_ids))).rename_axis("model_id").reset_index()


def _price_listed(models: pd.DataFrame, offers: pd.DataFrame) -> set[str]:
    """Models a price list (LiteLLM, OpenRouter, llm-stats) prices under their own name. LMArena's
    list prices are real but come with the ratings, so they do not make a rating joined."""
    listed = offers[(offers["source"] != "lmarena") & has_price(offers)]
    return set(listed["model_id"]) & set(models["model_id"])


# What a setting or a snapshot date does not change, so a variant no source describes has its base's:
# 'gpt-5-high' has gpt-5's context window and tools. Not the release date or the parameter count.
VARIANT_FACTS = (
    "creator", "open_weights", "license", "context_tokens", "max_output_tokens", "input_modalities",
    "output_modalities", "supports_tools", "supports_vision", "supports_reasoning", "supports_json",
    "deprecated_on",
)  # fmt: skip


def _link_variants(models: pd.DataFrame, offers: pd.DataFrame, groups, model_of_group, rec_keys) -> pd.DataFrame:
    """A model no price list sells under its own name (or whose name only adds a setting: o3-mini-high),
    whose name reduces to a priced model's, is
    that model's variant ('gpt-5-high' of 'gpt-5'). It borrows the base's price only when it has
    none of its own (LMArena's list price for the exact variant is more specific), and the facts in
    VARIANT_FACTS no source gives for it."""
    listed = _price_listed(models, offers)
    models = models.set_index("model_id")
    priced = set(models.index[has_price(models.reset_index()).to_numpy()])
    name_to_model: dict[str, str] = {}
    for root, recs in groups.items():
        for rec in recs:
            for k in rec_keys[rec]:
                if k.startswith("n:"):
                    name_to_model.setdefault(k[2:], model_of_group[root])
    models["variant_of"] = pd.NA
    models["setting"] = pd.NA
    for model_id in models.index:
        setting = identity.setting_of(model_id)
        if model_id in listed and not setting:
            continue  # a name a price list sells is a model, unless it only names a setting
        for base in variant_bases(model_id):
            target = name_to_model.get(base)
            if target in priced and target != model_id:
                models.loc[model_id, "variant_of"] = target
                models.loc[model_id, "setting"] = setting
                if model_id not in priced:
                    for col in (*PRICE_COLUMNS, "price_rule", "cheapest_in_usd_mtok", "cheapest_out_usd_mtok"):
                        models.loc[model_id, col] = models.loc[target, col]
                    models.loc[model_id, "price_source"] = f"{models.loc[target, 'price_source']} (price of {target})"
                for col in VARIANT_FACTS:
                    if pd.isna(models.loc[model_id, col]):
                        models.loc[model_id, col] = models.loc[target, col]
                break
    return models.reset_index()


def _assign_tasks(models: pd.DataFrame, scores: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """The strongest evidence first: a board that only rates one kind of model, then the output
    modality, then what the sources say; `data/task_overrides.csv` last, each row with its reason."""
    models = models.copy()
    board = scores["benchmark"].astype(str).str.split(":").str[0]
    image_rated = models["model_id"].isin(set(scores.loc[board == "arena_image", "model_id"]))
    text_rated = models["model_id"].isin(set(scores.loc[board.isin(TEXT_BOARDS), "model_id"]))
    outputs = models["output_modalities"].fillna("")
    image_out = outputs.str.contains("image") & ~outputs.str.contains("text")
    # A route that outputs pictures or video (LiteLLM's mode, OpenRouter's output modality) outweighs
    # a gateway's "chat" label, unless a text board rates the model.
    only_media = ~facts["output_modalities"].fillna("").str.contains("text")  # "text,image" is a chat model
    for media in ("image-generation", "video-generation"):
        stated = models["model_id"].isin(set(facts.loc[(facts["task"] == media) & only_media, "model_id"]))
        models.loc[stated & ~text_rated, "task"] = media
    models.loc[image_rated | image_out, "task"] = "image-generation"
    unknown = models["task"].isna() | (models["task"] == "other")
    models.loc[unknown & text_rated & ~image_rated, "task"] = "chat"
    models["task"] = models["task"].fillna("other")
    overrides = load_task_overrides()
    hit = models["model_id"].isin(overrides)
    models.loc[hit, "task"] = models.loc[hit, "model_id"].map(overrides)
    return models


# Boards that rate only text-generating models: a model rated there is a chat model at least.
TEXT_BOARDS = frozenset(
    {"arena_text", "arena_text_style", "arena_vision", "arena_vision_style", "aider_polyglot", "aa_intelligence",
     "aa_coding", "aa_agentic", "oll_average"}
)  # fmt: skip


def load_task_overrides(path: Path | None = None) -> dict[str, str]:
    """Curated model id -> task, for models no rule classes right (each row has its reason)."""
    return {r["model_id"]: r["task"] for r in curated.rows(path or "task_overrides.csv") if r.get("model_id")}


def _derive(models, scores, groups, model_of_group, rules) -> pd.DataFrame:
    models = models.copy()
    sources = defaultdict(set)
    for root, recs in groups.items():
        sources[model_of_group[root]].update(src for src, _ in recs)
    models["sources"] = models["model_id"].map(lambda m: ",".join(sorted(sources.get(m, ()))))
    for pattern, rule in rules:
        hit = models["model_id"].str.match(pattern)
        # An API-only family's curated facts overrule a source that calls it open (llm-stats lists
        # gemini-2.5-flash-lite under CC BY 4.0, its card's licence, though no weights are published).
        overrule = (rule.get("override") or "").lower() == "yes"
        for col in ("open_weights", "license", "creator"):
            value = rule.get(col) or None
            if value is None:
                continue
            if col == "open_weights":
                value = value.lower() == "true"
            target = hit if overrule and col != "creator" else hit & models[col].isna()
            models.loc[target, col] = value
    # Open weights with no licence stated grant no rights by default: say so, and
    # class them as restricted rather than leave them unknown or call them permissive.
    # Only where the Hub's own metadata was read (OLL, Hub) is an empty licence "not stated".
    hub_read = models["sources"].str.contains(r"\b(?:oll|hub)\b", regex=True)
    unstated = (models["open_weights"] == True) & models["license"].isna() & hub_read  # noqa: E712
    models.loc[unstated, "license"] = LICENSE_NOT_STATED
    models["license_class"] = models["license"].map(license_class)
    models.loc[models["license"] == LICENSE_NOT_STATED, "license_class"] = "open-restricted"
    closed = models["license_class"].isna() & (models["open_weights"] == False)  # noqa: E712
    models.loc[closed, "license_class"] = "proprietary"
    models["name"] = models["name"].fillna(models["model_id"])
    models["name"] = identity.name_with_setting(models)
    vision = models["supports_vision"].fillna(False).astype(bool)
    extra_in = models["input_modalities"].fillna("").str.contains("image|audio|video")
    models["multimodal"] = vision | extra_in
    return models


def coverage_report(catalog: Catalog, frames: dict[str, SourceFrames], model_of_record: dict) -> dict:
    models, scores = catalog.models, catalog.scores
    per_source = {}
    sources_of = dict(zip(models["model_id"], models["sources"].str.split(","), strict=False))
    for src, f in frames.items():
        keys = set(f.facts["source_key"]) | set(f.offers["source_key"]) | set(f.scores["source_key"])
        joined = sum(1 for k in keys if len(sources_of.get(model_of_record.get((src, k)), [])) > 1)
        per_source[src] = {
            "rows": f.rows,
            "names": len(keys),
            "joined": joined,
            "join_rate": round(joined / len(keys), 4) if keys else 0.0,
            "quarantined": len(f.quarantined),
        }
    priced = set(models.loc[has_price(models), "model_id"])
    scored = set(scores["model_id"])
    arena_full = scores[(scores["benchmark"] == "arena_text:full") & scores["measured_on"].isna()]
    arena_priced = arena_full["model_id"].isin(priced)
    listed = _price_listed(models, catalog.offers)
    reached = listed | set(models.loc[models["variant_of"].isin(listed), "model_id"])
    arena_listed = arena_full["model_id"].isin(reached)
    quality_models = models[models["model_id"].isin(scored)]
    # For curation: rated names no price list reaches, even if LMArena lists a price for them.
    unmatched = sorted(
        f"{row.source}\t{row.source_key}"
        for row in scores.drop_duplicates(["source", "source_key"]).itertuples()
        if row.model_id not in reached and row.source in ("lmarena", "aider", "openrouter")
    )
    return {
        "models": len(models),
        "offers": len(catalog.offers),
        "scores": len(scores),
        "per_source": per_source,
        "models_per_task": dict(Counter(models["task"]).most_common()),
        "models_with_price_and_score": len(priced & scored),
        "arena_full_models": len(arena_full),
        "arena_full_priced_share": round(float(arena_priced.mean()), 4) if len(arena_full) else 0.0,
        # The stricter join: a price list prices the rated model or the model it is a variant of.
        "arena_full_price_list_share": round(float(arena_listed.mean()), 4) if len(arena_full) else 0.0,
        "licence_class_known_share_scored": round(float(quality_models["license_class"].notna().mean()), 4)
        if len(quality_models)
        else 0.0,
        "unmatched": unmatched,
    }
