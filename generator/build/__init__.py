"""The one pipeline (`pipeline`: prepare, build, check) and what makes rebuilds cheap:
`keys` (what each page depends on), `cache` (snapshot, manifest, parse cache), `workers`
(forked render processes), `fastpath` ("nothing changed?" with the standard library only)
and `progress`. Kept free of imports so that `fastpath` loads no library."""
