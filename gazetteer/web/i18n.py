"""The page's own words in English, Russian and Chinese, and how a request picks one.

Only the interface is translated: names are shown as recorded, and the sentences the views
write (usage messages, captions) stay in English, as the API gives them.
"""

from __future__ import annotations

from collections.abc import Callable

UI_LANGUAGES = ("en", "ru", "zh-Hans")
DEFAULT = "en"

CATALOGUE: dict[str, dict[str, str]] = {
    "app_title": {"en": "Gazetteer", "ru": "Топонимический справочник", "zh-Hans": "地名词典"},
    "tagline": {
        "en": "Russian Far East and Siberian place names with their Chinese names, through time",
        "ru": "Названия Дальнего Востока и Сибири и их китайские названия во времени",
        "zh-Hans": "俄罗斯远东和西伯利亚地名及其历代中文名称",
    },
    "skip": {"en": "Skip to content", "ru": "К содержанию", "zh-Hans": "跳到正文"},
    "nav_search": {"en": "Search", "ru": "Поиск", "zh-Hans": "搜索"},
    "nav_compare": {"en": "Compare sources", "ru": "Сравнить источники", "zh-Hans": "比较来源"},
    "nav_annotate": {"en": "Annotate", "ru": "Разметка текста", "zh-Hans": "标注文章"},
    "nav_api": {"en": "API docs", "ru": "Документация API", "zh-Hans": "API 文档"},
    "search_label": {
        "en": "A name in any script, romanisation or inflected form",
        "ru": "Название в любой письменности, транслитерации или падеже",
        "zh-Hans": "任意文字、拼写或变格形式的地名",
    },
    "search_button": {"en": "Search", "ru": "Найти", "zh-Hans": "搜索"},
    "search_hint": {
        "en": "Results appear as you type; Enter runs a full search (typos, inflections). Press / to come back to the box, ↓ to go through the results.",
        "ru": "Результаты появляются по мере ввода; Enter — полный поиск (опечатки, падежи). / — вернуться к полю, ↓ — к результатам.",
        "zh-Hans": "输入时即显示结果；按回车进行完整搜索（容错、变格）。按 / 回到搜索框，按 ↓ 浏览结果。",
    },
    "results_for": {"en": "Results for", "ru": "Результаты для", "zh-Hans": "搜索结果："},
    "prefix_results": {"en": "Completions for", "ru": "Варианты для", "zh-Hans": "补全："},
    "no_results": {
        "en": "Nothing matched. Try another spelling, or press Enter for a full search.",
        "ru": "Ничего не найдено. Попробуйте другое написание или нажмите Enter для полного поиска.",
        "zh-Hans": "没有匹配结果。请换一种写法，或按回车进行完整搜索。",
    },
    "matched": {"en": "matched", "ru": "совпадение", "zh-Hans": "匹配"},
    "romanises": {"en": "romanises", "ru": "транслитерация", "zh-Hans": "转写自"},
    "score": {"en": "score", "ru": "оценка", "zh-Hans": "得分"},
    "permalink": {"en": "Permalink", "ru": "Постоянная ссылка", "zh-Hans": "永久链接"},
    "copy": {"en": "Copy", "ru": "Копировать", "zh-Hans": "复制"},
    "copied": {"en": "Copied", "ru": "Скопировано", "zh-Hans": "已复制"},
    "current_names": {"en": "Current names", "ru": "Современные названия", "zh-Hans": "现用名称"},
    "current_none": {
        "en": "No name with a recorded period is in use this year; the preferred names are shown.",
        "ru": "Ни одно датированное название не используется сейчас; показаны предпочтительные.",
        "zh-Hans": "没有记录有使用时期的现用名称；显示首选名称。",
    },
    "which_form": {"en": "Which form to write", "ru": "Какую форму писать", "zh-Hans": "应当使用的写法"},
    "context": {"en": "Context", "ru": "Контекст", "zh-Hans": "使用场合"},
    "language": {"en": "Language", "ru": "Язык", "zh-Hans": "语言"},
    "form": {"en": "Form", "ru": "Форма", "zh-Hans": "写法"},
    "rule": {"en": "Rule", "ru": "Правило", "zh-Hans": "依据"},
    "no_rule": {
        "en": "No rule is recorded. The gazetteer does not guess.",
        "ru": "Правило не записано. Справочник не гадает.",
        "zh-Hans": "未记录相关规定。本词典不作猜测。",
    },
    "all_names": {"en": "All names", "ru": "Все названия", "zh-Hans": "全部名称"},
    "period": {"en": "Period", "ru": "Период", "zh-Hans": "使用时期"},
    "undated": {"en": "no period recorded", "ru": "период не записан", "zh-Hans": "未记录时期"},
    "derived": {"en": "derived by rule", "ru": "получено по правилу", "zh-Hans": "按规则生成"},
    "timeline": {"en": "Timeline", "ru": "Хронология", "zh-Hans": "时间线"},
    "timeline_legend": {
        "en": "Bars: names in use; dots: a source printed a label; diamonds: a status; faded ends and hollow marks: approximate dates.",
        "ru": "Полосы — названия; точки — источник напечатал название; ромбы — статус; размытые края и полые знаки — приблизительные даты.",
        "zh-Hans": "横条：使用中的名称；圆点：来源印有该名称；菱形：地位；渐隐端与空心标记：约略日期。",
    },
    "names_without_period": {
        "en": "Not on the time axis (no period recorded)",
        "ru": "Вне оси времени (период не записан)",
        "zh-Hans": "不在时间轴上（未记录时期）",
    },
    "at_date": {"en": "Names in use at", "ru": "Названия, бывшие в ходу в", "zh-Hans": "在以下时间使用的名称"},
    "at_label": {"en": "Year or date", "ru": "Год или дата", "zh-Hans": "年份或日期"},
    "show": {"en": "Show", "ru": "Показать", "zh-Hans": "显示"},
    "clear": {"en": "Clear", "ru": "Сбросить", "zh-Hans": "清除"},
    "attestations": {"en": "Attestations", "ru": "Свидетельства источников", "zh-Hans": "文献用例"},
    "source": {"en": "Source", "ru": "Источник", "zh-Hans": "来源"},
    "label_printed": {"en": "Label as printed", "ru": "Надпись как напечатано", "zh-Hans": "原文标注"},
    "role": {"en": "Role", "ru": "Роль", "zh-Hans": "作用"},
    "date": {"en": "Date", "ru": "Дата", "zh-Hans": "日期"},
    "locator": {"en": "Where", "ru": "Где", "zh-Hans": "出处"},
    "status": {"en": "Legal and depicted status", "ru": "Правовой статус и изображение на картах", "zh-Hans": "法律地位与地图表示"},
    "legal": {"en": "Legal", "ru": "Правовой", "zh-Hans": "法律"},
    "depicted": {"en": "Depicted", "ru": "На картах", "zh-Hans": "地图表示"},
    "reported": {"en": "Reported", "ru": "По сообщениям", "zh-Hans": "报道"},
    "agrees": {"en": "agrees with the legal status then", "ru": "совпадает с правовым статусом", "zh-Hans": "与当时法律地位一致"},
    "differs": {"en": "differs from the legal status then", "ru": "расходится с правовым статусом", "zh-Hans": "与当时法律地位不同"},
    "sources": {"en": "Sources", "ru": "Источники", "zh-Hans": "来源"},
    "place": {"en": "Place", "ru": "Объект", "zh-Hans": "地点"},
    "printed": {"en": "What it printed, place by place", "ru": "Что напечатано, по объектам", "zh-Hans": "所印名称（按地点）"},
    "issuer": {"en": "Issuer", "ru": "Издатель", "zh-Hans": "发布机构"},
    "edition": {"en": "Edition", "ru": "Издание", "zh-Hans": "文号/版次"},
    "address": {"en": "Address (not a link: this page works offline)", "ru": "Адрес (не ссылка: страница работает без сети)", "zh-Hans": "网址（不作链接：本页可离线使用）"},
    "claims": {"en": "Disagreeing claims", "ru": "Расходящиеся сведения", "zh-Hans": "不同说法"},
    "cited_by": {"en": "Facts about it from", "ru": "Сведения о нём из", "zh-Hans": "相关资料来源"},
    "compare_title": {"en": "Two sources side by side", "ru": "Два источника рядом", "zh-Hans": "两种来源对照"},
    "compare_button": {"en": "Compare", "ru": "Сравнить", "zh-Hans": "比较"},
    "change": {"en": "Change", "ru": "Изменение", "zh-Hans": "变化"},
    "annotate_title": {"en": "Annotate an article", "ru": "Разметить статью", "zh-Hans": "标注文章"},
    "annotate_label": {"en": "Paste an article", "ru": "Вставьте текст статьи", "zh-Hans": "粘贴文章"},
    "annotate_button": {"en": "Find places", "ru": "Найти объекты", "zh-Hans": "查找地名"},
    "annotate_noscript": {
        "en": "This page needs JavaScript: it sends the text to POST /v1/annotate and highlights the answer.",
        "ru": "Этой странице нужен JavaScript: она отправляет текст в POST /v1/annotate и подсвечивает ответ.",
        "zh-Hans": "本页需要 JavaScript：它将文本发送到 POST /v1/annotate 并高亮结果。",
    },
    "mentions": {"en": "Places found", "ru": "Найденные объекты", "zh-Hans": "识别出的地名"},
    "not_found": {"en": "Not found", "ru": "Не найдено", "zh-Hans": "未找到"},
    "bad_request": {"en": "Cannot show this", "ru": "Невозможно показать", "zh-Hans": "无法显示"},
    "interface": {"en": "Interface", "ru": "Интерфейс", "zh-Hans": "界面"},
    "kind.official": {"en": "official", "ru": "официальное", "zh-Hans": "正式名称"},
    "kind.exonym": {"en": "exonym", "ru": "экзоним", "zh-Hans": "外语名"},
    "kind.historical": {"en": "historical", "ru": "историческое", "zh-Hans": "历史名称"},
    "kind.former_official": {"en": "former official", "ru": "бывшее официальное", "zh-Hans": "旧正式名称"},
    "kind.variant": {"en": "variant", "ru": "вариант", "zh-Hans": "异名"},
    "kind.colloquial": {"en": "colloquial", "ru": "разговорное", "zh-Hans": "俗称"},
    "kind.abbreviation": {"en": "abbreviation", "ru": "сокращение", "zh-Hans": "简称"},
    "context.prc-public-map": {"en": "PRC public map", "ru": "Общедоступная карта КНР", "zh-Hans": "中国公开地图"},
    "context.prc-news": {"en": "PRC news", "ru": "Новости КНР", "zh-Hans": "中国新闻"},
    "context.prc-publishing": {"en": "PRC publishing", "ru": "Издания КНР", "zh-Hans": "中国出版物"},
    "context.taiwan": {"en": "Taiwan", "ru": "Тайвань", "zh-Hans": "台湾"},
    "context.hong-kong": {"en": "Hong Kong", "ru": "Гонконг", "zh-Hans": "香港"},
    "context.english-news": {"en": "English-language news", "ru": "Англоязычные новости", "zh-Hans": "英文新闻"},
}

LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "zh-Hans": "中文"}


def negotiate(asked: str | None, accept_language: str | None) -> str:
    """The interface language: `hl` when it names one we have, else the browser's first match."""
    if asked:
        for lang in UI_LANGUAGES:
            if asked.lower() == lang.lower() or asked.lower().split("-")[0] == lang[:2]:
                return lang
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        for lang in UI_LANGUAGES:
            if tag and (tag == lang.lower() or tag.split("-")[0] == lang[:2]):
                return lang
    return DEFAULT


def translator(lang: str) -> Callable[..., str]:
    """``t(key)`` in ``lang``; ``t(key, default)`` for words the catalogue may not have."""

    def t(key: str, default: str | None = None) -> str:
        entry = CATALOGUE.get(key)
        if entry is None:
            return default if default is not None else key
        return entry.get(lang) or entry[DEFAULT]

    return t
