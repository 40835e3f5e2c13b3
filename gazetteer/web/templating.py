"""The Jinja2 environment of the page: templates from this package, autoescaped, with the
interface words of the request's language and cache-busted static URLs."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from gazetteer.labels import place_label
from gazetteer.web.i18n import LANGUAGE_NAMES, UI_LANGUAGES, negotiate, translator
from gazetteer.web.present import why

STATIC_DIR = Path(__file__).resolve().parent / "static"


@cache
def static_version(name: str) -> str:
    """A short digest of a static file: its URL changes when its content does."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    return f"/static/{name}?v={static_version(name)}"


def lang_dir(tag: str | None) -> str:
    """The `lang` attribute for a name's tag; und-* (no language) becomes the empty tag."""
    if not tag or tag.startswith("und"):
        return ""
    return tag


# Names and copy buttons are drawn hundreds of times on a place page: plain functions returning
# markup cost a fraction of a Jinja macro call each.
def name_html(text: str, lang: str | None, cls: str = "") -> Markup:
    """A name in its own language: `<span class="name" lang="zh-Hans">…</span>`."""
    tag = lang_dir(lang)
    attribute = Markup(' lang="{}"').format(tag) if tag else ""
    return Markup('<span class="name{}"{}>{}</span>').format(
        f" {cls}" if cls else "", attribute, text
    )


@pass_context
def copy_html(context: Context, text: str) -> Markup:
    """A copy button, hidden until the script that makes it work has run."""
    label = context["t"]("copy")
    return Markup(
        '<button type="button" class="copy" data-copy="{0}" hidden aria-label="{1}: {0}">{1}</button>'
    ).format(text, label)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gazetteer.web", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(
        static_url=static_url, why=why, name=name_html, copy=copy_html, place_label=place_label,
        UI_LANGUAGES=UI_LANGUAGES, LANGUAGE_NAMES=LANGUAGE_NAMES,
    )
    env.filters["langtag"] = lang_dir
    return env


def page_url(path: str, **params: str | None) -> str:
    """A permalink: the path and the parameters that decide what the page shows."""
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path


def render(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    hl = negotiate(request.query_params.get("hl"), request.headers.get("accept-language"))
    explicit_hl = request.query_params.get("hl")

    def link(path: str, **params: str | None) -> str:
        """An in-app link that keeps the interface language the reader chose."""
        return page_url(path, **params, hl=explicit_hl and hl)

    params = dict(request.query_params)

    def switch_url(lang: str) -> str:
        """This page in another interface language."""
        return page_url(request.url.path, **{**params, "hl": lang})

    context.setdefault("permalink", page_url(request.url.path, **params))
    html = environment().get_template(template).render(
        request=request, hl=hl, t=translator(hl), link=link, switch_url=switch_url, **context
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Vary"] = "Accept-Language"
    return response
