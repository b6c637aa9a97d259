"""The wizard's tree as data, and the engine that walks it."""

from __future__ import annotations

import copy

import pytest
import yaml

from llm_atlas.views import explore, filter_params, wizard
from llm_atlas.views.wizard import PathError, TreeError


@pytest.fixture(scope="module")
def tree():
    return wizard.load()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(wizard.TREE_FILE.read_text())


def path_to(tree, *labels: str) -> list[int]:
    """Option indices for a sequence of label prefixes, so tests read as answers."""
    node, out = tree.root, []
    for label in labels:
        options = tree.nodes[node]["options"]
        index = next(i for i, o in enumerate(options) if o["label"].startswith(label))
        out.append(index)
        node = options[index].get("next")
    return out


def test_tree_is_valid_complete_and_acyclic(tree):
    paths = wizard.all_paths(tree)
    assert len(paths) > 50
    reached_nodes = {tree.root}
    for p in paths:
        state = wizard.walk(tree, p)
        assert state.outcome in tree.outcomes and state.node is None
        assert {"approach", "task"} <= set(state.facts)
        node = tree.root
        for i in p:
            nxt = tree.nodes[node]["options"][i].get("next")
            if nxt:
                reached_nodes.add(nxt)
                node = nxt
    assert reached_nodes == set(tree.nodes)
    assert {wizard.walk(tree, p).outcome for p in paths} == set(tree.outcomes)
    assert {wizard.walk(tree, p).facts["approach"] for p in paths} == set(tree.approaches)


def test_every_link_target_is_a_real_filter(tree, bundled):
    prepared = explore.prepare(bundled)
    vocab = filter_params.vocabularies(prepared, bundled.offers)
    for p in wizard.all_paths(tree):
        rec = wizard.recommend(tree, wizard.walk(tree, p))
        usable, note = wizard.usable_params(rec, prepared, bundled.offers)
        filters, _, notices = filter_params.from_query_params({k: [v] for k, v in usable.items()}, vocab)
        assert notices == [] and filters.tasks == (rec.task,)
        assert explore.apply(prepared, filters, bundled.offers).count > 0, rec.explore_params
        assert (note is None) == (usable == rec.explore_params)


def test_relaxed_link_says_so(tree, bundled):
    prepared = explore.prepare(bundled)
    rec = wizard.recommend(tree, wizard.walk(tree, path_to(tree, "Speech from text", "Data must stay")))
    assert rec.explore_params == {"task": "text-to-speech", "open": "open"}
    usable, note = wizard.usable_params(rec, prepared, bundled.offers)
    assert usable == {"task": "text-to-speech"} and "no open-weights text-to-speech models" in note


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda t: t["nodes"]["knowledge"]["options"][0].update(next="nowhere"),
            "node 'knowledge', option 1 leads to missing node 'nowhere'",
        ),
        (
            lambda t: t["nodes"]["ft_benefit"]["options"][0].update(next="ft_data", sets={}),
            "cycle through node 'ft_data'",
        ),
        (lambda t: t["nodes"]["baseline"].update(colour="red"), "node 'baseline' has unknown field(s): colour"),
        (
            lambda t: t["nodes"]["shortfall"]["options"][0].update(sets={"approach": "magic"}),
            "node 'shortfall', option 1 sets unknown approach 'magic'",
        ),
        (
            lambda t: t["nodes"].update(orphan={"question": "?", "options": [{"label": "x", "outcome": "service"}]}),
            "node 'orphan' is not reachable",
        ),
        (
            lambda t: t["nodes"]["ft_data"]["options"][1].update(label=False),
            "node 'ft_data', option 2 needs a text label",
        ),
        (
            lambda t: t["nodes"]["produce"]["options"][2].update(sets={"task": "telepathy", "approach": "ready-made"}),
            "unknown task 'telepathy'",
        ),
        (lambda t: t.update(extra=1), "unknown top-level field(s): extra"),
    ],
)
def test_malformed_tree_names_the_node(raw, mutate, message):
    broken = copy.deepcopy(raw)
    mutate(broken)
    with pytest.raises(TreeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        wizard.validate(broken)


def test_malformed_tree_file_fails_loading(tmp_path):
    path = tmp_path / "wizard.yaml"
    path.write_text("root: a\nnodes: {a: {question: q, options: [{label: x, next: b}]}}\noutcomes: {}\n")
    with pytest.raises(TreeError, match="node 'a', option 1 leads to missing node 'b'"):
        wizard.load(path)


CASES = [
    # (answers, approach, hosting, task, gate fragment)
    (("Text or code", "Yes", "Often", "Neither"), "rag", "service", "chat", None),  # private data changing weekly
    (
        ("Text or code", "No", "Yes, but", "Tone", "Yes", "Yes", "Yes", "Yes", "Data must stay"),
        "fine-tune",
        "self-host",
        "chat",
        None,
    ),
    (("Text or code", "No", "Not yet", "Neither"), "prompt", "service", "chat", "build and measure a prompt baseline"),
    (
        ("Text or code", "Yes", "Rarely, and it is a whole domain", "Yes, all three", "Data must stay"),
        "scratch",
        "self-host",
        "chat",
        None,
    ),
    (("Text from speech", "Neither"), "ready-made", "service", "speech-to-text", None),
    (("Images from a description", "Volume is high"), "ready-made", "self-host", "image-generation", None),
    (("Speech from text", "Neither"), "ready-made", "service", "text-to-speech", None),
    (("Vectors for search", "Neither"), "ready-made", "service", "embedding", None),
    (("Text or code", "No", "Yes, but", "Tone", "No", "Neither"), "prompt", "service", "chat", "blocked by data"),
    (
        ("Text or code", "No", "Yes, but", "Latency", "Yes", "No", "Neither"),
        "prompt",
        "service",
        "chat",
        "no base model",
    ),
    (
        ("Text or code", "No", "Yes, but", "I want a smaller", "Yes", "Yes", "No", "Neither"),
        "prompt",
        "service",
        "chat",
        "blocked by budget",
    ),
    (
        ("Text or code", "No", "Yes, but", "Tone", "Yes", "Yes", "Yes", "Not clearly", "Neither"),
        "prompt",
        "service",
        "chat",
        "not worth it yet",
    ),
    (("Text or code", "No", "Yes, but", "Facts are missing", "Neither"), "rag", "service", "chat", None),
    (("Answers about images", "No", "Yes, and", "Neither"), "prompt", "service", "chat", None),
    (
        ("Text or code", "No", "Yes, but", "The domain is unlike", "No", "Yes", "Yes", "Yes", "Yes", "Volume"),
        "fine-tune",
        "self-host",
        "chat",
        None,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[" > ".join(c[0])[:60] for c in CASES])
def test_answer_paths(tree, case):
    answers, approach, hosting, task, gate = case
    state = wizard.walk(tree, path_to(tree, *answers))
    rec = wizard.recommend(tree, state)
    assert (rec.approach, rec.hosting, rec.task) == (approach, hosting, task)
    if gate:
        assert gate in rec.gate
    else:
        assert rec.gate is None
    assert [a for _, a in state.steps][0].startswith(answers[0])


def test_vision_and_open_weights_reach_the_explore_link(tree):
    rec = wizard.recommend(
        tree, wizard.walk(tree, path_to(tree, "Answers about images", "No", "Yes, and", "Data must stay"))
    )
    assert rec.explore_params == {"task": "chat", "cap": "vision", "open": "open"}
    assert wizard.explore_link(rec.explore_params) == "explore?task=chat&cap=vision&open=open"


@pytest.mark.parametrize("raw_path", ["9", "0.99", "0.0.0.0.0.0.0.0", "a.b", "-1", "0." * 40, "1.2.3<script>"])
def test_tampered_paths_raise(tree, raw_path):
    with pytest.raises(PathError):
        wizard.walk(tree, wizard.parse_path(raw_path))


def test_dot_highlights_the_taken_path(tree):
    p = path_to(tree, "Text or code", "Yes", "Often", "Neither")
    dot = wizard.to_dot(tree, p)
    assert dot.startswith("digraph") and dot.count("penwidth=2.5") == len(p)
    assert '"freshness" -> "hosting" [color="#3b5bdb", penwidth=2.5]' in dot
    assert '"outcome:service" [label="Use a managed service", shape=oval, fillcolor="#8ce99a"]' in dot


def test_candidates_fit_the_recommendation(tree, bundled):
    prepared = explore.prepare(bundled)
    stt = wizard.recommend(tree, wizard.walk(tree, path_to(tree, "Text from speech", "Neither")))
    c = wizard.candidates(prepared, bundled.offers, stt)
    assert len(c) == 8 and c["price_per_audio_min_usd"].is_monotonic_increasing
    ft = wizard.recommend(tree, wizard.walk(tree, path_to(tree, *CASES[1][0])))
    c = wizard.candidates(prepared, bundled.offers, ft)
    ids = set(c["model_id"])
    assert prepared.set_index("model_id").loc[list(ids), "open_weights"].eq(True).all()  # noqa: E712
    assert c["oll_average"].notna().all()
