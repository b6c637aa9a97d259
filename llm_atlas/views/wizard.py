"""The approach wizard: a decision tree stored as data, and the engine that walks it.

The page asks the current node's question; an answer is an option index. A path is the
list of indices taken from the root, which is also what the URL stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import yaml

from llm_atlas import BUNDLED_DATA_DIR
from llm_atlas.schema import TASKS
from llm_atlas.views import explore, filter_params

TREE_FILE = BUNDLED_DATA_DIR / "wizard.yaml"
NODE_FIELDS = {"question", "help", "options"}
OPTION_FIELDS = {"label", "next", "outcome", "sets", "note"}
SET_KEYS = {"task", "vision", "approach", "gate"}
TOP_FIELDS = {"root", "nodes", "outcomes", "approaches", "tradeoffs", "gates", "knowledge_check", "examples"}
EXAMPLE_LEVELS = ("none", "few", "hundreds", "thousands")
MAX_PATH = 30


class TreeError(ValueError):
    """The tree file is malformed; the message names the node."""


class PathError(ValueError):
    """A path (e.g. from a URL) that does not fit the tree."""


@dataclass(frozen=True)
class Tree:
    root: str
    nodes: dict[str, dict]
    outcomes: dict[str, dict]
    approaches: dict[str, dict]
    tradeoffs: list[dict]
    gates: dict[str, str]
    knowledge_check: dict
    examples: dict[str, str] = field(default_factory=dict)  # advice per EXAMPLE_LEVELS


@dataclass
class State:
    node: str | None  # None once an outcome is reached
    outcome: str | None
    facts: dict = field(default_factory=dict)
    steps: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)
    notes: list[str] = field(default_factory=list)  # how each answer shapes the advice


def load(path: Path = TREE_FILE) -> Tree:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TreeError(f"cannot read {path}: {exc}") from exc
    return validate(raw)


def validate(raw: object) -> Tree:
    """Check the tree; raise TreeError naming the node at fault."""
    if not isinstance(raw, dict):
        raise TreeError("the tree file must be a mapping")
    unknown = set(raw) - TOP_FIELDS
    if unknown:
        raise TreeError(f"unknown top-level field(s): {', '.join(sorted(unknown))}")
    nodes, outcomes = raw.get("nodes") or {}, raw.get("outcomes") or {}
    approaches, gates = raw.get("approaches") or {}, raw.get("gates") or {}
    root = raw.get("root")
    if root not in nodes:
        raise TreeError(f"root '{root}' is not a node")
    for name, node in nodes.items():
        _check_node(name, node, nodes, outcomes, approaches, gates)
    _check_acyclic_and_reachable(root, nodes, outcomes)
    examples = raw.get("examples") or {}
    if set(examples) - set(EXAMPLE_LEVELS):
        raise TreeError(f"examples: unknown level(s) {', '.join(sorted(set(examples) - set(EXAMPLE_LEVELS)))}")
    tree = Tree(
        root, nodes, outcomes, approaches, raw.get("tradeoffs") or [], gates, raw.get("knowledge_check") or {}, examples
    )
    for path in all_paths(tree):
        facts = walk(tree, path).facts
        if "approach" not in facts or "task" not in facts:
            raise TreeError(f"a path ending at node '{_last_node(tree, path)}' never records an approach and a task")
    return tree


def _check_node(name: str, node: object, nodes: dict, outcomes: dict, approaches: dict, gates: dict) -> None:
    if not isinstance(node, dict):
        raise TreeError(f"node '{name}' must be a mapping")
    extra = set(node) - NODE_FIELDS
    if extra:
        raise TreeError(f"node '{name}' has unknown field(s): {', '.join(sorted(extra))}")
    if not node.get("question") or not node.get("options"):
        raise TreeError(f"node '{name}' needs a question and options")
    for i, opt in enumerate(node["options"]):
        where = f"node '{name}', option {i + 1}"
        if not isinstance(opt, dict) or not isinstance(opt.get("label"), str) or not opt["label"]:
            raise TreeError(f"{where} needs a text label (quote Yes and No in YAML)")
        extra = set(opt) - OPTION_FIELDS
        if extra:
            raise TreeError(f"{where} has unknown field(s): {', '.join(sorted(extra))}")
        if ("next" in opt) == ("outcome" in opt):
            raise TreeError(f"{where} must have exactly one of next or outcome")
        if "next" in opt and opt["next"] not in nodes:
            raise TreeError(f"{where} leads to missing node '{opt['next']}'")
        if "outcome" in opt and opt["outcome"] not in outcomes:
            raise TreeError(f"{where} leads to missing outcome '{opt['outcome']}'")
        sets = opt.get("sets") or {}
        if set(sets) - SET_KEYS:
            raise TreeError(f"{where} sets unknown fact(s): {', '.join(sorted(set(sets) - SET_KEYS))}")
        if "task" in sets and sets["task"] not in TASKS:
            raise TreeError(f"{where} sets unknown task '{sets['task']}'")
        if "approach" in sets and sets["approach"] not in approaches:
            raise TreeError(f"{where} sets unknown approach '{sets['approach']}'")
        if "gate" in sets and sets["gate"] not in gates:
            raise TreeError(f"{where} sets unknown gate '{sets['gate']}'")


def _targets(node: dict) -> list[str]:
    return [o["next"] for o in node["options"] if "next" in o]


def _check_acyclic_and_reachable(root: str, nodes: dict, outcomes: dict) -> None:
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 1:
            raise TreeError(f"cycle through node '{name}': {' -> '.join([*trail, name])}")
        if state.get(name) == 2:
            return
        state[name] = 1
        for nxt in _targets(nodes[name]):
            visit(nxt, [*trail, name])
        state[name] = 2

    visit(root, [])
    unreachable = sorted(set(nodes) - set(state))
    if unreachable:
        raise TreeError(f"node '{unreachable[0]}' is not reachable from the root")
    reached = {o["outcome"] for n in nodes.values() for o in n["options"] if "outcome" in o}
    missing = sorted(set(outcomes) - reached)
    if missing:
        raise TreeError(f"outcome '{missing[0]}' is never reached")


def walk(tree: Tree, path: list[int]) -> State:
    """Follow option indices from the root. Raises PathError if the path does not fit."""
    if len(path) > MAX_PATH:
        raise PathError("path too long")
    state = State(tree.root, None)
    for index in path:
        if state.node is None:
            raise PathError("the path goes on past an outcome")
        options = tree.nodes[state.node]["options"]
        if not 0 <= index < len(options):
            raise PathError(f"option {index} does not exist at '{state.node}'")
        opt = options[index]
        state.steps.append((tree.nodes[state.node]["question"], opt["label"]))
        state.notes.append(opt.get("note") or f"You answered: {opt['label']}.")
        state.facts.update(opt.get("sets") or {})
        state.node, state.outcome = (opt.get("next"), opt.get("outcome"))
    return state


def all_paths(tree: Tree) -> list[list[int]]:
    """Every complete path from the root to an outcome."""
    out: list[list[int]] = []

    def go(node: str, path: list[int]) -> None:
        for i, opt in enumerate(tree.nodes[node]["options"]):
            if "outcome" in opt:
                out.append([*path, i])
            else:
                go(opt["next"], [*path, i])

    go(tree.root, [])
    return out


def _last_node(tree: Tree, path: list[int]) -> str:
    node = tree.root
    for i in path:
        nxt = tree.nodes[node]["options"][i].get("next")
        if nxt is None:
            return node
        node = nxt
    return node


def parse_path(raw: str | None) -> list[int]:
    """'0.2.1' -> [0, 2, 1]; PathError for anything else."""
    if not raw:
        return []
    parts = raw.split(".")
    if len(parts) > MAX_PATH or not all(p.isdigit() and len(p) <= 2 for p in parts):
        raise PathError("not a list of option numbers")
    return [int(p) for p in parts]


def format_path(path: list[int]) -> str:
    return ".".join(str(i) for i in path)


@dataclass
class Recommendation:
    approach: str
    title: str
    why: str
    steps: list[str]
    hosting: str
    hosting_title: str
    task: str
    vision: bool
    gate: str | None
    explore_params: dict[str, str]


def recommend(tree: Tree, state: State) -> Recommendation:
    if state.outcome is None:
        raise PathError("no outcome yet")
    facts = state.facts
    approach = tree.approaches[facts["approach"]]
    outcome = tree.outcomes[state.outcome]
    params: dict[str, str] = {"task": facts["task"]}
    if facts.get("vision"):
        params["cap"] = "vision"
    if outcome.get("open_weights"):
        params["open"] = "open"
    if facts["approach"] == "fine-tune":
        params["open"] = "open"
    gate = tree.gates.get(facts.get("gate", ""))
    return Recommendation(
        approach=facts["approach"],
        title=approach["title"],
        why=approach["why"],
        steps=list(approach["steps"]),
        hosting=state.outcome,
        hosting_title=outcome["title"],
        task=facts["task"],
        vision=bool(facts.get("vision")),
        gate=gate,
        explore_params=params,
    )


def usable_params(
    rec: Recommendation, prepared: pd.DataFrame, offers: pd.DataFrame
) -> tuple[dict[str, str], str | None]:
    """The Explore filters for a recommendation, relaxed (and saying so) when the snapshot has no match."""
    params = dict(rec.explore_params)
    vocab = filter_params.vocabularies(prepared, offers)
    for relax in (None, "open", "cap"):
        if relax:
            params.pop(relax, None)
        filters, _, _ = filter_params.from_query_params({k: [v] for k, v in params.items()}, vocab)
        if explore.apply(prepared, filters, offers).count > 0:
            note = None
            if params != rec.explore_params:
                dropped = {"open": "open-weights", "cap": "vision"}
                gone = ", ".join(dropped[k] for k in rec.explore_params if k not in params)
                note = f"The snapshot has no {gone} {rec.task} models; showing all {rec.task} models. The Hub has more open models."
            return params, note
    return {"task": rec.task}, None


def explore_link(params: dict[str, str]) -> str:
    return "explore?" + urlencode(params)


def tradeoff_table(tree: Tree) -> pd.DataFrame:
    rows = [
        {
            "Approach": tree.approaches[t["approach"]]["title"],
            "Cost": t["cost"],
            "Effort": t["effort"],
            "Time to first result": t["time"],
            "Data needed": t["data"],
        }
        for t in tree.tradeoffs
    ]
    return pd.DataFrame(rows)


_PRICE_BY_TASK = {
    "image-generation": "price_per_image_usd",
    "speech-to-text": "price_per_audio_min_usd",
    "text-to-speech": "price_per_mchar_usd",
}


def candidates(prepared: pd.DataFrame, offers: pd.DataFrame, rec: Recommendation, n: int = 8) -> pd.DataFrame:
    """Top candidates in the snapshot for a recommendation: best quality first, then price."""
    params, _ = usable_params(rec, prepared, offers)
    filters = explore.Filters(
        tasks=(rec.task, "code") if rec.task == "chat" else (rec.task,),
        openness=("open",) if params.get("open") else (),
        capabilities=("vision",) if params.get("cap") else (),
    )
    rows = explore.apply(prepared, filters, offers).rows
    price = _PRICE_BY_TASK.get(rec.task, "price_in_usd_mtok")
    if rec.task in ("chat", "code"):
        open_approach = bool(filters.openness) and rec.approach in ("fine-tune", "scratch")
        quality = "oll_average" if open_approach or rows["arena_style"].notna().sum() == 0 else "arena_style"
        if open_approach:  # a base to tune: the best open models first
            ranked = rows.sort_values([quality, price], ascending=[False, True], na_position="last")
        else:
            # A sensible cost, not only the frontier: models in the top half of the board that
            # someone serves, cheapest first.
            good = rows[rows[quality] >= rows[quality].median()]
            ranked = good[good[price] > 0].sort_values([price, quality], ascending=[True, False])
            if ranked.empty:
                ranked = rows.sort_values(quality, ascending=False, na_position="last")
        cols = ["name", "model_id", "creator", "license", quality, price]
    else:
        ranked = rows[rows[price].notna()].sort_values(price) if rows[price].notna().any() else rows
        cols = ["name", "model_id", "creator", "license", price]
    return ranked[cols].head(n).reset_index(drop=True)


def to_dot(tree: Tree, path: list[int]) -> str:
    """Graphviz DOT of the tree with the taken path highlighted."""
    taken_nodes = {tree.root}
    taken_edges: set[tuple[str, str]] = set()
    node = tree.root
    for i in path:
        opt = tree.nodes[node]["options"][i]
        target = opt.get("next") or f"outcome:{opt['outcome']}"
        taken_edges.add((node, target))
        taken_nodes.add(target)
        if "next" not in opt:
            break
        node = opt["next"]
    lines = [
        "digraph wizard {",
        '  rankdir=LR; node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, fillcolor="#f1f3f5"];',
    ]
    for name, n in tree.nodes.items():
        fill = "#c5d0fa" if name in taken_nodes else "#f1f3f5"
        label = _dot_escape(n["question"][:48] + ("…" if len(n["question"]) > 48 else ""))
        lines.append(f'  "{name}" [label="{label}", fillcolor="{fill}"];')
    for name, o in tree.outcomes.items():
        fill = "#8ce99a" if f"outcome:{name}" in taken_nodes else "#e9fac8"
        lines.append(f'  "outcome:{name}" [label="{_dot_escape(o["title"])}", shape=oval, fillcolor="{fill}"];')
    seen = set()
    for name, n in tree.nodes.items():
        for opt in n["options"]:
            target = opt.get("next") or f"outcome:{opt['outcome']}"
            if (name, target) in seen:
                continue
            seen.add((name, target))
            style = 'color="#3b5bdb", penwidth=2.5' if (name, target) in taken_edges else 'color="#adb5bd"'
            lines.append(f'  "{name}" -> "{target}" [{style}];')
    lines.append("}")
    return "\n".join(lines)


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
