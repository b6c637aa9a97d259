"""The benchmark registry: readable names, the group (source) each belongs to, which are costs not
qualities, and the order a person meets them in (each board's default first)."""

from __future__ import annotations

ARENA_CATEGORIES = {
    "full": "overall",
    "if": "instruction following",
    "hard_6": "hard prompts",
    "hard_english_6": "hard prompts, English",
    "long_user": "long questions",
    "multiturn": "multi-turn",
    "no_refusal": "excluding refusals",
    "no_short": "excluding short questions",
    "no_tie": "excluding ties",
    "creative_writing": "creative writing",
}
ARENA_BOARDS = {
    "arena_text_style": ("LMArena text", " (style control)"),
    "arena_text": ("LMArena text", " (no style control)"),
    "arena_vision_style": ("LMArena vision", " (style control)"),
    "arena_vision": ("LMArena vision", ""),
    "arena_image": ("LMArena text-to-image", ""),
}
GROUPS = (  # (id prefix, group name), in the order the metric list shows them
    ("arena_text_style", "LMArena (style control, the board's default)"),
    ("arena_text", "LMArena (no style control)"),
    ("arena_vision", "LMArena vision"),
    ("arena_image", "LMArena text-to-image"),
    ("aa_", "Artificial Analysis (via OpenRouter)"),
    ("aider", "Aider coding"),
    ("oll_", "Open LLM Leaderboard v2 (retired)"),
    ("llmstats", "llm-stats (lab-reported)"),
)
COSTS = {"aider_polyglot_cost"}  # numbers about money, not quality


def is_cost(benchmark: str) -> bool:
    return benchmark in COSTS


def _board(benchmark: str) -> str:
    return benchmark.split(":", 1)[0]


def group(benchmark: str) -> str:
    board = _board(benchmark)
    # First match wins: arena_text_style is listed before arena_text.
    return next((name for prefix, name in GROUPS if board.startswith(prefix)), "Other")


def readable(benchmark: str, label: str = "") -> str:
    """'Arena score, overall (style control)' for arena_text_style:full; the source's label otherwise."""
    board = _board(benchmark)
    if board in ARENA_BOARDS:
        name, suffix = ARENA_BOARDS[board]
        category = benchmark.split(":", 1)[1] if ":" in benchmark else "full"
        if category.startswith("industry_"):
            words = category.removeprefix("industry_").replace("_and_", ", ").replace("_", " ")
            category_text = f"industry: {words}"
        else:
            category_text = ARENA_CATEGORIES.get(category, category.replace("_", " "))
        return f"{name}, {category_text}{suffix}"
    if benchmark.startswith("oll_") and label.startswith("OLL "):
        return "Open LLM Leaderboard: " + label.removeprefix("OLL ")
    return label or benchmark


def order_key(benchmark: str) -> tuple[int, int, str]:
    """Groups in GROUPS order; within a group the board's overall score first."""
    names = [name for _, name in GROUPS]
    g = group(benchmark)
    rank = names.index(g) if g in names else len(names)
    overall = benchmark.endswith(":full") or benchmark in ("aa_intelligence", "aider_polyglot", "oll_average")
    return rank, 0 if overall else 1, benchmark
