"""Files → validated objects. Every problem is collected and reported at `file:line`.

`yaml_source` reads YAML 1.2 with a line for every value; `config`, `records` and `pages`
are the typed models of site_config.yml, the records and the front matter; `explain` turns
pydantic's errors into an editor's words; `content` walks content/ and refuses what does
not belong; `record_checks` checks what needs other files (programmes, languages) and adds
up budget tables; `catalogues` loads the interface strings and proves them complete."""
