"""Which records are one model, and its id.

Records that share a normalised name or a Hugging Face repo id are one model (union-find); a curated
alias joins two names, a quarantined record joins nothing. Each group is named by its most API-like id.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from llm_atlas import BUNDLED_DATA_DIR
from llm_atlas.pipeline import curated
from llm_atlas.pipeline.frames import SourceFrames
from llm_atlas.pipeline.normalise import hf_key, normalise

# Which source names the model: API-style ids first.
ID_PRIORITY = ("llmstats", "litellm", "modelsdev", "openrouter", "lmarena", "aider")
# Sources whose keys are Hub repo ids, joined only through those ids.
HF_KEYED = ("oll", "hub")


def load_aliases(path: Path | None = None) -> dict[str, str]:
    """Curated alias -> canonical key (both normalised)."""
    path = path or BUNDLED_DATA_DIR / "aliases.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {normalise(r["alias"]): normalise(r["canonical"]) for r in csv.DictReader(fh) if r.get("alias")}


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


def hub_links(frames: dict[str, SourceFrames]) -> dict[tuple[str, str], str]:
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


def record_keys(
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


def group_records(rec_keys: dict[tuple[str, str], list[str]]) -> dict[str, list[tuple[str, str]]]:
    """Records that share any join key, transitively: group root -> its records."""
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
    return groups


def canonical_ids(groups: dict[str, list], rec_keys: dict) -> dict[str, str]:
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


def with_model_ids(frames: dict[str, SourceFrames], table: str, model_of_record: dict) -> pd.DataFrame:
    """One table (facts, offers or scores) of every source, each row with its source and model id; rows
    of records that joined no model (quarantined) are left out."""
    parts = []
    for src, f in frames.items():
        df = getattr(f, table).copy()
        if df.empty:
            continue
        df["source"] = src
        df["model_id"] = [model_of_record.get((src, str(k))) for k in df["source_key"]]
        parts.append(df[df["model_id"].notna()])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["model_id", "source", "source_key"])
