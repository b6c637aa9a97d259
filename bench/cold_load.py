"""One cold process: import the package and load the whole bundled snapshot.

Prints one JSON line: wall seconds (import + load) and peak RSS in MB.
"""

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

started = time.perf_counter()
from llm_atlas import BUNDLED_DATA_DIR  # noqa: E402
from llm_atlas.pipeline import snapshot  # noqa: E402

snap = snapshot.load(BUNDLED_DATA_DIR)
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": round(elapsed, 4), "peak_rss_mb": round(peak_mb, 1), "models": len(snap.models)}))
