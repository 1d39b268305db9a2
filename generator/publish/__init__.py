"""The staged output folder: everything between rendered bytes and a published site.

`staging` writes into a fresh folder beside the output, compresses when asked, and swaps it
in atomically (a failed build leaves the published folder exactly as it was); `assets`
fingerprints the theme's static files; `links` checks every internal link and anchor;
`search` builds the Pagefind index; `headers` writes `_headers` for static hosts."""
