"""The catalog a person filters: one prepared table, pure filters, presets, URL state, export.

Everything here is plain pandas, tested without Streamlit; the page only draws widgets.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from llm_atlas import selfhost
from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.views import eligibility

# Headline quality columns shown in the table: (benchmark id, column, label).
HEADLINE_SCORES = (
    # LMArena's own default view is style-controlled, so that is the headline arena score.
    ("arena_text_style:full", "arena_style", "Arena score (style control)"),
    ("arena_text:full", "arena_score", "Arena score"),
    ("aa_intelligence", "aa_intelligence", "AA intelligence"),
    ("aider_polyglot", "aider_polyglot", "Aider polyglot %"),
    ("oll_average", "oll_average", "Open LLM LB avg"),
)
OPENNESS = ("open", "proprietary", "unknown")
CAPABILITIES = {
    "tools": "supports_tools",
    "vision": "supports_vision",
    "reasoning": "supports_reasoning",
    "json": "supports_json",
}
ARCHITECTURES = ("decoder-only", "encoder-only", "encoder-decoder")
MAX_PARAM_CHARS = 200
CATEGORICAL = ("task", "openness", "license_class", "license", "creator", "architecture")


@dataclass(frozen=True)
class Filters:
    """A view of the catalog. Empty tuples and None mean "no constraint"."""

    tasks: tuple[str, ...] = ()
    openness: tuple[str, ...] = ()
    license_classes: tuple[str, ...] = ()
    licenses: tuple[str, ...] = ()
    creators: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    architectures: tuple[str, ...] = ()
    moe_only: bool = False
    params_min: float | None = None
    params_max: float | None = None
    context_min: int | None = None
    capabilities: tuple[str, ...] = ()
    price_min: float | None = None  # input price, USD per 1M tokens
    price_max: float | None = None
    date_from: str | None = None  # YYYY-MM-DD
    date_to: str | None = None
    scored_only: bool = False
    search: str = ""
    fits_gb: float | None = None  # serving memory (selfhost.fits_memory_gb) at most this many GB
    include_deprecated: bool = False  # deprecated models are hidden unless asked for

    def active(self) -> list[str]:
        default = Filters()
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(default, f.name)]

    def without(self, name: str) -> Filters:
        return replace(self, **{name: getattr(Filters(), name)})


FILTER_LABELS = {
    "tasks": "Task",
    "openness": "Openness",
    "license_classes": "Licence class",
    "licenses": "Licence",
    "creators": "Creator",
    "providers": "Provider",
    "architectures": "Architecture",
    "moe_only": "Mixture of experts only",
    "params_min": "Min parameters",
    "params_max": "Max parameters",
    "context_min": "Min context",
    "capabilities": "Capabilities",
    "price_min": "Min input price",
    "price_max": "Max input price",
    "date_from": "Released from",
    "date_to": "Released until",
    "scored_only": "Has a quality score",
    "search": "Search",
    "include_deprecated": "Deprecated models hidden",
    "fits_gb": "Fits in GPU memory",
}

PRESETS: dict[str, tuple[str, Filters]] = {
    "gpu24": (
        "Permissive licence, runs on one 24 GB GPU",
        # The same memory estimate as Costs' self-hosting section (selfhost.py): 16-bit weights,
        # one 8,192-token request's KV cache from the model's own shape, 10 % overhead.
        Filters(openness=("open",), license_classes=("permissive",), fits_gb=24.0),
    ),
    "cheap_tools": (
        "Cheapest with tools and ≥128k context",
        Filters(capabilities=("tools",), context_min=128_000, price_max=1.0),
    ),
    "open_embeddings": ("Open models for embeddings", Filters(tasks=("embedding",), openness=("open",))),
    "stt_services": ("Speech-to-text services", Filters(tasks=("speech-to-text",), openness=("proprietary",))),
}


def prepare(snap: Snapshot) -> pd.DataFrame:
    """The table Explore filters: models plus providers, headline scores and a search key."""
    models = snap.models.copy()
    offers = snap.offers.dropna(subset=["provider"])
    providers = offers.groupby("model_id")["provider"].agg(lambda s: ",".join(sorted(set(s))))
    models["providers"] = models["model_id"].map(providers).astype("string")
    scores = snap.scores
    for bench, col, _ in HEADLINE_SCORES:
        best = scores[scores["benchmark"] == bench].groupby("model_id")["value"].max()
        models[col] = models["model_id"].map(best).astype("Float64")
    models["openness"] = (
        models["open_weights"].map({True: "open", False: "proprietary"}).astype("string").fillna("unknown")
    )
    models["search_key"] = (models["model_id"] + " " + models["name"].fillna("")).str.lower()
    models["link"] = models["url"].where(models["url"].str.match(r"^https?://", na=False))
    models = selfhost.attach_shapes(models, selfhost.load_shapes())
    models["fits_memory_gb"] = selfhost.fits_memory_gb(models["params_b"], models["kv_bytes_per_token"])
    # Few distinct values: categoricals make isin() cheap at Hub scale.
    for col in CATEGORICAL:
        models[col] = models[col].astype("category")
    return models


def _in(series: pd.Series, values: tuple[str, ...]) -> pd.Series:
    return pd.Series(series.isin(values), index=series.index, dtype=bool)


def _mask(df: pd.DataFrame, name: str, value, provider_models: set[str] | None = None) -> pd.Series:
    """The rows one filter keeps."""
    if name == "tasks":
        return _in(df["task"], value)
    if name == "openness":
        return _in(df["openness"], value)
    if name == "license_classes":
        return _in(df["license_class"], value)
    if name == "licenses":
        return _in(df["license"], value)
    if name == "creators":
        return _in(df["creator"], value)
    if name == "providers":
        return df["model_id"].isin(provider_models or set())
    if name == "architectures":
        return _in(df["architecture"], value)
    if name == "moe_only":
        return (df["moe"] == True).fillna(False).astype(bool)  # noqa: E712
    if name == "params_min":
        return (df["params_b"] >= value).fillna(False).astype(bool)
    if name == "params_max":
        return (df["params_b"] <= value).fillna(False).astype(bool)
    if name == "context_min":
        return (df["context_tokens"] >= value).fillna(False).astype(bool)
    if name == "capabilities":
        keep = pd.Series(True, index=df.index)
        for cap in value:
            keep &= (df[CAPABILITIES[cap]] == True).fillna(False).astype(bool)  # noqa: E712
        return keep
    if name == "price_min":
        return (df["price_in_usd_mtok"] >= value).fillna(False).astype(bool)
    if name == "price_max":
        return (df["price_in_usd_mtok"] <= value).fillna(False).astype(bool)
    if name == "date_from":
        return (df["release_date"] >= value).fillna(False).astype(bool)
    if name == "date_to":
        return (df["release_date"] <= value).fillna(False).astype(bool)
    if name == "scored_only":
        return (df["n_scores"] > 0).fillna(False).astype(bool)
    if name == "include_deprecated":
        return pd.Series(True, index=df.index)
    if name == "fits_gb":
        return (df["fits_memory_gb"] <= value).fillna(False).astype(bool)
    if name == "search":
        return df["search_key"].str.contains(value.lower(), regex=False).fillna(False).astype(bool)
    raise KeyError(name)


def provider_model_ids(offers: pd.DataFrame, providers: tuple[str, ...]) -> set[str]:
    return set(offers.loc[offers["provider"].isin(providers), "model_id"])


@dataclass
class FilterResult:
    source: pd.DataFrame
    mask: pd.Series
    steps: list[tuple[str, int]] = field(default_factory=list)  # (filter, models left after it)

    @property
    def rows(self) -> pd.DataFrame:
        """The kept rows, every column (materialised on demand: it copies)."""
        return self.source[self.mask]

    @property
    def count(self) -> int:
        return int(self.mask.sum())

    @property
    def emptied_by(self) -> str | None:
        """The first filter after which nothing was left."""
        return next((name for name, left in self.steps if left == 0), None)


def apply(
    df: pd.DataFrame, filters: Filters, offers: pd.DataFrame | None = None, today: str | None = None
) -> FilterResult:
    """Apply every active filter in declaration order, counting what each leaves.

    Deprecated models go first (unless `include_deprecated`), as a funnel step when any is hidden.
    """
    keep = pd.Series(True, index=df.index)
    steps = []
    if not filters.include_deprecated:
        deprecated = eligibility.is_deprecated(df, today)
        if deprecated.any():
            keep &= ~deprecated
            steps.append(("include_deprecated", int(keep.sum())))
    for name in filters.active():
        if name == "include_deprecated":
            continue
        value = getattr(filters, name)
        pm = provider_model_ids(offers, value) if name == "providers" and offers is not None else None
        keep &= _mask(df, name, value, pm)
        steps.append((name, int(keep.sum())))
    return FilterResult(df, keep, steps)


# --- URL state -------------------------------------------------------------------------

_LIST_PARAMS = {
    "task": "tasks",
    "open": "openness",
    "license_class": "license_classes",
    "license": "licenses",
    "creator": "creators",
    "provider": "providers",
    "arch": "architectures",
    "cap": "capabilities",
}
_NUMBER_PARAMS = {
    "params_min": "params_min",
    "params_max": "params_max",
    "context_min": "context_min",
    "price_min": "price_min",
    "price_max": "price_max",
    "fits_gb": "fits_gb",
}
_DATE_PARAMS = {"from": "date_from", "to": "date_to"}
_FLAG_PARAMS = {"moe": "moe_only", "scored": "scored_only", "deprecated": "include_deprecated"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KNOWN_PARAMS = {*_LIST_PARAMS, *_NUMBER_PARAMS, *_DATE_PARAMS, *_FLAG_PARAMS, "q", "model", "preset"}


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Text from a URL shown through st.markdown/st.info stays text: no links, no emphasis,
    no LaTeX, no HTML (which Streamlit escapes anyway)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _CONTROL.sub("?", text))


def unknown_params(keys, known) -> list[str]:
    """Notices for URL parameters a page does not read."""
    return [_unknown_notice(k) for k in keys if k not in known]


def _unknown_notice(key: str) -> str:
    return f"Unknown parameter '{_CONTROL.sub('?', key)[:40]}' ignored."


def screened(params: Mapping[str, list[str]], known) -> Iterator[tuple[str, str | None, str | None]]:
    """Each URL parameter in order, as (key, its one value, None) when a page may parse it, or
    (key, None, notice) when it is unknown, repeated, over-long or has control characters."""
    for key, raw_values in params.items():
        shown = _CONTROL.sub("?", key)[:40]
        if key not in known:
            yield key, None, _unknown_notice(key)
        elif len(raw_values) != 1:
            yield key, None, f"Parameter '{shown}' given {len(raw_values)} times; ignored."
        elif len(raw_values[0]) > MAX_PARAM_CHARS or _CONTROL.search(raw_values[0]):
            yield key, None, f"Parameter '{shown}' is too long or has control characters; ignored."
        else:
            yield key, raw_values[0], None


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def vocabularies(df: pd.DataFrame, offers: pd.DataFrame) -> dict[str, set[str]]:
    """What each list filter may hold: anything else in a URL is ignored."""
    return {
        "tasks": set(df["task"].dropna()),
        "openness": set(OPENNESS),
        "license_classes": set(df["license_class"].dropna()),
        "licenses": set(df["license"].dropna()),
        "creators": set(df["creator"].dropna()),
        "providers": set(offers["provider"].dropna()),
        "architectures": set(ARCHITECTURES),
        "capabilities": set(CAPABILITIES),
    }


def to_query_params(filters: Filters, model: str | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in _LIST_PARAMS.items():
        if getattr(filters, name):
            out[key] = ",".join(getattr(filters, name))
    for key, name in _NUMBER_PARAMS.items():
        value = getattr(filters, name)
        if value is not None:
            out[key] = f"{value:g}"
    for key, name in _DATE_PARAMS.items():
        if getattr(filters, name):
            out[key] = getattr(filters, name)
    for key, name in _FLAG_PARAMS.items():
        if getattr(filters, name):
            out[key] = "1"
    if filters.search:
        out["q"] = filters.search
    if model:
        out["model"] = model
    return out


def from_query_params(
    params: Mapping[str, list[str]], vocab: dict[str, set[str]]
) -> tuple[Filters, str | None, list[str]]:
    """Parse URL parameters ({key: [values]}) into filters, a model id and notices.

    Anything unknown, repeated, over-long, with control characters, or out of range is
    ignored with a short notice; nothing here raises.
    """
    notices: list[str] = []
    values: dict[str, object] = {}
    model = None
    if "preset" in params and len(params["preset"]) == 1 and params["preset"][0] in PRESETS:
        values.update({f.name: getattr(PRESETS[params["preset"][0]][1], f.name) for f in fields(Filters)})
    for key, raw, notice in screened(params, KNOWN_PARAMS):
        if notice:
            notices.append(notice)
            continue
        if key == "preset":
            if raw not in PRESETS:
                notices.append(f"Unknown preset ignored: '{raw[:40]}'.")
            continue
        problem = _parse_one(key, raw, vocab, values)
        if problem:
            notices.append(problem)
        if key == "model":
            model = raw
    return Filters(**values), model, notices


def _parse_one(key: str, raw: str, vocab: dict[str, set[str]], values: dict) -> str | None:
    if key in _LIST_PARAMS:
        name = _LIST_PARAMS[key]
        items = tuple(dict.fromkeys(x.strip() for x in raw.split(",") if x.strip()))
        unknown = [x for x in items if x not in vocab[name]]
        known = tuple(x for x in items if x in vocab[name])
        if known:
            values[name] = known
        if unknown:
            return f"Unknown {FILTER_LABELS[name].lower()} value(s) ignored: {', '.join(u[:30] for u in unknown[:3])}."
        return None
    if key in _NUMBER_PARAMS:
        try:
            number = float(raw)
        except ValueError:
            return f"'{key}' must be a number; ignored."
        if not math.isfinite(number) or number < 0 or number > 1e12:
            return f"'{key}' is out of range; ignored."
        values[_NUMBER_PARAMS[key]] = int(number) if key == "context_min" else number
        return None
    if key in _DATE_PARAMS:
        if not _DATE.match(raw) or not _is_date(raw):
            return f"'{key}' must be a date YYYY-MM-DD; ignored."
        values[_DATE_PARAMS[key]] = raw
        return None
    if key in _FLAG_PARAMS:
        if raw not in ("0", "1", "true", "false"):
            return f"'{key}' must be 1 or 0; ignored."
        values[_FLAG_PARAMS[key]] = raw in ("1", "true")
        return None
    if key == "q":
        values["search"] = raw
    return None


# --- the table, detail and export ----------------------------------------------------------

TABLE_COLUMNS = [
    "name",
    "model_id",
    "creator",
    "task",
    "openness",
    "license_class",
    "license",
    "params_b",
    "context_tokens",
    "price_in_usd_mtok",
    "price_out_usd_mtok",
    "price_per_image_usd",
    "price_per_audio_min_usd",
    "price_per_mchar_usd",
    *[c for _, c, _ in HEADLINE_SCORES],
    "release_date",
    "downloads",
    "link",
]


def table(rows: pd.DataFrame | FilterResult, search: str = "") -> pd.DataFrame:
    """Only the shown columns, so nothing hidden is sent to the browser; price columns no row uses are
    dropped. With a search, the best matches come first (see `search_rank`), else catalog order."""
    out = rows.source.loc[rows.mask, TABLE_COLUMNS] if isinstance(rows, FilterResult) else rows[TABLE_COLUMNS]
    unused = [
        c for c in ("price_per_image_usd", "price_per_audio_min_usd", "price_per_mchar_usd") if out[c].isna().all()
    ]
    out = out.drop(columns=unused)
    if search.strip():
        out = out.iloc[search_rank(out, search).argsort(kind="stable")]
    return out.reset_index(drop=True)


def search_rank(rows: pd.DataFrame, search: str) -> pd.Series:
    """How well each row matches a search, 0 best: the id itself, then the name itself, an id or a
    name starting with it, a word of either starting with it, anything else ("gpt-4o" finds gpt-4o
    before chatgpt-4o-latest)."""
    query = search.strip().lower()
    # Arrow's string kernels: pandas' own regex path was ~6x slower on 15,000 matches.
    ids = pc.utf8_lower(pc.fill_null(pa.array(rows["model_id"], type=pa.string()), ""))
    names = pc.utf8_lower(pc.fill_null(pa.array(rows["name"], type=pa.string()), ""))
    word = r"(?:^|[-_/.:\s(])" + re.escape(query)
    tests = [
        lambda: pc.equal(ids, query),
        lambda: pc.equal(names, query),
        lambda: pc.starts_with(ids, query),
        lambda: pc.starts_with(names, query),
        lambda: pc.or_(pc.match_substring_regex(ids, word), pc.match_substring_regex(names, word)),
    ]
    ranks = np.full(len(rows), len(tests))
    for rank, test in reversed(list(enumerate(tests))):  # the best rank a row meets wins
        ranks[test().to_numpy(zero_copy_only=False)] = rank
    return pd.Series(ranks, index=rows.index)


def detail(snap: Snapshot, prepared: pd.DataFrame, model_id: str) -> dict | None:
    hit = prepared[prepared["model_id"] == model_id]
    if hit.empty:
        return None
    offers = snap.offers[snap.offers["model_id"] == model_id]
    scores = snap.scores[snap.scores["model_id"] == model_id].sort_values(["source", "benchmark"])
    manifest = snap.manifest.get("sources", {})
    scores = scores.assign(
        as_of=scores["date"].fillna(scores["source"].map(lambda s: manifest.get(s, {}).get("data_as_of")))
    )
    return {"model": hit.iloc[0], "offers": offers.reset_index(drop=True), "scores": scores.reset_index(drop=True)}


def _known(value) -> bool:
    return not pd.isna(value)  # None, NaN and pd.NA alike


def variant_note(m: pd.Series) -> str:
    """What a variant's price is: its base model's, or LMArena's list price for the variant itself."""
    base = m["variant_of"]
    if f"(price of {base})" in str(m["price_source"]):
        return f"Priced as its base model **{base}** ({m['price_source']})."
    return f"A variant of **{base}**; the price shown is listed for this variant itself ({m['price_source']})."


def headline_facts(m: pd.Series) -> dict[str, str]:
    """The four facts at the top of a model's detail, as display text ('unknown' when missing)."""
    return {
        "Openness": str(m["openness"]),
        "Licence": str(m["license"]) if _known(m["license"]) else "unknown",
        "Parameters": f"{float(m['params_b']):,.1f} B" if _known(m["params_b"]) else "unknown",
        "Context (tokens)": f"{int(m['context_tokens']):,}" if _known(m["context_tokens"]) else "unknown",
    }


def _usd(value: float) -> str:
    return f"${value:,.4g}"  # four figures: a route at $2.499 is cheaper than one at $2.50


def price_lines(m: pd.Series) -> list[str]:
    """How the headline price was chosen, and the cheapest paid route beside it ("from $X at Y")."""
    out = []
    if _known(m.get("price_in_usd_mtok")) and _known(m.get("price_out_usd_mtok")):
        rule = m.get("price_rule") if _known(m.get("price_rule")) else "as listed"
        out.append(
            f"Price {_usd(float(m['price_in_usd_mtok']))} in / {_usd(float(m['price_out_usd_mtok']))} out per 1M "
            f"tokens: {rule} ({m['price_source']})."
        )
        cheap_in, cheap_out = m.get("cheapest_in_usd_mtok"), m.get("cheapest_out_usd_mtok")
        cheaper = _known(cheap_in) and _known(cheap_out)
        cheaper = cheaper and not (
            math.isclose(float(cheap_in), float(m["price_in_usd_mtok"]))
            and math.isclose(float(cheap_out), float(m["price_out_usd_mtok"]))
        )
        if cheaper:
            out.append(f"From {_usd(float(cheap_in))} in / {_usd(float(cheap_out))} out at {m['cheapest_source']}.")
    return out


def status_lines(m: pd.Series, today: str | None = None) -> list[str]:
    """Dates a person must not misread: retirement, a gateway's listing date, the snapshot a name serves."""
    out = []
    if _known(m.get("deprecated_on")):
        when = str(m["deprecated_on"])[:10]
        passed = when <= (today or pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d"))
        out.append(
            f"{'Deprecated since' if passed else 'Scheduled for retirement on'} {when} (its maker's route says so)."
        )
    if not _known(m.get("release_date")) and _known(m.get("listed_on")):
        out.append(f"Release date unknown; listed on a gateway (OpenRouter) on {m['listed_on']}.")
    if _known(m.get("points_to")):
        out.append(f"This name serves the dated snapshot {m['points_to']}; scores measured on it say so.")
    if _known(m.get("snapshot_of")):
        out.append(f"A dated snapshot of {m['snapshot_of']}.")
    return out


def hub_facts(m: pd.Series) -> str | None:
    """Downloads, likes and base model of an open model, or None for others."""
    if not _known(m["open_weights"]) or not bool(m["open_weights"]):  # unknown or proprietary
        return None
    parts = []
    if _known(m["downloads"]):
        parts.append(f"downloads (30 d): {int(m['downloads']):,}")
    if _known(m["likes"]):
        parts.append(f"likes: {int(m['likes']):,}")
    if _known(m["base_model"]):
        parts.append(f"base model: {m['base_model']}")
    if _known(m["hf_id"]):
        parts.append(f"Hub id: {m['hf_id']}")
    return " · ".join(parts) if parts else "no Hub facts in this snapshot"


LICENSE_NOTES = {
    "permissive": "Permissive: commercial use, changes and redistribution allowed, usually with attribution.",
    "open-restricted": "Open weights with conditions: read the licence for limits on commercial use, user counts, or acceptable use.",
    "proprietary": "Proprietary: use through the owner's API under its terms; weights are not available.",
}


def export_header(snap: Snapshot, n_rows: int) -> str:
    sources = ", ".join(f"{n} ({m.get('data_as_of', '?')})" for n, m in snap.manifest.get("sources", {}).items())
    return f"# LLM Atlas export: {n_rows} models; snapshot built {snap.built_at}; sources: {sources}"


def to_csv(snap: Snapshot, rows: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    buf.write(export_header(snap, len(rows)) + "\n")
    rows.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


def to_parquet(snap: Snapshot, rows: pd.DataFrame) -> bytes:
    tbl = pa.Table.from_pandas(rows, preserve_index=False)
    tbl = tbl.replace_schema_metadata(
        {**(tbl.schema.metadata or {}), b"llm_atlas": export_header(snap, len(rows)).encode()}
    )
    buf = io.BytesIO()
    pq.write_table(tbl, buf)
    return buf.getvalue()
