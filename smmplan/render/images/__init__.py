"""Images: every post's pictures rendered for every network it goes to, cached and safe.

``render_images(project, out_dir)`` plans one job per source file (:mod:`.plan`), runs the
jobs on a pool of threads (largest first, so one slow image never holds the others back;
threads with nothing else to do help cut and encode any job's renditions, :mod:`.spread`),
and returns every output with the problems found. Each job reads its file once, names
each output by a hash of the source bytes and the rendition's parameters (:mod:`.cache`),
and decodes only when an output is missing — once per scale bucket, at the smallest size
that serves the bucket's renditions (:mod:`.pixels`), so that each output's bytes depend on
its source and its own parameters alone — then encodes within the network's byte limit
(:mod:`.encode`). A rendition with an ``aspect`` range keeps the picture's own shape inside
it (:mod:`.geometry`). ``manifest`` gives the JSON that ``smmplan images --format json``
prints.

Bad files never raise: each becomes a finding naming the post file, the line of the
media item and the file (stamped by the check engine, like every problem), under the rules ``media-missing`` (absent, unreadable,
corrupt, truncated, outside the repository) or ``media-unsupported`` (too large to decode
safely, over the network's byte limit even at the lowest quality).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from smmplan.load.media import HEIF_SUFFIXES, register_openers
from smmplan.load.parallel import available_cores
from smmplan.locale import phrase
from smmplan.model import FileFinding, Finding, MediaInfo, Project, Severity
from smmplan.render.images.budget import MemoryBudget
from smmplan.render.images.cache import PIPELINE_VERSION, listing
from smmplan.render.images.pixels import SourceError
from smmplan.render.images.plan import THUMB_NAME, SourceJob, Use, plan
from smmplan.render.images.spread import SpareThreads, spare_threads
from smmplan.render.images.worker import OutputError, SourceOutcome, render_source

__all__ = [
    "PIPELINE_VERSION",
    "THUMB_NAME",
    "ImageResult",
    "OutputError",
    "RenderedImage",
    "manifest",
    "register_openers",
    "render_images",
]


@dataclass(frozen=True)
class RenderedImage:
    """One output file as one post uses it on one network."""

    post: str  # post path, repository-relative
    network: str | None  # None for the site thumbnail
    rendition: str  # rendition name, or "thumb"
    source: Path  # absolute source path
    output: Path  # absolute output path: <out_dir>/<hash>.<jpg|png|gif>
    width: int
    height: int
    bytes: int
    cached: bool = field(default=False, compare=False)  # the file existed before this call


@dataclass(frozen=True)
class ImageResult:
    images: tuple[RenderedImage, ...]  # sorted (post, network or "", rendition, source)
    findings: tuple[FileFinding, ...]  # for the check engine to stamp (``smmplan.check.stamp``)

    @property
    def rendered(self) -> int:
        return sum(1 for image in self.images if not image.cached)

    @property
    def cached(self) -> int:
        return sum(1 for image in self.images if image.cached)


def render_images(
    project: Project,
    out_dir: Path,
    *,
    jobs: int | None = None,
    progress: bool = False,
    thumbnails: bool = False,
    statuses: Collection[str] | None = None,
) -> ImageResult:
    """Render every post's images for each of its networks into ``out_dir``.

    ``jobs``: worker threads (default: every available core). ``progress``: a progress bar
    on standard error. ``thumbnails``: also a 480×480 ``thumb`` per post and source, for
    the site's cards. ``statuses``: only posts with these statuses (default: all).

    ``out_dir`` may be a persistent cache: files already there are reused, nothing is
    deleted, and each new file appears atomically. Raises :class:`OutputError` only when
    ``out_dir`` cannot be written.
    """
    _prepare_pillow(project)
    out_dir = Path(os.path.abspath(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or error
        raise OutputError(
            phrase("cannot create {folder}: {reason}", folder=out_dir, reason=reason)
        ) from None
    source_jobs, findings = plan(
        project, statuses=statuses, thumbnails=thumbnails, info_of=_headers(project)
    )
    names = listing(out_dir)
    done = _run(source_jobs, out_dir, names, jobs or available_cores(), progress)
    images: dict[RenderedImage, None] = {}
    for job, outcome in zip(source_jobs, done, strict=True):
        for use in job.uses:
            _collect(job, use, outcome, images, findings)
    ordered = sorted(
        images, key=lambda i: (i.post, i.network or "", i.rendition, str(i.source), str(i.output))
    )
    return ImageResult(tuple(ordered), tuple(dict.fromkeys(findings)))


def manifest(images: Iterable[RenderedImage], root: Path) -> list[dict]:
    """The documented ``renditions`` list of ``smmplan images --format json``; paths
    relative to ``root`` with ``/``, or absolute where they lie outside it."""
    return [
        {
            "post": image.post,
            "network": image.network,
            "rendition": image.rendition,
            "source": display_path(image.source, root),
            "output": display_path(image.output, root),
            "width": image.width,
            "height": image.height,
            "bytes": image.bytes,
        }
        for image in images
    ]


def display_path(path: Path, root: Path) -> str:
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _prepare_pillow(project: Project) -> None:
    """Silence Pillow's own pixel-limit warning (smmplan enforces a lower limit) and teach it
    HEIC only when the project has such files: importing pillow-heif is a fixed cost of
    tens of milliseconds that a plan of JPEGs and PNGs need not pay."""
    import warnings

    from PIL import Image

    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    if any(Path(path).suffix.lower() in HEIF_SUFFIXES for path in project.media):
        register_openers()


def _headers(project: Project) -> Callable[[Path], MediaInfo | None]:
    """``project.media``, with headers read again where the loader could not know the format
    (a HEIC file read before its opener was registered) or never read them."""
    from smmplan.load.media import read_media

    again: dict[Path, MediaInfo] = {}

    def info_of(path: Path) -> MediaInfo | None:
        info = project.media.get(path)
        stale = info is not None and info.kind == "unknown" and not info.missing
        if info is None or (stale and path.suffix.lower() in HEIF_SUFFIXES):
            if path not in again:
                again[path] = read_media(path)
            return again[path]
        return info

    return info_of


def _run(
    source_jobs: list[SourceJob],
    out_dir: Path,
    names: frozenset[str],
    workers: int,
    progress: bool,
) -> list[SourceOutcome]:
    """Each job's outcome, in the order of ``source_jobs``. ``workers`` threads take the
    jobs (one, this thread, when there is a single job) and ``workers - 1`` more help with
    the renditions of any job's decode while they have nothing else to do."""
    results: list[SourceOutcome | None] = [None] * len(source_jobs)
    total = sum(len(job.targets) for job in source_jobs)
    budget = MemoryBudget()
    with _Progress(total, progress) as bar, spare_threads(workers - 1) as spare:
        if workers <= 1 or len(source_jobs) <= 1:
            for index, job in enumerate(source_jobs):
                results[index] = _guarded(job, out_dir, names, budget, spare)
                bar.advance(len(job.targets))
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="smmplan-images") as pool:
                futures = {
                    pool.submit(_guarded, job, out_dir, names, budget, spare): index
                    for index, job in enumerate(source_jobs)
                }
                try:
                    for future in as_completed(futures):
                        index = futures[future]
                        results[index] = future.result()
                        bar.advance(len(source_jobs[index].targets))
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    return [r if r is not None else SourceOutcome({}) for r in results]


def _guarded(
    job: SourceJob,
    out_dir: Path,
    names: frozenset[str],
    budget: MemoryBudget,
    spare: SpareThreads | None = None,
) -> SourceOutcome:
    """:func:`render_source`, with any unforeseen failure turned into a diagnostic."""
    try:
        return render_source(job, out_dir, names, budget, spare)
    except OutputError:
        raise
    except Exception as error:
        if os.environ.get("SMMPLAN_DEBUG"):
            raise
        reason = f"{type(error).__name__}: {error}"[:160]
        problem = phrase("cannot be rendered ({reason})", reason=reason)
        return SourceOutcome({}, SourceError("media-unsupported", problem))


def _finding(
    use: Use, network: str | None, rule: str, message: str, severity: Severity | None = None
) -> FileFinding:
    return FileFinding(use.post, Finding(rule, message, use.line, 1, network, severity))


def _collect(
    job: SourceJob,
    use: Use,
    outcome: SourceOutcome,
    images: dict[RenderedImage, None],
    issues: list[FileFinding],
) -> None:
    if outcome.error is not None:
        message = f"'{use.src}': {outcome.error.message}"
        issues.append(_finding(use, use.scope, outcome.error.rule, message))
        return
    found = outcome.outcomes.get(use.target)
    if found is None:
        return
    if found.problem is not None:
        rule, severity, template = found.problem
        message = template.format(
            src=use.src, network=use.network_name or use.network, rendition=use.rendition
        )
        issues.append(_finding(use, use.network, rule, message, severity))
    if found.output is not None:
        image = RenderedImage(
            use.post,
            use.network,
            use.rendition,
            job.path,
            found.output,
            found.width,
            found.height,
            found.bytes,
            found.cached,
        )
        images.setdefault(image, None)


class _Progress:
    """A rich progress bar on standard error while ``enabled``; otherwise nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.bar, self.task = total, enabled and total > 0, None, None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("images", total=self.total)
        return self

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, count)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
