"""Home's "What are you building?" cards: per use case, the top picks with one line of why each
(figures and their dates), and the page (with query parameters) that answers it pre-filtered."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from llm_atlas import benchmarks
from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.views import analysis, explore

BLEND_RATIO = 3.0  # input:output tokens, as the common leaderboards blend prices


@dataclass(frozen=True)
class UseCase:
    key: str
    title: str
    blurb: str
    tasks: tuple[str, ...]
    metric: str | None  # quality benchmark id, None where the data has no quality board
    price: str  # "blend" (tokens) or a unit price column
    page: str
    params: dict[str, str] = field(default_factory=dict)
    open_fits_gb: float | None = None  # self-hosting: only open models that fit this memory
    license_classes: tuple[str, ...] = ()  # only these licence classes (self-hosting: permissive)
    also_metrics: tuple[str, ...] = ()  # tried in order when no candidate has `metric`
    extra_link: tuple[str, str, dict[str, str]] | None = None  # (page, label, query params)
    chart_params: dict[str, str] | None = None  # Quality vs cost view, used once the data has `metric`


USE_CASES = (
    UseCase("chat", "Chatbot or assistant", "A support bot, a writing helper, an internal assistant.",
            ("chat",), "arena_text_style:full", "blend", "app_pages/quality_cost.py",
            {"task": "chat", "metric": "arena_text_style:full"}),
    UseCase("coding", "Coding", "Code completion, an agent that edits a repository, code review.",
            ("chat", "code"), "aider_polyglot", "blend", "app_pages/quality_cost.py",
            {"task": "chat,code", "metric": "aider_polyglot"}),
    UseCase("rag", "RAG and embeddings", "Answers from your own documents: an embedding model finds, a chat model writes.",
            ("embedding",), None, "price_in_usd_mtok", "app_pages/explore.py",
            {"task": "embedding", "sort": "price"},
            extra_link=("app_pages/wizard.py", "Fine-tune or RAG? Ask the wizard", {"path": "0.0"})),
    UseCase("transcription", "Transcription", "Meetings, calls and podcasts to text.",
            ("speech-to-text",), None, "price_per_audio_min_usd", "app_pages/explore.py",
            {"task": "speech-to-text", "sort": "price"}),
    UseCase("voice", "Voice", "Text read aloud: narration, a voice assistant's answers.",
            ("text-to-speech",), None, "price_per_mchar_usd", "app_pages/explore.py",
            {"task": "text-to-speech", "sort": "price"}),
    UseCase("image", "Image generation", "Pictures from a description: illustrations, product shots, edits.",
            ("image-generation",), "arena_image:full", "price_per_image_usd", "app_pages/explore.py",
            {"task": "image-generation", "sort": "price"},
            chart_params={"task": "image-generation", "metric": "arena_image:full", "x": "image_price"}),
    UseCase("selfhost", "Self-hosting on my GPU", "A permissively licensed open model on one 24 GB card (RTX 4090, A10G, L4).",
            ("chat", "code"), "arena_text_style:full", "blend", "app_pages/explore.py",
            {"preset": "gpu24", "sort": "quality"}, open_fits_gb=24.0, license_classes=("permissive",),
            also_metrics=("oll_average",)),
)  # fmt: skip
UNIT_WORDS = {
    "price_in_usd_mtok": "per 1M input tokens",
    "price_per_audio_min_usd": "per audio minute",
    "price_per_mchar_usd": "per 1M characters",
    "price_per_image_usd": "per image",
}


@dataclass(frozen=True)
class Pick:
    kind: str  # "Best quality", "Best value", "Best open weights", ...
    model_id: str
    name: str
    why: str


def _source_date(manifest: dict, source: str) -> str:
    return str(manifest.get("sources", {}).get(source, {}).get("data_as_of") or "date unknown")


def _price_note(row: pd.Series, use: UseCase, manifest: dict) -> str:
    source = str(row.get("price_source") or "").split(":")[0].strip()
    date = f" ({source}, {_source_date(manifest, source)})" if source else ""
    if use.price == "blend":
        return f"${row['blended']:.3g} per 1M tokens blended 3:1{date}"
    return f"${row[use.price]:.3g} {UNIT_WORDS[use.price]}{date}"


def _score_note(row: pd.Series, label: str, manifest: dict) -> str:
    bounds = ""
    if pd.notna(row.get("ci_low")) and pd.notna(row.get("ci_high")):
        bounds = f" (95 %: {row['ci_low']:.0f}–{row['ci_high']:.0f})"
    date = row["date"] if isinstance(row.get("date"), str) else _source_date(manifest, row["source"])
    return f"{label} {row['value']:.4g}{bounds}, {row['source']} {date}"


def _licence(row: pd.Series) -> str:
    return str(row["license"]) if isinstance(row.get("license"), str) and row["license"] else "unknown"


def candidates(prepared: pd.DataFrame, use: UseCase) -> pd.DataFrame:
    """The use case's models, deprecated ones hidden as everywhere else."""
    rows = explore.apply(prepared, explore.Filters(tasks=use.tasks)).rows
    if use.open_fits_gb is not None:
        rows = rows[(rows["openness"] == "open") & (rows["fits_memory_gb"] <= use.open_fits_gb)]
    if use.license_classes:
        rows = rows[rows["license_class"].isin(use.license_classes)]
    return rows


def picks(snap: Snapshot, prepared: pd.DataFrame, use: UseCase) -> list[Pick]:
    """The top picks for a use case, computed from the snapshot; an empty list when it has none."""
    rows = candidates(prepared, use).copy()
    manifest = snap.manifest
    price_in, price_out = rows["price_in_usd_mtok"].astype(float), rows["price_out_usd_mtok"].astype(float)
    rows["blended"] = analysis.blended_price(price_in, price_out, BLEND_RATIO)
    price_col = "blended" if use.price == "blend" else use.price
    priced = rows[pd.to_numeric(rows[price_col], errors="coerce").astype(float) > 0]
    out: list[Pick] = []
    scores, metric = snap.scores.iloc[0:0], use.metric
    for metric in [m for m in (use.metric, *use.also_metrics) if m]:
        scores = snap.scores[(snap.scores["benchmark"] == metric) & snap.scores["model_id"].isin(rows["model_id"])]
        if len(scores):
            break
    if len(scores):
        best = scores.sort_values("value", ascending=False).drop_duplicates("model_id").set_index("model_id")
        label = benchmarks.readable(str(metric), str(best["benchmark_label"].iloc[0]))
        scored = rows.join(best[["value", "ci_low", "ci_high", "source", "date"]], on="model_id", how="inner")
        scored = scored.sort_values("value", ascending=False)
        if len(scored):
            top = scored.iloc[0]
            price = f"; {_price_note(top, use, manifest)}" if pd.notna(top[price_col]) and top[price_col] > 0 else ""
            kind = "Best permissive open model that fits 24 GB" if use.open_fits_gb else "Best quality"
            fits = f"; needs {top['fits_memory_gb']:.1f} GB at 16-bit" if use.open_fits_gb else ""
            out.append(Pick(kind, top["model_id"], top["name"], _score_note(top, label, manifest) + price + fits))
        both = scored[pd.to_numeric(scored[price_col], errors="coerce").astype(float) > 0]
        if len(both) >= 2 and not use.open_fits_gb:
            frontier = both[analysis.pareto_frontier(both[price_col].astype(float), both["value"].astype(float))]
            good = frontier[frontier["value"] >= both["value"].quantile(0.75)].sort_values(price_col)
            if len(good):
                v = good.iloc[0]
                out.append(Pick("Best value", v["model_id"], v["name"],
                                f"{_score_note(v, label, manifest)}; {_price_note(v, use, manifest)}; the cheapest "
                                "model in the top quarter that nothing cheaper beats"))  # fmt: skip
            open_scored = scored[scored["openness"] == "open"]
            if len(open_scored):
                o = open_scored.iloc[0]
                out.append(Pick("Best open weights", o["model_id"], o["name"],
                                f"{_score_note(o, label, manifest)}; licence {_licence(o)}"))  # fmt: skip
    if not out or use.open_fits_gb:  # no quality board: the cheapest priced; and the open one people use most
        if not out and len(priced):
            c = priced.sort_values(price_col).iloc[0]
            out.append(
                Pick(
                    "Cheapest",
                    c["model_id"],
                    c["name"],
                    _price_note(c, use, manifest) + "; no quality board for this task in the data",
                )
            )
        # Open weights with a figure to show: Hub downloads, else a hosted price.
        open_rows = rows[(rows["openness"] == "open") & ~rows["model_id"].isin([p.model_id for p in out])]
        price = pd.to_numeric(open_rows[price_col], errors="coerce").astype(float)
        open_rows = open_rows.assign(_price=price.where(price > 0))
        open_rows = open_rows[open_rows["downloads"].notna() | open_rows["_price"].notna()]
        if len(open_rows):
            o = open_rows.sort_values(["downloads", "_price"], ascending=[False, True], na_position="last").iloc[0]
            parts = [f"{int(o['downloads']):,} Hub downloads in 30 days"] if pd.notna(o["downloads"]) else []
            if pd.notna(o["_price"]):
                parts.append(f"hosted from {_price_note(o, use, manifest)}")
            out.append(Pick("Open weights", o["model_id"], o["name"], "; ".join([*parts, f"licence {_licence(o)}"])))
    return out


def link_for(use: UseCase, benchmarks_present: set[str]) -> tuple[str, dict[str, str]]:
    """Where a card opens: its chart on Quality vs cost when the data has its quality board, else its page."""
    if use.chart_params and use.metric in benchmarks_present:
        return "app_pages/quality_cost.py", use.chart_params
    return use.page, use.params
