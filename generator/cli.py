"""The `eupages` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
from generator.errors import ContentError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except ContentError as err:
        _report(err)
        return 1
    except KeyboardInterrupt:
        print("eupages: stopped", file=sys.stderr)
        return 130


def _report(err: ContentError) -> None:
    for problem in err.problems:
        print(problem, file=sys.stderr)
    count = len(err.problems)
    print(f"eupages: {count} problem{'s' if count != 1 else ''} found; nothing was published.", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eupages", description=__doc__)
    parser.add_argument("--version", action="version", version=f"eupages {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command")

    build = commands.add_parser("build", help="validate everything and write the site")
    _common(build)
    build.add_argument("-o", "--output", type=Path, help="output folder (default: folders.output, usually site/)")
    build.add_argument("--base-url", help="override base_url, e.g. https://example.github.io/repo/")
    build.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="leave out the Pagefind search index (faster; the search page then explains it is unavailable)",
    )
    build.add_argument(
        "--precompress",
        action="store_true",
        help="also write .gz and .br copies of text files, for hosts that serve them",
    )
    build.add_argument("-j", "--jobs", type=int, help="worker processes for rendering (default: one per CPU)")
    build.set_defaults(run=_build)

    serve = commands.add_parser(
        "serve", help="preview the site on http://127.0.0.1:8000; rebuilds and reloads on every save"
    )
    _common(serve)
    serve.add_argument("-o", "--output", type=Path, help="output folder (default: folders.output)")
    serve.add_argument("-p", "--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(run=_serve)

    check = commands.add_parser("check", help="validate config, records, pages and templates; write nothing")
    _common(check)
    check.set_defaults(run=_check)

    translations = commands.add_parser(
        "translations", help="show which translations are up to date, outdated or missing"
    )
    _common(translations)
    translations.add_argument("--json", action="store_true", help="print JSON (for CI) instead of a table")
    translations.add_argument("--strict", action="store_true", help="exit 1 when a translation is outdated or missing")
    review = translations.add_mutually_exclusive_group()
    review.add_argument(
        "--diff",
        type=Path,
        metavar="FILE",
        help="show what changed in the source page of the translation FILE since it was translated "
        "(the earlier text comes from git)",
    )
    review.add_argument(
        "--mark-current",
        type=Path,
        metavar="FILE",
        help="show what changed in FILE's source page, then record that FILE has been brought up to date with it",
    )
    translations.set_defaults(run=_translations)
    _exchange_commands(translations)

    _export_commands(commands)
    _editing_commands(commands)
    _audit_command(commands)
    return parser


def _export_commands(commands) -> None:
    export = commands.add_parser("export", help="write the site as a project of another tool")
    formats = export.add_subparsers(dest="format", metavar="format", required=True)
    mkdocs = formats.add_parser(
        "mkdocs",
        help="a MkDocs project (Material, mkdocs-static-i18n); needs the 'mkdocs' extra to build",
        description="Write mkdocs.yml, docs/<language>/… and a Material override into FOLDER "
        "(replaced as a whole). Build it with: cd FOLDER && mkdocs build --strict",
    )
    _common(mkdocs)
    mkdocs.add_argument("folder", type=Path, help="the folder to write the MkDocs project into")
    mkdocs.set_defaults(run=_export_mkdocs)


def _common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "-c",
        "--config",
        type=Path,
        default=Path("site_config.yml"),
        help="the site's configuration file (default: ./site_config.yml)",
    )


def _build(args) -> int:
    from generator.build import fastpath

    if fastpath.nothing_changed(args.config, args.output, args.base_url, args.precompress, args.search):
        print("eupages: nothing changed since the last build")
        return 0
    from generator.build.pipeline import build
    from generator.build.progress import Progress

    _collect_less()
    result = build(
        args.config,
        args.output,
        args.base_url,
        search=args.search,
        precompress=args.precompress,
        jobs=args.jobs,
        progress=Progress(),
    )
    print(
        f"eupages: built {result.pages} pages into {result.output} "
        f"({result.rendered} rendered, {result.reused} unchanged)"
    )
    share = result.share_images
    if share is not None and share.paths:
        # What the share images cost, apart from the pages (the benchmark reads this line).
        print(
            f"eupages: share images: {share.rendered} rendered ({share.ms_per_image:.1f} ms each,"
            f" {share.render_seconds:.2f} s of work), {share.reused} unchanged;"
            f" {share.stage_seconds:.2f} s in all"
        )
    return 0


def _collect_less() -> None:
    """A build makes millions of objects that live until it ends (the parsed site, its
    pages' keys) and few reference cycles: Python's default cycle collector, run every 700
    new objects over everything alive, was a fifth of a one-edit rebuild. What is loaded so
    far (the libraries) is never garbage; the rest is collected in bigger steps."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _check(args) -> int:
    from generator.build.pipeline import check

    result = check(args.config)
    print(f"eupages: everything is valid ({result.pages} pages rendered and audited; nothing was written)")
    return 0


def _translations(args) -> int:
    from generator.commands import translations as tr

    if args.diff:
        shown = tr.review(args.config, args.diff)
        if shown.problem:
            print(shown.problem, file=sys.stderr)
            return 1
        print(shown.report())
        return 0
    if args.mark_current:
        shown = tr.review(args.config, args.mark_current)  # the change this acknowledges, shown first
        if shown.problem:
            print(shown.problem, file=sys.stderr)
        else:
            print(shown.report())
        version = tr.acknowledge(shown)
        from generator.commands import exchange

        exchange.mark_current(args.config, args.mark_current)  # and every unit of it, for the next export
        print(f"eupages: {args.mark_current} is marked up to date (source version {version})")
        return 0
    loaded, counted = tr.load_counted(args.config)
    items = [status for status, _counts in counted]
    if args.json:
        print(tr.as_json_counted(counted))
    else:
        print(tr.as_table(items, loaded.config.codes))
        print()
        print(tr.counts_table(counted, loaded.config.codes))
    stale = any(item.state in (tr.OUTDATED, tr.MISSING) for item in items)
    return 1 if args.strict and stale else 0


def _exchange_commands(translations) -> None:
    actions = translations.add_subparsers(dest="action", metavar="action")
    export = actions.add_parser(
        "export",
        help="write every text of the site for one language as XLIFF or PO, for a CAT tool or Weblate",
        description="Every translatable unit of the site for LANG — each page's title, summary, aims and results, "
        "each paragraph, heading, list item and table cell, and the texts of the records and site_config.yml — "
        "with the default language's text as source and LANG's current text as target. Units whose source "
        "changed since they were translated are marked for review (fuzzy in PO).",
    )
    _common(export)
    export.add_argument("lang", help="the language to translate into, e.g. pl")
    export.add_argument(
        "--format", choices=["xliff", "po"], default="xliff", help="XLIFF 1.1 (default; the Translate Toolkit's) or PO"
    )
    export.add_argument("-o", "--output", type=Path, help="the file to write (default: print to standard output)")
    export.set_defaults(run=_exchange_export)
    load = actions.add_parser(
        "import",
        help="write the translations of an exported XLIFF or PO file back into the pages and records",
        description="Check every unit of FILE first (its site and language, unit ids, placeholders); on any problem "
        "write nothing. Only units whose text or state changed are written; the rest of each file is kept as it is.",
    )
    _common(load)
    load.add_argument("file", type=Path, help="an XLIFF or PO file made by `eupages translations export`")
    load.set_defaults(run=_exchange_import)


def _exchange_export(args) -> int:
    from generator.commands import exchange

    try:
        data = exchange.export(args.config, args.lang, args.format)
    except exchange.ExchangeError as err:
        print("\n".join(err.lines), file=sys.stderr)
        return 1
    if args.output:
        args.output.write_bytes(data)
        print(f"eupages: wrote the {args.lang} translation units to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _exchange_import(args) -> int:
    from generator.commands import exchange

    try:
        result = exchange.import_file(args.config, args.file)
    except exchange.ExchangeError as err:
        print("\n".join(err.lines), file=sys.stderr)
        count = len(err.lines)
        print(f"eupages: {count} problem{'s' if count != 1 else ''} found; no file was written", file=sys.stderr)
        return 1
    for name in result.written:
        print(f"eupages: wrote {name}")
    plural = "s" if result.units != 1 else ""
    print(f"eupages: {result.units} unit{plural} imported, {len(result.written)} files written")
    return 0


def _export_mkdocs(args) -> int:
    from generator.commands.export_mkdocs import export_mkdocs

    result = export_mkdocs(args.config, args.folder)
    print(f"eupages: wrote {result.pages} pages in {result.languages} languages into {result.folder}")
    print(f"eupages: build it with: cd {result.folder} && mkdocs build --strict")
    return 0


def _serve(args) -> int:
    from generator.commands.live import LiveSite
    from generator.commands.serve import serve

    _collect_less()  # the preview builds in this process, as `eupages build` does
    live = LiveSite(args.config, args.output)  # builds once, then on every save; never stops on bad input
    return serve(live.sources.output, args.host, args.port, live, prefix=live.sources.base_path)


def _editing_commands(commands) -> None:
    new = commands.add_parser(
        "new",
        help="start a project or a page from a commented template, in every language",
        description="Create content files with a comment on every field. `eupages new project SLUG` writes "
        "content/projects/SLUG.yml and content/<language>/projects/SLUG.md for every language; "
        "`eupages new page NAME` writes content/<language>/NAME.md. Existing files are never overwritten.",
    )
    _common(new)
    new.add_argument("kind", choices=["project", "page"], help="what to create")
    new.add_argument("name", help="the project's slug or the page's name: lower-case letters, digits and hyphens")
    new.set_defaults(run=_new)

    schema = commands.add_parser(
        "schema",
        help="check (or --write) the JSON Schemas under schemas/ that editors' tools use",
        description="The JSON Schemas for project records, page front matter and site_config.yml are made "
        "from eupages' own models. Without options: exit 1 when a schema is out of date.",
    )
    schema.add_argument("--write", action="store_true", help="write the schemas (after a model changed)")
    schema.add_argument(
        "--folder",
        type=Path,
        default=Path("schemas"),
        help="where the schemas live (default: ./schemas, beside site_config.yml)",
    )
    schema.set_defaults(run=_schema)

    edit = commands.add_parser(
        "edit",
        help="edit in the browser: the live preview, and Decap CMS at /admin/ (needs Node.js)",
        description="Serve the live preview (as `eupages serve`) and, at /admin/, Decap CMS with its local "
        "backend: saving in the CMS writes the files in content/, and the preview rebuilds. Needs Node.js and "
        "the npm packages decap-cms and decap-server (npm ci).",
    )
    _common(edit)
    edit.add_argument("-o", "--output", type=Path, help="output folder (default: folders.output)")
    edit.add_argument("-p", "--port", type=int, default=8000)
    edit.add_argument("--host", default="127.0.0.1")
    edit.set_defaults(run=_edit)

    cms = commands.add_parser(
        "cms",
        help="check (or --write) admin/config.yml, the CMS configuration made from the models; "
        "--backend writes the editor to publish for a team",
        description="The Decap CMS configuration for `eupages edit` is made from eupages' models and "
        "site_config.yml. Without options: exit 1 when admin/config.yml is out of date. With --backend github "
        "or gitlab and --repo: the configuration of the editor published at /admin/ (one collection of project "
        "pages per language), printed, or with --out FOLDER written with the editor's files into FOLDER.",
    )
    _common(cms)
    cms.add_argument("--write", action="store_true", help="write admin/config.yml (after a model or project changed)")
    team = cms.add_argument_group("the editor published for a team (see docs/publishing.md)")
    team.add_argument("--backend", choices=["github", "gitlab"], help="where saves are committed")
    team.add_argument("--repo", metavar="OWNER/NAME", help="the repository the site is built from")
    team.add_argument("--branch", default="main", help="the branch saves are committed to (default: main)")
    team.add_argument(
        "--base-url", metavar="URL", help="GitHub: your OAuth proxy; GitLab: a self-hosted GitLab's address"
    )
    team.add_argument("--app-id", metavar="ID", help="GitLab: the OAuth application's id (PKCE login, no proxy)")
    team.add_argument(
        "--out",
        type=Path,
        metavar="FOLDER",
        help="write a ready /admin/ folder (page, Decap bundle from node_modules, config.yml) into FOLDER",
    )
    cms.set_defaults(run=_cms)


def _edit(args) -> int:
    from generator.commands.edit import EditError, edit

    try:
        return edit(args.config, args.host, args.port, args.output)
    except EditError as err:
        print(f"eupages: {err}", file=sys.stderr)
        return 2


def _cms(args) -> int:
    from generator.commands import cms_config

    if args.backend or args.repo or args.out or args.app_id or args.base_url:
        return _cms_team(args)
    path = args.config.resolve().parent / cms_config.CONFIG_FILE
    if args.write:
        if cms_config.write(args.config):
            print(f"eupages: wrote {path}")
        else:
            print(f"eupages: {path} is up to date")
        return 0
    if cms_config.stale(args.config):
        print(f"eupages: {path} is out of date — run: eupages cms --write", file=sys.stderr)
        return 1
    print(f"eupages: {path} matches the models")
    return 0


def _cms_team(args) -> int:
    from generator.commands import cms_admin, cms_config

    problem = None
    if not args.backend or not args.repo:
        problem = "the published editor needs --backend github or gitlab and --repo OWNER/NAME — add both"
    elif not args.config.is_file():
        problem = f"{args.config} does not exist — run in the site's folder or give -c path/to/site_config.yml"
    elif args.write:
        problem = "--write writes the local admin/config.yml and cannot go with --backend — leave out one of them"
    if problem is None:
        try:
            backend = cms_config.team_backend(args.backend, args.repo, args.branch, args.base_url, args.app_id)
        except ValueError as err:
            problem = str(err)
    if problem is not None:
        print(f"eupages: {problem}", file=sys.stderr)
        return 2
    if args.out is None:
        sys.stdout.write(cms_config.render_team(args.config, backend))
        return 0
    try:
        written = cms_admin.write_admin(args.config, backend, args.out)
    except cms_admin.BundleMissing as err:
        print(f"eupages: {err}", file=sys.stderr)
        return 2
    print(f"eupages: wrote the editor ({written.files} files) into {written.folder}; publish it as /admin/")
    return 0


def _new(args) -> int:
    from generator.commands import new as scaffold

    try:
        created = scaffold.create(args.config, args.kind, args.name)
    except scaffold.ScaffoldError as err:
        print(f"eupages: {err}", file=sys.stderr)
        return 1
    print(scaffold.summary(created))
    return 0


def _schema(args) -> int:
    from generator.commands import schema as schemas

    folder = args.folder
    if args.write:
        for path in schemas.write(folder):
            print(f"eupages: wrote {path}")
        return 0
    stale = schemas.stale(folder)
    for name in stale:
        print(f"eupages: {folder / name} is out of date — run: eupages schema --write", file=sys.stderr)
    if not stale:
        print(f"eupages: the schemas in {folder} match the models")
    return 1 if stale else 0


def _audit_command(commands) -> None:
    audit = commands.add_parser(
        "audit",
        help="audit any built static site for the EU visibility rules of each page's period",
        description="Read every HTML page in FOLDER (built by eupages, Hugo, MkDocs or anything else) and check "
        "the EU funding block against the rules of its programming period: the emblem's official construction "
        "and size, the statement as text in the page's language next to it, no larger logo, allowed fonts only. "
        "A page without a funding block or emblem only must not show the emblem. Each failure is printed as "
        "`page: what is wrong — how to fix it`; exit 1 on any. See docs/eu-audit.md.",
    )
    audit.add_argument("folder", type=Path, help="the built site, e.g. site/")
    audit.add_argument(
        "--browser",
        action="store_true",
        help="also check in Chromium: first viewport at 1366×768 and 360×640, the font really used, no overlap "
        "(needs the test extra: pip install eupages[test])",
    )
    audit.add_argument(
        "--base-url",
        help="the address the site is served at, e.g. https://example.github.io/repo/ "
        "(default: read from the pages' canonical links)",
    )
    audit.set_defaults(run=_audit)


def _audit(args) -> int:
    from generator.commands.audit import AuditError, audit

    try:
        result = audit(args.folder, base_url=args.base_url, browser=args.browser)
    except AuditError as err:
        print(f"eupages: {err}", file=sys.stderr)
        return 1
    for line in result.notices:
        print(line)
    for line in result.problems:
        print(line)
    checked = f"{result.pages} pages audited, {len(result.eu_pages)} with EU funding"
    if result.browser:
        checked += " (also in Chromium at 1366×768 and 360×640)"
    if result.problems:
        count = len(result.problems)
        print(f"eupages: {count} problem{'s' if count != 1 else ''} found; {checked}", file=sys.stderr)
        return 1
    print(f"eupages: no problems found; {checked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
