"""Site model × page → bytes. Pure, so pages render in worker processes in any order.

`renderer.Renderer` renders a page from its context (`views`, `labels`) through the Jinja
environment of its language (`environment`, with Babel's formatting from `formatting`);
`markdown` and `sanitize` turn an editor's narrative into safe HTML; `site_files` lists the
site-wide files (root, 404 pages, status page, open data, sitemap, robots.txt);
`expectations` says what the EU audit must find on each project page."""
