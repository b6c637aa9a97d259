"""Open vs proprietary on an LMArena board: the best of each side at every version, the gap between
them, when open models reached an earlier proprietary level, and who took the lead."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from llm_atlas.views.boards import OPEN, PROPRIETARY, UNKNOWN, board_states, openness


@dataclass
class Frontier:
    per_version: pd.DataFrame  # date, side, model_id, source_key, rating, ci_low, ci_high
    gap: pd.DataFrame  # date, open/proprietary model and rating, gap (points, same version)
    catch_up: pd.DataFrame  # level_date, leader, reached_date, open_model, lag_days
    entrants: pd.DataFrame  # date, side, model_id, rating, replaced
    excluded: pd.DataFrame  # date, unjoined, unknown_openness, rated
    window: tuple[str, str]


def frontier(
    history: pd.DataFrame, models: pd.DataFrame, board: str, category: str, states: pd.DataFrame | None = None
) -> Frontier:
    """The best-rated open and proprietary model at every version of a board's category."""
    states = board_states(history, board, category) if states is None else states
    side = states["model_id"].map(openness(models)).fillna(UNKNOWN)
    states = states.assign(side=side.where(states["model_id"].notna(), "unjoined"))
    excluded = (
        states.groupby("date")["side"]
        .agg(
            unjoined=lambda s: int((s == "unjoined").sum()),
            unknown_openness=lambda s: int((s == UNKNOWN).sum()),
            rated="size",
        )
        .reset_index()
    )
    known = states[states["side"].isin([OPEN, PROPRIETARY])]
    best = known.sort_values(["date", "side", "rating"], ascending=[True, True, False], kind="stable")
    best = best.drop_duplicates(["date", "side"]).reset_index(drop=True)
    best = best[["date", "side", "model_id", "source_key", "rating", "ci_low", "ci_high"]]
    o = best[best["side"] == OPEN].set_index("date")
    p = best[best["side"] == PROPRIETARY].set_index("date")
    both = o.index.intersection(p.index)
    gap = pd.DataFrame(
        {
            "date": both,
            "open_model": o.loc[both, "model_id"].to_numpy(),
            "open_rating": o.loc[both, "rating"].astype(float).to_numpy(),
            "proprietary_model": p.loc[both, "model_id"].to_numpy(),
            "proprietary_rating": p.loc[both, "rating"].astype(float).to_numpy(),
        }
    )
    gap["gap"] = gap["proprietary_rating"] - gap["open_rating"]
    dates = sorted(states["date"].unique()) if len(states) else []
    return Frontier(
        per_version=best,
        gap=gap,
        catch_up=_catch_up(known, best),
        entrants=_entrants(best),
        excluded=excluded,
        window=(dates[0], dates[-1]) if dates else ("", ""),
    )


def _catch_up(known: pd.DataFrame, best: pd.DataFrame) -> pd.DataFrame:
    """For each version D, the first version D' >= D at which the best open model is rated at least
    as high as D's proprietary leader, both rated in D' (so on one scale). Versions where the
    leader is no longer listed cannot be compared and are skipped."""
    rating = known.set_index(["date", "model_id"])["rating"].astype(float)
    rating = rating[~rating.index.duplicated()]
    open_best = best[best["side"] == OPEN].set_index("date")
    rows = []
    leaders = best[best["side"] == PROPRIETARY]
    dates = sorted(open_best.index)
    for lead in leaders.itertuples():
        reached = None
        for later in (d for d in dates if d >= lead.date):
            ref = rating.get((later, lead.model_id))
            if ref is not None and not np.isnan(ref) and float(open_best.loc[later, "rating"]) >= ref:
                reached = later
                break
        rows.append(
            {
                "level_date": lead.date,
                "leader": lead.model_id,
                "reached_date": reached,
                "open_model": open_best.loc[reached, "model_id"] if reached else None,
                "lag_days": (pd.Timestamp(reached) - pd.Timestamp(lead.date)).days if reached else None,
            }
        )
    out = pd.DataFrame(rows, columns=["level_date", "leader", "reached_date", "open_model", "lag_days"])
    return out.astype({"lag_days": "Int64"})


def _entrants(best: pd.DataFrame) -> pd.DataFrame:
    """The versions at which a new model took the lead of its side, and whom it replaced."""
    rows = []
    for side, g in best.groupby("side"):
        prev = None
        for r in g.sort_values("date").itertuples():
            if r.model_id != prev:
                rows.append(
                    {"date": r.date, "side": side, "model_id": r.model_id, "rating": r.rating, "replaced": prev}
                )
            prev = r.model_id
    return pd.DataFrame(rows, columns=["date", "side", "model_id", "rating", "replaced"])


def latest_catch_up(f: Frontier) -> dict | None:
    """The most recent proprietary level open models have reached (for the page's sentence)."""
    hit = f.catch_up.dropna(subset=["reached_date"])
    if hit.empty:
        return None
    return hit.sort_values(["level_date", "reached_date"]).iloc[-1].to_dict()


def gap_sentence(f: Frontier, board_label: str, category: str) -> str | None:
    if f.gap.empty:
        return None
    g = f.gap.iloc[-1]
    lead, lag = ("proprietary", "open") if g["gap"] >= 0 else ("open", "proprietary")
    return (
        f"In LMArena's {board_label} board, {category} category, version {g['date']}: the best {lead} model"
        f" ({g[f'{lead}_model']}, {g[f'{lead}_rating']:.0f}) leads the best {lag} model"
        f" ({g[f'{lag}_model']}, {g[f'{lag}_rating']:.0f}) by {abs(g['gap']):.0f} points."
    )


def catch_up_sentences(f: Frontier) -> list[str]:
    out = []
    hit = latest_catch_up(f)
    if hit:
        out.append(
            f"Open models reached the proprietary level of {hit['level_date']} ({hit['leader']}) on"
            f" {hit['reached_date']} ({hit['open_model']}), {int(hit['lag_days'])} days later."
        )
    missing = f.catch_up[f.catch_up["reached_date"].isna()]
    if len(missing):
        first = missing.iloc[0]
        out.append(
            f"They had not reached the level of {first['level_date']} ({first['leader']}) by the last version,"
            f" {f.window[1]}."
        )
    return out
