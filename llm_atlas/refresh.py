"""`python -m llm_atlas.refresh`: the data refresh CLI (the code is llm_atlas/pipeline/refresh.py)."""

import sys

from llm_atlas.pipeline.refresh import main

if __name__ == "__main__":
    sys.exit(main())
