"""Swagger UI at /docs and ReDoc at /redoc from files shipped in this package.

FastAPI's defaults load both (and a web font and a favicon) from a CDN: blank pages offline.
The vendored copies, their licences and versions are listed in static/vendor/README.md.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from gazetteer.web.templating import STATIC_DIR, static_url

router = APIRouter(include_in_schema=False)

SWAGGER = "vendor/swagger-ui"
REDOC = "vendor/redoc"


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """The icon browsers ask for by this name (pages name theirs in a <link>)."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the app's OpenAPI document, every asset served by the app."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — API (Swagger UI)",
        swagger_js_url=static_url(f"{SWAGGER}/swagger-ui-bundle.js"),
        swagger_css_url=static_url(f"{SWAGGER}/swagger-ui.css"),
        swagger_favicon_url=static_url("favicon.svg"),
        # validatorUrl: Swagger UI would otherwise send the schema to an online validator.
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over the app's OpenAPI document, without its web font."""
    return get_redoc_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — API (ReDoc)",
        redoc_js_url=static_url(f"{REDOC}/redoc.standalone.js"),
        redoc_favicon_url=static_url("favicon.svg"),
        with_google_fonts=False,
    )
