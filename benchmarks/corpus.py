"""Synthetic portfolio for the benchmark: one corpus, three equivalent sites.

``generate(target, n_projects)`` writes, into ``target``:

* the eupages site itself at the top level (``site_config.yml``, ``content/``), in the
  exact format of ``docs/content-model.md``: N project records, and for each of the five
  languages (en, sv, no, pl, lt) one Markdown page per project plus ``index.md`` and
  ``about.md``;
* ``hugo/``: a multilingual Hugo site with the same pages (and the record's facts copied
  into each page's front matter, since Hugo has no notion of a language-neutral record),
  with minimal but real templates (baseof, list, single);
* ``mkdocs/``: an MkDocs + Material + mkdocs-static-i18n project with the same pages in
  the ``docs/<lang>/`` folder layout;
* ``corpus.json``: what was generated (N, seed, page counts, slugs), so that a caller can
  reuse a corpus instead of regenerating it.

Everything is deterministic: the same (N, seed) gives byte-identical files.

Run it alone with ``python -m benchmarks.corpus --projects 50 --out /tmp/corpus``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "theme"

CORPUS_FORMAT = 3  # bump when the generated output changes, so cached corpora are redone
# 3: Hugo's single pages carry data-pagefind-body (the Hugo + Pagefind row indexes what eupages indexes)

# (code, locale, name, Material interface language)
LANGUAGES = [
    ("en", "en_GB", "English", "en"),
    ("sv", "sv_SE", "Svenska", "sv"),
    ("no", "nb_NO", "Norsk (bokmål)", "nb"),  # Material has no "no": Norwegian is "nb"
    ("pl", "pl_PL", "Polski", "pl"),
    ("lt", "lt_LT", "Lietuvių", "lt"),
]
LANG_CODES = [code for code, *_ in LANGUAGES]

SITE_NAME = {
    "en": "Creative regions — EU cooperation projects",
    "sv": "Kreativa regioner — EU-samarbetsprojekt",
    "no": "Kreative regioner — EU-samarbeidsprosjekter",
    "pl": "Kreatywne regiony — projekty współpracy UE",
    "lt": "Kūrybiški regionai — ES bendradarbiavimo projektai",
}

PROGRAMMES = {
    "interreg-ivc": {
        "name": {
            "en": "Interreg IVC",
            "sv": "Interreg IVC",
            "no": "Interreg IVC",
            "pl": "Interreg IVC",
            "lt": "Interreg IVC",
        },
        "programming_period": "2007-2013",
        "fund": "erdf",
        "logo": None,
    },
    "interreg-ivb-bsr": {
        "name": {
            "en": "Baltic Sea Region Programme 2007-2013",
            "sv": "Östersjöprogrammet 2007–2013",
            "no": "Østersjøprogrammet 2007–2013",
            "pl": "Program Regionu Morza Bałtyckiego 2007–2013",
            "lt": "Baltijos jūros regiono programa 2007–2013",
        },
        "programming_period": "2007-2013",
        "fund": "erdf",
        "logo": None,
    },
    "nordic-culture-point": {
        "name": {
            "en": "Nordic Culture Point mobility grants",
            "sv": "Nordisk kulturkontakts mobilitetsstöd",
            "no": "Nordisk kulturkontakts mobilitetsstøtte",
            "pl": "Granty mobilności Nordic Culture Point",
            "lt": "Šiaurės kultūros centro judumo dotacijos",
        },
        "programming_period": "2014-2020",
        "fund": "none",
        "logo": None,
    },
}

# A fixed vocabulary per language, enough to give each page its language's look
# (letters, word lengths, diacritics) without pretending to be prose.
WORDS = {
    "en": (
        "region cooperation project partners culture creative industries development "
        "network municipality university knowledge innovation sustainable growth "
        "heritage tourism design media cities rural urban exchange experience training "
        "entrepreneurs small businesses public authorities policy strategy pilot action "
        "results impact transfer regional local international cross-border people "
        "young artists musicians festival museum library digital services skills "
        "workshop conference study visit method toolkit evaluation survey mapping "
        "support funding capacity cluster incubator investment infrastructure quality "
        "visitors communities participation together shared common future new better "
        "stronger open practical successful important several different"
    ).split(),
    "sv": (
        "region samarbete projekt partner kultur kreativa näringar utveckling nätverk "
        "kommun universitet kunskap innovation hållbar tillväxt kulturarv turism design "
        "medier städer landsbygd utbyte erfarenhet utbildning entreprenörer småföretag "
        "myndigheter politik strategi pilotverksamhet resultat påverkan överföring "
        "regional lokal internationell gränsöverskridande människor unga konstnärer "
        "musiker festival museum bibliotek digitala tjänster färdigheter verkstad "
        "konferens studieresa metod verktygslåda utvärdering enkät kartläggning stöd "
        "finansiering förmåga kluster företagsinkubator investering infrastruktur "
        "kvalitet besökare gemenskaper delaktighet tillsammans gemensam framtid nya "
        "bättre starkare öppen praktisk framgångsrik viktig flera olika också för och"
    ).split(),
    "no": (
        "region samarbeid prosjekt partner kultur kreative næringer utvikling nettverk "
        "kommune universitet kunnskap innovasjon bærekraftig vekst kulturarv turisme "
        "design medier byer distrikt utveksling erfaring opplæring gründere småbedrifter "
        "myndigheter politikk strategi pilotaktivitet resultater påvirkning overføring "
        "regional lokal internasjonal grenseoverskridende mennesker unge kunstnere "
        "musikere festival museum bibliotek digitale tjenester ferdigheter verksted "
        "konferanse studietur metode verktøykasse evaluering spørreundersøkelse "
        "kartlegging støtte finansiering kapasitet klynge inkubator investering "
        "infrastruktur kvalitet besøkende lokalsamfunn medvirkning sammen felles "
        "framtid nye bedre sterkere åpen praktisk vellykket viktig flere ulike også og"
    ).split(),
    "pl": (
        "region współpraca projekt partnerzy kultura przemysły kreatywne rozwój sieć "
        "gmina uniwersytet wiedza innowacje zrównoważony wzrost dziedzictwo turystyka "
        "projektowanie media miasta obszary wiejskie wymiana doświadczenie szkolenia "
        "przedsiębiorcy małe firmy władze publiczne polityka strategia działania "
        "pilotażowe rezultaty wpływ transfer regionalny lokalny międzynarodowy "
        "transgraniczny ludzie młodzi artyści muzycy festiwal muzeum biblioteka cyfrowe "
        "usługi umiejętności warsztaty konferencja wizyta studyjna metoda narzędzia "
        "ewaluacja ankieta mapowanie wsparcie finansowanie potencjał klaster inkubator "
        "inwestycja infrastruktura jakość odwiedzający społeczności udział razem wspólna "
        "przyszłość nowe lepsze silniejsze otwarte praktyczne ważne kilka różnych oraz"
    ).split(),
    "lt": (
        "regionas bendradarbiavimas projektas partneriai kultūra kūrybinės industrijos "
        "plėtra tinklas savivaldybė universitetas žinios inovacijos tvarus augimas "
        "paveldas turizmas dizainas žiniasklaida miestai kaimo vietovės mainai patirtis "
        "mokymai verslininkai smulkusis verslas valdžios institucijos politika strategija "
        "bandomoji veikla rezultatai poveikis perdavimas regioninis vietinis tarptautinis "
        "tarpvalstybinis žmonės jaunimas menininkai muzikantai festivalis muziejus "
        "biblioteka skaitmeninės paslaugos įgūdžiai dirbtuvės konferencija pažintinis "
        "vizitas metodas priemonės vertinimas apklausa žemėlapis parama finansavimas "
        "gebėjimai klasteris inkubatorius investicija infrastruktūra kokybė lankytojai "
        "bendruomenės dalyvavimas kartu bendra ateitis nauji geresni stipresni atviri "
        "praktiški sėkmingi svarbūs keli skirtingi taip pat ir"
    ).split(),
}

HEADINGS = {
    "en": ["Background", "Aims", "Activities", "Work packages", "Results"],
    "sv": ["Bakgrund", "Mål", "Aktiviteter", "Arbetspaket", "Resultat"],
    "no": ["Bakgrunn", "Mål", "Aktiviteter", "Arbeidspakker", "Resultater"],
    "pl": ["Kontekst", "Cele", "Działania", "Pakiety robocze", "Rezultaty"],
    "lt": ["Kontekstas", "Tikslai", "Veiklos", "Darbų paketai", "Rezultatai"],
}

TABLE_HEAD = {
    "en": ["Work package", "Lead partner", "Months", "Main output"],
    "sv": ["Arbetspaket", "Ansvarig partner", "Månader", "Huvudsakligt resultat"],
    "no": ["Arbeidspakke", "Ansvarlig partner", "Måneder", "Hovedresultat"],
    "pl": ["Pakiet roboczy", "Partner wiodący", "Miesiące", "Główny rezultat"],
    "lt": ["Darbų paketas", "Atsakingas partneris", "Mėnesiai", "Pagrindinis rezultatas"],
}

WP = {"en": "WP", "sv": "AP", "no": "AP", "pl": "PR", "lt": "DP"}

CAPTION = {
    "en": "Budget by year and cost category",
    "sv": "Budget per år och kostnadsslag",
    "no": "Budsjett per år og kostnadstype",
    "pl": "Budżet według lat i kategorii kosztów",
    "lt": "Biudžetas pagal metus ir išlaidų kategorijas",
}

COMMUNICATION = {
    "en": "Communication and dissemination",
    "sv": "Kommunikation och spridning",
    "no": "Kommunikasjon og formidling",
    "pl": "Komunikacja i upowszechnianie",
    "lt": "Komunikacija ir sklaida",
}

LINK_LABEL = {
    "en": "Project website (archived)",
    "sv": "Projektets webbplats (arkiverad)",
    "no": "Prosjektets nettsted (arkivert)",
    "pl": "Strona projektu (archiwum)",
    "lt": "Projekto svetainė (archyvas)",
}

COST_CATEGORIES = ["staff", "external_services", "premises", "investments", "travel"]

# country -> (cities, organisation name patterns, currency)
COUNTRIES = {
    "SE": (
        ["Falun", "Östersund", "Umeå", "Luleå", "Västerås", "Gävle"],
        ["{c} kommun", "Region {c}", "{c} Science Park", "Musikhuset i {c}"],
        "SEK",
    ),
    "NO": (
        ["Trondheim", "Bodø", "Tromsø", "Ålesund", "Kristiansand"],
        ["{c} kommune", "Kulturhuset i {c}", "Næringsforeningen i {c}"],
        "NOK",
    ),
    "PL": (
        ["Gdańsk", "Szczecin", "Olsztyn", "Białystok", "Łódź"],
        ["Urząd Miasta {c}", "Uniwersytet w {c}", "Centrum Kultury {c}"],
        "PLN",
    ),
    "LT": (
        ["Klaipėda", "Kaunas", "Šiauliai", "Panevėžys", "Vilnius"],
        ["{c} miesto savivaldybė", "{c} kultūros centras", "{c} universitetas"],
        "EUR",
    ),
    "FI": (
        ["Turku", "Tampere", "Oulu", "Vaasa"],
        ["{c}n kaupunki", "{c} Science Park Oy", "{c}n ammattikorkeakoulu"],
        "EUR",
    ),
    "EE": (["Tartu", "Pärnu", "Viljandi"], ["{c} Linnavalitsus", "{c} Loomemajanduskeskus"], "EUR"),
    "LV": (["Riga", "Liepāja", "Ventspils"], ["{c} City Council", "{c} Creative Industries Centre"], "EUR"),
    "DE": (["Rostock", "Kiel", "Lübeck", "Greifswald"], ["Hansestadt {c}", "Universität {c}", "Kulturamt {c}"], "EUR"),
    "DK": (["Aarhus", "Aalborg", "Odense"], ["{c} Kommune", "{c} Erhvervsråd"], "EUR"),
}

TODAY = dt.date(2024, 1, 1)  # fixed, so nothing depends on when the corpus is made


# --------------------------------------------------------------------------- text


def _sentence(rng: random.Random, lang: str, lo: int = 9, hi: int = 17) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(lo, hi))]
    text = " ".join(words)
    if rng.random() < 0.3:  # a comma now and then
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + "," + text[cut:]
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, lang: str, sentences: int) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(sentences))


def _title_words(rng: random.Random, lang: str, n: int) -> str:
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n))


def _front_matter(meta: dict) -> str:
    return "---\n" + _yaml(meta) + "---\n"


class _Dumper(yaml.SafeDumper):
    """Lists of plain values in flow style (``values: [1, 2, 3]``), as people write them."""


def _represent_list(dumper: yaml.SafeDumper, data: list):
    flow = bool(data) and all(isinstance(x, (int, float, str)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _yaml(data) -> str:
    # PyYAML quotes every string that YAML 1.1 would read as something else
    # ("no", "2007", "on"), so the output means the same to a YAML 1.1 and a 1.2 reader.
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6)


def version_of(text: str) -> str:
    """A page's version, as docs/content-model.md defines it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------- records


def _make_record(rng: random.Random, index: int, programme: str) -> dict:
    """One project's language-neutral facts (content/projects/<slug>.yml)."""
    prog = PROGRAMMES[programme]
    n_partners = rng.randint(3, 8)
    countries = list(COUNTRIES)
    partners, used = [], set()
    while len(partners) < n_partners:
        country = rng.choice(countries)
        cities, patterns, _ = COUNTRIES[country]
        city = rng.choice(cities)
        name = rng.choice(patterns).format(c=city)
        if name in used:
            continue
        used.add(name)
        partners.append({"name": name, "city": city, "country": country, "role": "partner"})
    partners[0]["role"] = "lead"
    if n_partners >= 5:
        partners[-1]["role"] = "associated"

    if prog["fund"] == "none":
        first_year = rng.randint(2015, 2018)
    else:
        first_year = rng.randint(2008, 2011)
    start = dt.date(first_year, rng.choice([1, 4, 7, 10]), 1)
    months = 36
    end_month = start.month + months - 1
    end_year = start.year + (end_month - 1) // 12
    end_month = (end_month - 1) % 12 + 1
    end = _month_end(end_year, end_month)
    approved = start - dt.timedelta(days=rng.randint(20, 120))

    lead_currency = COUNTRIES[partners[0]["country"]][2]
    currency = lead_currency if lead_currency in ("SEK", "EUR") else "EUR"
    years = [first_year, first_year + 1, first_year + 2]
    scale = 1000 if currency == "EUR" else 10000
    rows = []
    labels: list = list(COST_CATEGORIES) + [dict(COMMUNICATION)]
    for label in labels:
        values = [rng.randint(5, 400) * scale for _ in years]
        rows.append({"label": label, "values": values, "total": sum(values)})
    col_totals = [sum(r["values"][i] for r in rows) for i in range(len(years))]
    grand = sum(col_totals)

    record: dict = {
        "acronym": None,  # filled in by the caller, which knows the title
        "official_name": None,
        "programme": programme,
        "reference": str(1000 + index),
        "approved": approved,
        "period": {"start": start, "end": end, "duration_months": months},
    }
    if prog["fund"] == "none":
        record["funding"] = "none"
    else:
        rate = rng.choice([75, 80, 85])
        record["funding"] = {
            "fund": prog["fund"],
            "programming_period": prog["programming_period"],
            "co_financing_rate": rate,
        }
    budget: dict = {"total": [{"amount": float(grand), "currency": currency}]}
    if prog["fund"] != "none":
        budget["eu_contribution"] = [
            {"amount": round(grand * record["funding"]["co_financing_rate"] / 100, 2), "currency": currency}
        ]
    budget["contributions"] = [
        {
            "partner": partners[0]["name"],
            "amount": rng.randint(5, 50) * scale // 10,
            "currency": currency,
            "per_year": True,
            "in_kind": True,
        }
    ]
    budget["tables"] = [
        {
            "id": "costs",
            "kind": "costs",
            "caption": dict(CAPTION),
            "columns": years,
            "currency": currency,
            "rows": rows,
            "total": {"values": col_totals, "total": grand},
        }
    ]
    record["budget"] = budget
    record["partners"] = partners
    return record


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# --------------------------------------------------------------------------- pages


def _project_body(rng: random.Random, lang: str, record: dict) -> str:
    h = HEADINGS[lang]
    head = TABLE_HEAD[lang]
    parts = [_paragraph(rng, lang, 3), ""]
    parts += [f"## {h[0]}", "", _paragraph(rng, lang, 3), "", _paragraph(rng, lang, 2), ""]
    parts += [f"## {h[1]}", "", _paragraph(rng, lang, 2), ""]
    parts += [f"## {h[2]}", "", _paragraph(rng, lang, 2), ""]
    for _ in range(5):
        parts.append("- " + _sentence(rng, lang, 5, 9))
    parts.append("")
    parts += [f"## {h[3]}", ""]
    parts.append("| " + " | ".join(head) + " |")
    parts.append("|---|---|---:|---|")
    partners = record["partners"]
    for i in range(6):
        lead = partners[i % len(partners)]["name"]
        a = rng.randint(1, 24)
        b = min(36, a + rng.randint(6, 18))
        out = _title_words(rng, lang, 3)
        parts.append(f"| {WP[lang]}{i + 1} {_title_words(rng, lang, 2)} | {lead} | {a}–{b} | {out} |")
    parts.append("")
    parts += [f"## {h[4]}", "", _paragraph(rng, lang, 3), ""]
    return "\n".join(parts)


def _simple_body(rng: random.Random, lang: str, sections: int) -> str:
    parts = [_paragraph(rng, lang, 4), ""]
    for i in range(sections):
        parts += [f"## {HEADINGS[lang][i % 5]}", "", _paragraph(rng, lang, 4), ""]
    return "\n".join(parts)


def _hugo_facts(record: dict, programme_names: dict, lang: str) -> dict:
    """The record's facts, flattened into front matter for the peers."""
    table = record["budget"]["tables"][0]
    rows = []
    for row in table["rows"]:
        label = row["label"][lang] if isinstance(row["label"], dict) else row["label"]
        rows.append({"label": label, "values": row["values"], "total": row["total"]})
    total = record["budget"]["total"][0]
    return {
        "acronym": record["acronym"],
        "programme": programme_names[record["programme"]]["name"][lang],
        "reference": record["reference"],
        "start": record["period"]["start"].isoformat(),
        "end": record["period"]["end"].isoformat(),
        "funding": record["funding"]
        if record["funding"] == "none"
        else record["funding"]["fund"].upper() + " " + record["funding"]["programming_period"],
        "budget_total": total["amount"],
        "currency": total["currency"],
        "partners": [{"name": p["name"], "country": p["country"], "role": p["role"]} for p in record["partners"]],
        "costs": {
            "caption": table["caption"][lang],
            "columns": table["columns"],
            "rows": rows,
            "total": table["total"],
        },
    }


# --------------------------------------------------------------------------- peers

HUGO_BASEOF = """<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

# data-pagefind-body: Pagefind then indexes the single pages (projects, about) and leaves the
# list pages out, as eupages marks its project and stand-alone pages and leaves its listings out.
HUGO_SINGLE = """{{ define "main" }}
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<p class="summary">{{ .Summary }}</p>
{{ with .Params.facts }}
<dl class="facts">
<dt>Programme</dt><dd>{{ .programme }}</dd>
<dt>Reference</dt><dd>{{ .reference }}</dd>
<dt>Period</dt><dd>{{ .start | time.Format ":date_long" }} – {{ .end | time.Format ":date_long" }}</dd>
<dt>Funding</dt><dd>{{ .funding }}</dd>
<dt>Budget</dt><dd>{{ lang.FormatNumber 2 .budget_total }} {{ .currency }}</dd>
</dl>
<ul class="partners">{{ range .partners }}<li>{{ .name }} ({{ .country }}){{ if eq .role "lead" }} – lead{{ end }}</li>{{ end }}</ul>
{{ with .costs }}
<table><caption>{{ .caption }}</caption>
<thead><tr><th></th>{{ range .columns }}<th>{{ . }}</th>{{ end }}<th>Total</th></tr></thead>
<tbody>{{ range .rows }}<tr><th>{{ .label }}</th>{{ range .values }}<td>{{ lang.FormatNumber 0 . }}</td>{{ end }}<td>{{ lang.FormatNumber 0 .total }}</td></tr>{{ end }}</tbody>
<tfoot><tr><th>Total</th>{{ range .total.values }}<td>{{ lang.FormatNumber 0 . }}</td>{{ end }}<td>{{ lang.FormatNumber 0 .total.total }}</td></tr></tfoot>
</table>
{{ end }}
{{ end }}
{{ .Content }}
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="summary">{{ .Summary }}</p>
{{ .Content }}
<ul class="cards">
{{ range .RegularPagesRecursive }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>
{{ end }}</ul>
{{ end }}
"""

MKDOCS_MAIN = """{% extends "base.html" %}
{% block content %}
{% if page.meta and page.meta.facts %}{% set f = page.meta.facts %}
<h1>{{ page.title }}</h1>
<p class="summary">{{ page.meta.summary }}</p>
<dl class="facts">
<dt>Programme</dt><dd>{{ f.programme }}</dd>
<dt>Reference</dt><dd>{{ f.reference }}</dd>
<dt>Period</dt><dd>{{ f.start }} – {{ f.end }}</dd>
<dt>Funding</dt><dd>{{ f.funding }}</dd>
<dt>Budget</dt><dd>{{ "{:,.2f}".format(f.budget_total) }} {{ f.currency }}</dd>
</dl>
<ul class="partners">{% for p in f.partners %}<li>{{ p.name }} ({{ p.country }}){% if p.role == "lead" %} – lead{% endif %}</li>{% endfor %}</ul>
<table><caption>{{ f.costs.caption }}</caption>
<thead><tr><th></th>{% for c in f.costs.columns %}<th>{{ c }}</th>{% endfor %}<th>Total</th></tr></thead>
<tbody>{% for r in f.costs.rows %}<tr><th>{{ r.label }}</th>{% for v in r["values"] %}<td>{{ "{:,}".format(v) }}</td>{% endfor %}<td>{{ "{:,}".format(r.total) }}</td></tr>{% endfor %}</tbody>
<tfoot><tr><th>Total</th>{% for v in f.costs.total["values"] %}<td>{{ "{:,}".format(v) }}</td>{% endfor %}<td>{{ "{:,}".format(f.costs.total.total) }}</td></tr></tfoot>
</table>
{{ page.content }}
{% else %}
{{ super() }}
{% endif %}
{% endblock %}
"""


def _hugo_config() -> str:
    lines = [
        'baseURL = "https://example.org/"',
        'defaultContentLanguage = "en"',
        "defaultContentLanguageInSubdir = true",
        'disableKinds = ["taxonomy", "term"]',
        "",
        "[languages]",
    ]
    for weight, (code, locale, name, _) in enumerate(LANGUAGES, 1):
        lines += [
            f'  [languages."{code}"]',
            f'    contentDir = "content/{code}"',
            f"    weight = {weight}",
            f'    label = "{name}"',
            f'    locale = "{locale.replace("_", "-")}"',
            f'    title = "{SITE_NAME[code]}"',
        ]
    return "\n".join(lines) + "\n"


def _mkdocs_config() -> str:
    languages = []
    for code, _locale, name, material in LANGUAGES:
        entry = {"locale": code, "name": name, "build": True, "site_name": SITE_NAME[code]}
        if code == "en":
            entry["default"] = True
        # Every language states its Material interface language, not only Norwegian: the
        # plugin (1.3.1) restores the first override it saw as the "original" value, so an
        # override on "no" alone would leak "no" into the languages built after it.
        entry["theme"] = {"language": material}
        languages.append(entry)
    config = {
        "site_name": SITE_NAME["en"],
        "site_url": "https://example.org/",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "en", "custom_dir": "overrides"},
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "folder", "languages": languages}},
        ],
    }
    return _yaml(config)


# --------------------------------------------------------------------------- main


def write_site_config(target: Path | str, theme: Path | str = THEME) -> None:
    """(Re)write the corpus's site_config.yml, with ``folders.theme`` = ``theme``."""
    site_config = {
        "site_name": SITE_NAME,
        "base_url": "https://example.org/",
        "default_language": "en",
        "languages": [{"code": c, "locale": loc, "name": n} for c, loc, n, _ in LANGUAGES],
        "programmes": PROGRAMMES,
        "folders": {"content": "content", "theme": str(Path(theme).resolve()), "output": "site"},
    }
    text = "# Synthetic benchmark portfolio, made by benchmarks/corpus.py\n" + _yaml(site_config)
    path = Path(target) / "site_config.yml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def generate(target: Path | str, n_projects: int, seed: int = 20240101, theme: Path | str = THEME) -> dict:
    """Write a complete corpus of ``n_projects`` projects into ``target`` (emptied first).

    Returns the manifest that is also written to ``target/corpus.json``.
    """
    target = Path(target).resolve()
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    content = target / "content"
    hugo = target / "hugo"
    mk = target / "mkdocs"

    write_site_config(target, theme)
    (hugo / "layouts").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(_hugo_config(), encoding="utf-8")
    (hugo / "layouts" / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (hugo / "layouts" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (hugo / "layouts" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (mk / "overrides").mkdir(parents=True)
    (mk / "mkdocs.yml").write_text(_mkdocs_config(), encoding="utf-8")
    (mk / "overrides" / "main.html").write_text(MKDOCS_MAIN, encoding="utf-8")

    (content / "projects").mkdir(parents=True)
    for lang in LANG_CODES:
        (content / lang / "projects").mkdir(parents=True)
        (hugo / "content" / lang / "projects").mkdir(parents=True)
        (mk / "docs" / lang / "projects").mkdir(parents=True)

    def write_page(lang: str, rel: str, text: str, hugo_rel: str | None = None) -> None:
        (content / lang / rel).write_text(text, encoding="utf-8")
        (hugo / "content" / lang / (hugo_rel or rel)).write_text(text, encoding="utf-8")
        (mk / "docs" / lang / rel).write_text(text, encoding="utf-8")

    # stand-alone pages; eupages' index.md is Hugo's home page (_index.md)
    for name, sections in (("index", 1), ("about", 3)):
        en_version = None
        for lang in LANG_CODES:
            rng = random.Random(f"{seed}:{name}:{lang}")
            meta: dict = {
                "title": SITE_NAME[lang] if name == "index" else _title_words(rng, lang, 2).title(),
                "summary": _sentence(rng, lang),
            }
            if lang != "en":
                meta["translated_from"] = {"lang": "en", "version": en_version}
            text = _front_matter(meta) + "\n" + _simple_body(rng, lang, sections)
            if lang == "en":
                en_version = version_of(text)
            write_page(lang, f"{name}.md", text, "_index.md" if name == "index" else None)
    for lang in LANG_CODES:  # Hugo's section page for the project list (not a project)
        (hugo / "content" / lang / "projects" / "_index.md").write_text(
            _front_matter({"title": HEADINGS[lang][2]}), encoding="utf-8"
        )

    programme_keys = list(PROGRAMMES)
    slugs: list[str] = []
    page_bytes = 0
    for i in range(n_projects):
        rng = random.Random(f"{seed}:project:{i}")
        # most projects are ERDF 2007-2013; every seventh has no EU funding
        programme = programme_keys[2] if i % 7 == 6 else programme_keys[i % 2]
        record = _make_record(rng, i, programme)
        en_title_words = [rng.choice(WORDS["en"]) for _ in range(3)]
        acronym = "".join(w[0] for w in en_title_words).upper() + str(i % 100)
        record["acronym"] = acronym
        record["official_name"] = " ".join(w.capitalize() for w in en_title_words)
        slug = "-".join(en_title_words) + f"-{i}"
        slugs.append(slug)
        record["links"] = [{"url": f"https://projects-archive.example.net/{slug}/", "label": dict(LINK_LABEL)}]
        record["source"] = {"file": f"synthetic_{i:05d}.txt", "title": "Synthetic benchmark record", "kind": "summary"}
        (content / "projects" / f"{slug}.yml").write_text(
            f"# {record['official_name']}\n" + _yaml(record), encoding="utf-8"
        )

        en_version = None
        for lang in LANG_CODES:
            prng = random.Random(f"{seed}:page:{i}:{lang}")
            if lang == "en":
                title = record["official_name"]
            else:
                title = _title_words(prng, lang, 3).capitalize()
            meta = {"title": f"{title} ({acronym})", "summary": _sentence(prng, lang, 12, 20)}
            if lang != "en":
                meta["translated_from"] = {"lang": "en", "version": en_version}
            body = _project_body(prng, lang, record)
            text = _front_matter(meta) + "\n" + body
            if lang == "en":
                en_version = version_of(text)
            (content / lang / "projects" / f"{slug}.md").write_text(text, encoding="utf-8")
            page_bytes += len(text.encode("utf-8"))
            # the peers get the same page with the record's facts in its front matter
            peer_meta = dict(meta)
            peer_meta["facts"] = _hugo_facts(record, PROGRAMMES, lang)
            peer_text = _front_matter(peer_meta) + "\n" + body
            (hugo / "content" / lang / "projects" / f"{slug}.md").write_text(peer_text, encoding="utf-8")
            (mk / "docs" / lang / "projects" / f"{slug}.md").write_text(peer_text, encoding="utf-8")

    manifest = {
        "format": CORPUS_FORMAT,
        "projects": n_projects,
        "seed": seed,
        "languages": LANG_CODES,
        "theme": str(Path(theme).resolve()),
        "project_pages": n_projects * len(LANG_CODES),
        "other_pages": 2 * len(LANG_CODES),
        "mean_project_page_bytes": round(page_bytes / max(1, n_projects * len(LANG_CODES))),
        "slugs": slugs,
    }
    (target / "corpus.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--projects", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    m = generate(args.out, args.projects, args.seed)
    print(
        f"{args.out}: {m['projects']} projects, {m['project_pages']} project pages, "
        f"mean page {m['mean_project_page_bytes']} bytes"
    )


if __name__ == "__main__":
    main()
