"""The command line's other verbs, each an end of the one pipeline: `serve` and `live`
(preview, rebuild on save), `new` (scaffolding), `schema` (JSON Schemas from the models),
`translations` (status table, --mark-current) and `export_mkdocs`."""
