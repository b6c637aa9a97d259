"""The eight everyday journeys of issue 17, in Chromium: each answered in at most three interactions
from its entry page, each asserting the model name and the figure a person reads. Expected answers are
computed here from the package's building blocks on the bundled snapshot, not read back from a page."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from llm_atlas.pipeline import snapshot
from llm_atlas.views import analysis, explore, monthly_cost
from tests.conftest import BUNDLED
from tests.e2e.conftest import wait_rendered

STYLE = "arena_text_style:full"


@pytest.fixture(scope="module")
def snap():
    return snapshot.load(BUNDLED)


@pytest.fixture(scope="module")
def prepared(snap):
    return explore.prepare(snap)


def name_of(prepared, model_id: str) -> str:
    return str(prepared.set_index("model_id").loc[model_id, "name"])


def cheapest_for(snap, prepared, workload, floor_quantile=None):
    """The cheapest chat model for a workload whose context holds one request, optionally only those
    at or above a quantile of the whole style-controlled arena board."""
    chat = explore.apply(prepared, explore.Filters(tasks=("chat",)), snap.offers).rows
    priced = monthly_cost.price_offers(snap.offers[snap.offers["model_id"].isin(set(chat["model_id"]))], workload)
    own = pd.to_numeric(priced["context_tokens"], errors="coerce").astype(float)
    context = own.where(own > 0, priced["model_id"].map(chat.set_index("model_id")["context_tokens"]).astype(float))
    need = workload.input_tokens + workload.output_tokens
    priced = priced[(context >= need) | (context.isna() & (need <= 128_000))]
    if floor_quantile is not None:
        board = snap.scores[snap.scores["benchmark"] == STYLE].groupby("model_id")["value"].max()
        good = set(board[board >= board.quantile(floor_quantile)].index)
        priced = priced[priced["model_id"].isin(good)]
    return monthly_cost.cheapest_per_model(priced).iloc[0]


def metric_text(page) -> str:
    metric = page.get_by_test_id("stMetric").first
    metric.wait_for(timeout=30_000)
    return metric.inner_text()


def test_1_best_quality_per_dollar_for_a_support_chatbot(app_server, page, snap, prepared):
    """Home, read the chatbot card's best value; one click opens Quality vs cost on the same view."""
    chat = explore.apply(prepared, explore.Filters(tasks=("chat",)), snap.offers).rows
    board = snap.scores[snap.scores["benchmark"] == STYLE].sort_values("value").drop_duplicates("model_id", keep="last")
    rows = chat.merge(board[["model_id", "value"]], on="model_id")
    rows["blended"] = analysis.blended_price(
        rows["price_in_usd_mtok"].astype(float), rows["price_out_usd_mtok"].astype(float), 3.0
    )
    rows = rows[rows["blended"] > 0]
    front = rows[analysis.pareto_frontier(rows["blended"], rows["value"].astype(float))]
    value = front[front["value"] >= rows["value"].quantile(0.75)].sort_values("blended").iloc[0]

    page.goto(app_server.url)
    wait_rendered(page, "LLM Atlas")
    page.get_by_text(f"Best value: {value['name']}").wait_for(timeout=30_000)
    assert page.get_by_text(f"${value['blended']:.3g} per 1M tokens blended 3:1").first.is_visible()
    page.get_by_role("link", name="Open: chatbot or assistant").click()  # 1
    wait_rendered(page, "Quality vs cost")
    points = analysis.scatter_points(chat, snap.scores, STYLE, 3.0).points
    page.get_by_text(f"{len(points)} models plotted").wait_for(timeout=30_000)
    assert "task=chat" in page.url and "metric=arena_text_style%3Afull" in page.url
    page.locator("svg text", has_text=front.sort_values("blended").iloc[0]["name"]).first.wait_for(timeout=30_000)
    assert page.page_errors == []


def test_2_a_permissive_open_model_on_one_24gb_gpu(app_server, page, snap, prepared):
    """Home, read the self-hosting card; one click opens Explore's 24 GB preset with the same models."""
    fits = explore.apply(prepared, explore.PRESETS["gpu24"][1], snap.offers).rows
    fits = fits[fits["task"].isin(["chat", "code"])]
    board = snap.scores[snap.scores["benchmark"] == STYLE].groupby("model_id")["value"].max()
    if not board.index.isin(fits["model_id"]).any():
        board = snap.scores[snap.scores["benchmark"] == "oll_average"].groupby("model_id")["value"].max()
    board = board[board.index.isin(fits["model_id"])]
    best = fits.set_index("model_id").loc[board.idxmax()]

    page.goto(app_server.url)
    wait_rendered(page, "LLM Atlas")
    page.get_by_text(f"Best permissive open model that fits 24 GB: {best['name']}").wait_for(timeout=30_000)
    page.get_by_text(f"needs {best['fits_memory_gb']:.1f} GB at 16-bit").wait_for()
    page.get_by_role("link", name="Open: self-hosting on my gpu").click()  # 1
    wait_rendered(page, "Explore the catalog")
    everything = explore.apply(prepared, explore.PRESETS["gpu24"][1], snap.offers).count
    page.get_by_text(f"{everything:,} of {len(snap.models):,} models").wait_for(timeout=30_000)
    assert page.page_errors == []


def test_3_monthly_cost_of_1000_requests_a_day_on_the_cheapest_decent_models(app_server, page, snap, prepared):
    """Costs opens on 1,000 chatbot requests a day; one click keeps the top half of the board."""
    best = cheapest_for(snap, prepared, monthly_cost.PRESETS["Chatbot"], floor_quantile=0.5)
    page.goto(f"{app_server.url}/costs")
    wait_rendered(page, "What will it cost?")
    page.get_by_text("Top half of the board", exact=True).click()  # 1
    page.get_by_test_id("stMetricValue").filter(has_text=f"${best['monthly_usd']:,.2f} / month").wait_for(
        timeout=30_000
    )
    assert metric_text(page).startswith(f"Cheapest: {name_of(prepared, best['model_id'])} via {best['provider']}")
    assert "floor=half" in page.url
    assert page.page_errors == []


def test_4_gpt4o_vs_claude_35_sonnet_vs_llama_33_70b(app_server, page, snap, prepared):
    """A Compare link (no interaction): the verdict names the best quality with its score and bounds."""
    ids = ["gpt-4o-2024-08-06", "claude-3.5-sonnet-20241022", "llama-3.3-70b-instruct"]
    board = snap.scores[(snap.scores["benchmark"] == STYLE) & snap.scores["model_id"].isin(ids)]
    top = board.sort_values("value").iloc[-1]
    cheap = prepared[prepared["model_id"].isin(ids) & (prepared["price_in_usd_mtok"] > 0)]
    cheap = cheap.sort_values("price_in_usd_mtok").iloc[0]
    page.goto(f"{app_server.url}/compare?models={','.join(ids)}")
    wait_rendered(page, "Compare models")
    text = f"Highest quality: {name_of(prepared, top['model_id'])}, LMArena text, overall (style control) {top['value']:,.0f}"
    page.get_by_text(text).wait_for(timeout=30_000)
    page.get_by_text(f"Cheapest input: {cheap['name']}, ${cheap['price_in_usd_mtok']:.3g} per 1M tokens").wait_for()
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    assert page.page_errors == []


def test_5_cheapest_transcription_per_minute_and_image_per_image(app_server, page, snap, prepared):
    """Home's transcription card; then Costs, one click on images, audio, speech."""
    stt = prepared[(prepared["task"] == "speech-to-text") & (prepared["price_per_audio_min_usd"] > 0)]
    minute = stt.sort_values("price_per_audio_min_usd").iloc[0]
    page.goto(app_server.url)
    wait_rendered(page, "LLM Atlas")
    page.get_by_text(f"Cheapest: {minute['name']}").first.wait_for(timeout=30_000)
    assert page.get_by_text(f"${minute['price_per_audio_min_usd']:.3g} per audio minute").first.is_visible()

    images = set(prepared.loc[prepared["task"] == "image-generation", "model_id"])
    offers = snap.offers[snap.offers["model_id"].isin(images)]
    per_image = monthly_cost.price_units(offers, "image-generation", 1000).iloc[0]
    page.goto(f"{app_server.url}/costs")
    wait_rendered(page, "What will it cost?")
    page.get_by_text("Images, audio, speech").click()  # 1
    page.get_by_test_id("stMetricValue").filter(has_text=f"${per_image['unit_price']:.4g} per image").wait_for(
        timeout=30_000
    )
    assert metric_text(page).startswith(
        f"Cheapest: {name_of(prepared, per_image['model_id'])} via {per_image['provider']}"
    )
    assert page.page_errors == []


def test_6_fine_tune_or_rag_with_500_examples_and_weekly_facts(app_server, page, snap, prepared):
    """From Home's "Fine-tune or RAG?" link: facts change weekly, a managed service, 500 examples."""
    embeddings = explore.apply(prepared, explore.Filters(tasks=("embedding",)), snap.offers).rows
    embed = embeddings[embeddings["price_in_usd_mtok"] > 0].sort_values("price_in_usd_mtok").iloc[0]
    page.goto(f"{app_server.url}/wizard?path=0.0")
    wait_rendered(page, "Which approach fits?")
    page.get_by_role("button", name=re.compile("^Often")).click()  # 1
    page.get_by_role("button", name=re.compile("^Neither; a managed")).click()  # 2
    page.get_by_text("Retrieval-augmented generation (RAG)").first.wait_for(timeout=30_000)
    page.get_by_text("Hundreds (e.g. 500)").click()  # 3
    page.get_by_text(re.compile("Hold back about 100 as an evaluation set")).wait_for(timeout=30_000)
    page.get_by_text(f"Embedding model (finds the passages): {embed['name']}").wait_for()
    page.get_by_text(f"${embed['price_in_usd_mtok']:.3g} per 1M input tokens").first.wait_for()
    assert "examples=hundreds" in page.url
    assert page.page_errors == []


def test_7_share_this_view(app_server, page, browser, snap, prepared):
    """Change the workload once; the copied URL opens the same answer in a fresh session."""
    workload = monthly_cost.Workload(2500, 800, 300, cached_share=0.3)
    best = cheapest_for(snap, prepared, workload)
    page.goto(f"{app_server.url}/costs")
    wait_rendered(page, "What will it cost?")
    page.get_by_text(re.compile("For 1,000 requests/day")).first.wait_for(timeout=30_000)
    box = page.get_by_label("Requests per day")
    for _ in range(3):  # 1: open the workload (again if a rerun folded it while it opened)
        page.get_by_text(re.compile("^Change the workload")).click()
        try:
            box.wait_for(state="visible", timeout=5_000)
            break
        except Exception:
            continue
    box.fill("2500")
    box.press("Enter")  # 2
    expected = f"${best['monthly_usd']:,.2f} / month"
    page.get_by_test_id("stMetricValue").filter(has_text=expected).wait_for(timeout=30_000)
    page.wait_for_function("location.search.includes('rpd=2500')", timeout=15_000)
    shared = page.url
    other = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    other.goto(shared)
    other.get_by_test_id("stMetricValue").filter(has_text=expected).wait_for(timeout=30_000)
    assert metric_text(other).startswith(f"Cheapest: {name_of(prepared, best['model_id'])}")
    other.context.close()
    assert page.page_errors == []


def test_8_odd_inputs_give_a_notice_and_the_default_answer(app_server, page, snap, prepared):
    best = cheapest_for(snap, prepared, monthly_cost.PRESETS["Chatbot"])
    page.goto(f"{app_server.url}/costs?rpd=lots&floor=%3Cb%3E&in=-5&section=nope")
    wait_rendered(page, "What will it cost?")
    page.get_by_text("'rpd' must be a number").wait_for(timeout=30_000)
    page.get_by_test_id("stMetricValue").filter(has_text=f"${best['monthly_usd']:,.2f} / month").wait_for(
        timeout=30_000
    )
    assert metric_text(page).startswith(f"Cheapest: {name_of(prepared, best['model_id'])}")
    assert page.page_errors == []
