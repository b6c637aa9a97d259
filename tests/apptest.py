"""Open a page of the app in AppTest, with URL parameters, and fail on any exception."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).parents[1] / "app.py"


def open_page(page: str | None = None, /, **params: str | list[str]) -> AppTest:
    """`page` is a file under app_pages/ (None: the default page); params go in the URL."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    if page:
        at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at
