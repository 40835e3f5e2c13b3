"""The translators' page: server-rendered HTML over the views and the search service.

Templates (Jinja2) and a little plain JavaScript and CSS ship in this package; nothing is
fetched from outside the app, nothing is built, and place and source pages work without
JavaScript (scripts only enhance: search as you type, copy buttons, the annotate form).
"""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def install(app: FastAPI) -> None:
    """Add the pages, the offline API docs and the static files to the app."""
    from gazetteer.web import docs, pages
    from gazetteer.web.templating import STATIC_DIR

    app.include_router(pages.router)
    app.include_router(docs.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
