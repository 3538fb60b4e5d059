"""A small multilingual news site for the consumer tests: dated and undated pages, with and
without a site name, in English, Russian, Kazakh and German; `edit` changes one story so that
a second crawl writes its revision 2."""

from __future__ import annotations

import html
from pathlib import Path

EN = ["The regional akimat approved a new budget for school repairs on Tuesday, after a long debate among deputies.",
      "Officials said the money would cover roofs, heating and new windows in forty schools across the region.",
      "Parents welcomed the decision but asked the council to publish a timetable so that classes are not disrupted.",
      "The first contracts are expected to be signed next month, and the work should be finished before winter."]
RU = ["Городской совет утвердил новый план развития общественного транспорта на ближайшие пять лет.",
      "По словам чиновников, в городе появятся новые автобусные маршруты и выделенные полосы на главных улицах.",
      "Жители давно жаловались на переполненные автобусы и долгое ожидание на остановках в часы пик.",
      "Первые изменения пассажиры увидят уже весной, когда на линии выйдут сорок новых автобусов."]
KK = ["Облыс әкімдігі ауыл шаруашылығын дамытуға арналған жаңа бағдарламаны бекітті деп хабарлады баспасөз қызметі.",
      "Бағдарлама бойынша фермерлерге жеңілдетілген несие беріліп, суармалы жерлердің көлемі ұлғаяды.",
      "Шаруалар бұл шешімді қолдап, техника сатып алуға көмек қажет екенін айтты.",
      "Алғашқы қаражат көктемгі егіс науқаны басталмай тұрып бөлінеді деп күтілуде."]
DE = ["Der Stadtrat hat am Mittwoch einen neuen Plan für den Ausbau der Radwege in der Innenstadt beschlossen.",
      "Nach Angaben der Verwaltung sollen in den nächsten drei Jahren mehr als zwanzig Kilometer neue Wege entstehen.",
      "Anwohner begrüßten die Entscheidung, forderten aber mehr Parkplätze für Fahrräder an den Bahnhöfen.",
      "Die ersten Bauarbeiten beginnen im Frühjahr, sobald die Ausschreibung abgeschlossen ist."]

AUTHORS = {"school-repairs": ["Aigerim Sadykova", "John Miller"], "novye-avtobusy": ["Иван Петров"]}
# slug -> (language, title, published or None, site name or None, paragraphs)
STORIES = {
    "school-repairs": ("en", "Akimat approves school repair budget", "2024-03-14T09:12:00+05:00", "Test Herald", EN),
    "novye-avtobusy": ("ru", "Город утвердил план развития транспорта", "2024-03-13T18:00:00+05:00", "Test Herald", RU),
    "auyl-sharuashylygy": ("kk", "Әкімдік жаңа бағдарламаны бекітті", "2024-03-13", "Test Herald", KK),
    "radwege": ("de", "Stadtrat beschließt neue Radwege", "2024-03-12T23:30:00", None, DE),
    "undated-notice": ("en", "Council publishes annual water report", None, None,
                       [p.replace("school", "water") for p in EN]),
}


def page(slug: str, extra: str = "") -> str:
    lang, title, published, site_name, paragraphs = STORIES[slug]
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    if site_name:
        meta += f'<meta property="og:site_name" content="{html.escape(site_name)}">'
    meta += "".join(f'<meta name="author" content="{html.escape(a)}">' for a in AUTHORS.get(slug, ()))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in ([extra] if extra else []) + paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta property="og:type" content="article">{meta}</head>'
            f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>")


def write(root: Path) -> None:
    for slug in STORIES:
        target = root / "news" / slug / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page(slug), "utf-8")
    urls = "".join(f"<url><loc>{{{{BASE_URL}}}}/news/{slug}/</loc></url>" for slug in STORIES)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    (root / "robots.txt").write_text("User-agent: *\nSitemap: {{BASE_URL}}/sitemap.xml\n")


def edit(root: Path) -> None:
    (root / "news" / "school-repairs" / "index.html").write_text(
        page("school-repairs", "Correction: an earlier version of this story gave the wrong number of schools."),
        "utf-8")


def sites_file(path: Path, base_url: str) -> Path:
    path.write_text(f'[[site]]\nname = "herald"\nbase_url = "{base_url}/"\nsitemaps = ["robots"]\n'
                    'delay = 0\nconcurrency = 4\nrecheck_after = "0s"\nmax_depth = 0\n')
    return path
