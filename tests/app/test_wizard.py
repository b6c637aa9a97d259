"""AppTest for the Wizard: answering by clicks, URL state mid-way and at the end, tampered URLs."""

from __future__ import annotations

import pytest

from llm_atlas.text import escape_markdown
from llm_atlas.views import explore, wizard, wizard_advice
from tests.apptest import open_page


def open_wizard(path: str | None = None):
    return open_page("app_pages/wizard.py", **({"path": path} if path is not None else {}))


def click_option(at, label_prefix: str) -> None:
    button = next(b for b in at.button if b.key and b.key.startswith("opt_") and b.label.startswith(label_prefix))
    button.click().run()
    assert not at.exception, at.exception


def test_clicking_through_reaches_rag_and_updates_url():
    at = open_wizard()
    assert at.subheader[0].value == "What must the model produce, or take in?"
    for answer in ("Text or code", "Yes", "Often", "Neither"):
        click_option(at, answer)
    assert "Retrieval-augmented generation (RAG)" in at.success[0].value
    assert "Use a managed service" in at.success[0].value
    assert at.query_params["path"] == "0.0.0.2"
    assert any("explore?task=chat" in m.value for m in at.markdown)


def test_back_and_start_over():
    at = open_wizard("0.0")
    assert at.subheader[0].value == "How often does that knowledge change?"
    next(b for b in at.button if b.label == "Back").click().run()
    assert at.subheader[0].value == "Does the model need knowledge it was not trained on?"
    assert at.query_params["path"] == "0"
    next(b for b in at.button if b.label == "Start over").click().run()
    assert at.subheader[0].value == "What must the model produce, or take in?"
    assert "path" not in at.query_params


def test_url_restores_mid_way_and_at_the_end():
    mid = open_wizard("0.1.2.1")
    assert (
        mid.subheader[0].value == "Do you have enough high-quality labelled examples, and a way to keep them current?"
    )
    assert len(mid.markdown[1].value.splitlines()) == 4  # four answers so far
    tree = wizard.load()
    end = open_wizard("0.1.2.1.1.2")
    assert "Prompt engineering" in end.success[0].value
    assert tree.gates["no-data"] in end.warning[0].value


@pytest.mark.parametrize("tampered", ["9.9", "0.0.0.2.1", "x", "0." * 50])
def test_tampered_url_restarts_with_notice(tampered):
    at = open_wizard(tampered)
    assert at.subheader[0].value == "What must the model produce, or take in?"
    assert "starting over" in at.info[0].value
    assert "path" not in at.query_params


def test_knowledge_check_explains_the_answer():
    at = open_wizard("0.0.0.2")
    at.radio(key="wizard_check").set_value("Fine-tuning").run()
    assert "Right." in at.success[-1].value
    at.radio(key="wizard_check").set_value("Prompt engineering").run()
    assert "the answer is Fine-tuning" in at.error[0].value


def test_rag_answer_uses_the_examples_and_names_an_embedding_and_a_chat_model(bundled):
    # "Fine-tune or RAG? 500 labelled examples, facts change weekly, a managed service is fine."
    at = open_wizard("0.0.0.2")
    at.radio(key="wizard_examples").set_value("hundreds").run()
    assert at.query_params["examples"] == "hundreds"
    advice = " ".join(i.value for i in at.info)
    assert "evaluation set" in advice and "few-shot" in advice and "fine-tune" in advice
    shaped = next(m.value for m in at.markdown if m.value.startswith("**How your answers shaped this**"))
    assert len(shaped.splitlines()) == 1 + 4  # one line per answer given
    assert "change often" in shaped
    pair = wizard_advice.rag_pair(
        bundled, explore.prepare(bundled), wizard.recommend(wizard.load(), wizard.walk(wizard.load(), [0, 0, 0, 2]))
    )
    models = bundled.models.set_index("model_id")
    embed, chat = pair.iloc[0], pair.iloc[1]
    assert models.loc[embed["model_id"], "task"] == "embedding"
    assert models.loc[chat["model_id"], "task"] == "chat"
    shown = next(m.value for m in at.markdown if m.value.startswith("**The two models RAG needs**"))
    assert escape_markdown(embed["name"]) in shown and escape_markdown(chat["name"]) in shown
    # A sensible cost: the chat model is not among the most expensive with an arena score.
    arena = bundled.scores[bundled.scores["benchmark"] == "arena_text_style:full"]["model_id"]
    priced = models.loc[models.index.isin(arena) & (models["price_out_usd_mtok"] > 0), "price_out_usd_mtok"]
    assert models.loc[chat["model_id"], "price_out_usd_mtok"] <= priced.median()


def test_examples_in_a_shared_link_restore_and_odd_ones_are_ignored():
    at = open_wizard("0.0.0.2")
    at.query_params["examples"] = "hundreds"
    shared = open_page("app_pages/wizard.py", path="0.0.0.2", examples="hundreds")
    assert shared.radio(key="wizard_examples").value == "hundreds"
    odd = open_page("app_pages/wizard.py", path="0.0.0.2", examples="lots")
    assert any("'examples' must be" in i.value for i in odd.info)
