"""Validated objects → one immutable site model; no HTML.

`site` makes every page × language with its URL, alternates and fallbacks (`build_model`
→ `Site`); `portfolio` groups projects by programme, country, partner and status; and
`translation_status` says for every page and language whether its translation is current."""
