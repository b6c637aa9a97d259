"""Streamlit sessions without a browser: the server's side of concurrency.

Each session is one websocket speaking Streamlit's own protocol (the `BackMsg`/`ForwardMsg`
protobufs the browser sends and receives), walking Explore -> Quality vs cost -> Wizard the way
the front end navigates: a `rerun_script` naming the page, then every message until the run
finishes. Nothing is drawn, so on a 2-core machine these sessions leave the cores to the server:
what is measured is the time the server takes to get each page's content out of the door.

Time to chart: from the request for Quality vs cost to the delta carrying its Plotly chart.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

WALK = (("explore", "dataframe"), ("quality_cost", "plotly_chart"), ("wizard", "button"))


@dataclass
class Walk:
    to_content: dict[str, float] = field(default_factory=dict)  # page -> s to its first content delta
    run_time: dict[str, float] = field(default_factory=dict)  # page -> s to the run's end
    exceptions: list[str] = field(default_factory=list)
    received_bytes: int = 0

    @property
    def to_chart(self) -> float:
        return self.to_content["quality_cost"]


def _rerun(page: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = page
    return msg.SerializeToString()


async def _run_page(ws, page: str, element: str, walk: Walk, timeout: float) -> None:
    started = time.perf_counter()
    await ws.send(_rerun(page))
    async with asyncio.timeout(timeout):
        async for raw in ws:
            walk.received_bytes += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                shown = msg.delta.new_element.WhichOneof("type")
                if shown == element and page not in walk.to_content:
                    walk.to_content[page] = time.perf_counter() - started
                if shown == "exception":
                    walk.exceptions.append(f"{page}: {msg.delta.new_element.exception.message}")
            elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                walk.run_time[page] = time.perf_counter() - started
                break
    if page not in walk.to_content:
        walk.exceptions.append(f"{page}: no {element} in the run")


async def walk_session(base_url: str, timeout: float = 300.0) -> Walk:
    """One new session walking the three pages in order, on one websocket."""
    ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
    walk = Walk()
    async with connect(ws_url, subprotocols=["streamlit"], origin=base_url, max_size=None) as ws:
        for page, element in WALK:
            await _run_page(ws, page, element, walk, timeout)
    return walk


async def walk_many(base_url: str, sessions: int) -> list[Walk]:
    return await asyncio.gather(*[walk_session(base_url) for _ in range(sessions)])


if __name__ == "__main__":  # quick look: python -m tests.e2e.protocol_client http://127.0.0.1:8501 20
    import statistics
    import sys

    url, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
    walks = asyncio.run(walk_many(url, n))
    charts = sorted(w.to_chart for w in walks if "quality_cost" in w.to_content)
    print(f"{n} sessions: time to chart median {statistics.median(charts):.3f} s, max {charts[-1]:.3f} s")
    print("errors:", [e for w in walks for e in w.exceptions])
