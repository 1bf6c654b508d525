"""The whole build in order: load and check (collect), then package, render, MkDocs (write_site).

Each stage is a function of its inputs; nothing here prints or exits (the command line does).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import sys
from functools import partial
from pathlib import Path

from datasite.check.privacy import NameIndex, check_privacy, id_spells, redact, withheld_names
from datasite.check.settings import settings_issues
from datasite.check.tables import check_project
from datasite.issues import DataError, Issue, sort_issues
from datasite.load.inputs import input_issues, mkdocs_issues
from datasite.load.memory import NOTHING_KEPT, Deferred
from datasite.load.project import load_project, read_yaml_mapping
from datasite.model import Project
from datasite.package.catalog import catalog, dataset_catalog, feed, feed_path, sitemap
from datasite.package.datapackage import build_packages, version_issues
from datasite.package.frozen import published_names
from datasite.package.versions import change_strings
from datasite.publish.cache import code_fingerprint, stamp
from datasite.publish.memo import NO_MEMO, Memo
from datasite.publish.parallel import jobs_wanted, run_all
from datasite.publish.site import run_mkdocs
from datasite.render.browse import write_browse_chunks
from datasite.render.footer import footer_settings
from datasite.render.languages import mkdocs_settings
from datasite.render.pages import BuildFacts, Page, render_site
from datasite.render.search import search_settings, write_search_index
from datasite.render.words import language_problems, paired_texts, strings_of
from datasite.report.progress import Progress


def collect(
    root: Path, progress: Progress | None = None, lean: bool = False, memo: Memo = NO_MEMO
) -> tuple[Project, list[Issue]]:
    """Load, and check only when loading went clean (a broken file would cascade into noise);
    `lean` holds large tables' columns only while in use (load_project); `memo` keeps the
    results of checks whose inputs did not change since the last build."""
    progress = progress or Progress(sys.stderr, False)
    refused = input_issues(root)
    if not refused:  # MkDocs would read or publish what these settings name, unchecked
        refused = mkdocs_issues(root)
    if refused:  # reading a link or a pipe could leak a host file or never end: nothing is read
        return Project(root=root, site={}, unchecked=True), sort_issues(refused)
    progress.step("load")
    # Written only if all is clean; no digest is made when there is no memo.
    memory = Deferred(memo) if memo.folder is not None else NOTHING_KEPT
    project, issues = load_project(root, lean, memory)
    project.unchecked = bool(issues)
    if not issues:
        rows = sum(len(t.rows) for t in project.tables().values())
        progress.step("check", rows=rows, tables=len(project.tables()))
        issues = check_project(project, today=dt.date.today(), memory=memory)
    if not issues:  # after the data: a mistyped id would also be a featured row not found
        # Before redact(): its walk of every row and the redacted rows are not held at once.
        withheld = withheld_names(project)
        # Names published by frozen versions for records now withheld: searched for like the
        # withheld names, in the data (where their ids and notes may spell them) and the versions.
        former = published_names(project)
        public = redact(project)  # what the build renders: the settings must fit it exactly
        progress.step("frozen")
        issues = settings_issues(public)
        if former:
            issues += check_privacy(project, withheld=NameIndex(former))
            issues += [i for n, row in former.items() if (i := id_spells(row, n, "name"))]
        issues += version_issues(public, {**former, **withheld})
    if not issues and isinstance(memory, Deferred):
        memory.write()
    return project, sort_issues(issues)


def write_site(
    project: Project,
    staging: Path,
    work_dir: Path,
    progress: Progress,
    digest: str = "",
    previous: Path | None = None,
    memo: Memo = NO_MEMO,
) -> None:
    """Every stage that writes: packages, pages per language, MkDocs; the result in staging,
    intermediate files in work_dir (both beside the output, on its file system). Packages whose
    inputs did not change since the `previous` site was built are linked from it; `memo` keeps
    the results of steps whose inputs did not change, and loses what this build did not use."""
    templates = project.root / "site_templates"
    languages = project.settings.languages
    progress.step("packages")
    earlier = previous / "data" if previous is not None and previous.is_dir() else None
    packages = build_packages(
        project, work_dir / "data", source_date(), earlier, code_fingerprint(), memo
    )
    rendered = {}
    facts = BuildFacts(project, memo)  # what no language changes, once for all of them
    for lang in languages:
        progress.step("render", lang=lang)
        docs = work_dir / "docs" / lang
        rendered[lang] = (docs, render_site(project, packages, templates, docs, lang, facts, memo))
    jobs = jobs_wanted()
    progress.step(
        "mkdocs_parallel" if jobs > 1 and len(languages) > 1 else "mkdocs",
        languages=", ".join(languages),
        pages=len(rendered[languages[0]][1]),
    )
    outputs = {lang: work_dir / "out" / lang for lang in languages}
    used = run_all(
        [
            partial(
                run_mkdocs,
                project.root / "mkdocs.yml",
                rendered[lang][0],
                outputs[lang],
                navigation(rendered[lang][1]),
                lang,
                templates / "assets",
                with_extra(
                    mkdocs_settings(project.settings, lang),
                    {
                        **footer_settings(project, packages, templates, lang),
                        **search_settings(project, templates, lang),
                    },
                ),
                memo,
            )
            for lang in languages
        ],
        jobs,
    )
    memo.used.update(entry for entries in used for entry in entries)  # a child's are not here
    progress.step("search")
    for index, lang in enumerate(languages):
        out = staging if index == 0 else staging / lang
        if index == 0:
            for entry in sorted(outputs[lang].iterdir()):
                entry.rename(staging / entry.name)
        else:
            outputs[lang].rename(out)
        write_search_index(project, templates, lang, out, rendered[lang][1], facts, memo)
    del facts  # its rows by key and groups are not needed again
    paths = [page.path.removesuffix(".md") + ".html" for page in rendered[languages[0]][1]]
    progress.step("languages")
    check_languages(project, staging, templates, memo)
    progress.step("catalogs")
    (staging / "catalog.jsonld").write_bytes(catalog(project, packages))
    for lang in languages:  # each language's feed links its own pages
        (staging / feed_path(project, lang)).write_bytes(feed(project, packages, lang))
    if project.settings.base_url:  # else MkDocs' own sitemap stays: empty, as it has no address
        write_sitemap(staging, sitemap(project, paths))
    (staging / "catalog").mkdir()
    for package in packages:  # each dataset page links its own catalog
        path = dataset_catalog(package.dataset)
        (staging / path).write_bytes(catalog(project, [package], path))
    (work_dir / "data").rename(staging / "data")  # last: the catalogs read the packages' files
    write_browse_chunks(project, staging, previous=previous, memo=memo)
    if digest:
        stamp(staging, digest)
    memo.keep_only_used()


def interface_strings(root: Path, templates: Path, lang: str) -> dict:
    """A language's interface text: its i18n file, and the words versions.py writes for dataset
    and version pages (phrases only: a lone "type" or "campo" may be a field's name)."""
    return {
        **read_yaml_mapping(root, templates / "i18n" / f"{lang}.yaml"),
        "(changes)": [s for s in strings_of(change_strings(lang)) if len(s.split()) > 1],
    }


def check_languages(project: Project, staging: Path, templates: Path, memo: Memo = NO_MEMO) -> None:
    """No built page holds another language's interface text, or another language's text of a
    paired data field (`note` on a Spanish page, `note_es` on an English one) unmarked
    (render/words.py); `memo` keeps each page's pieces of text."""
    languages = project.settings.languages
    data = paired_texts(project.tables().values(), languages[0])
    strings = {lang: interface_strings(project.root, templates, lang) for lang in languages}
    folders = {lang: project.settings.language_folder(lang) for lang in languages}
    issues = []
    for lang in languages:
        folder = folders[lang]
        others = {o: s for o, s in strings.items() if o != lang}
        skip = [f for o, f in folders.items() if o != lang and f]
        where = f"{folder}/" if folder else ""
        issues += language_problems(
            staging / folder, lang, strings[lang], others, skip, where, data, memo
        )
    if issues:
        raise DataError(issues)


def with_extra(settings: dict, extra: dict) -> dict:
    """MkDocs settings with more keys in their `extra`."""
    return {**settings, "extra": {**settings.get("extra", {}), **extra}}


def write_sitemap(staging: Path, xml: bytes) -> None:
    """The site's sitemap and its gzip copy (fixed time stamp, so builds stay reproducible)."""
    (staging / "sitemap.xml").write_bytes(xml)
    (staging / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))


def navigation(pages: list[Page]) -> list:
    """A short explicit nav (MkDocs cost grows with nav size): top pages and section indexes."""
    nav: list = []
    sections: dict[str, list] = {}
    for page in pages:
        if not page.nav:
            continue
        if not page.section:
            nav.append({page.title: page.path})
        elif page.path.endswith("/index.md") or page.path.startswith("datasets/"):
            if page.section not in sections:
                sections[page.section] = []
                nav.append({page.section: sections[page.section]})
            sections[page.section].append({page.title: page.path})
    # A section of one page named as it is, the page itself: the menu read "Amnesty law ›
    # Amnesty law".
    out = []
    for entry in nav:
        ((title, value),) = entry.items()
        alone = isinstance(value, list) and len(value) == 1 and [*value[0]] == [title]
        out.append(value[0] if alone else entry)
    return out


def source_date() -> dt.date | None:
    """The date of SOURCE_DATE_EPOCH (reproducible builds), when it is set and valid."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
