"""The one way from a report to its scorecard: read → segment → choose the rubric → match and
score. The CLI, the batch workers, `score explain`, `score agree` and the tests all go through
a Pipeline, so that a report is scored the same way whichever of them asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from .doctype import override as doctype_override
from .level import override as level_override
from .limits import MAX_SECONDS
from .model import Document, Layout, Scorecard
from .reader import read_document
from .rubric import Rubric, RubricChooser
from .score import score_layout
from .segment import segment
from .waivers import WaiverSet, load_waivers


@dataclass(frozen=True)
class Setup:
    """What every report of a run is scored with (picklable: sent once to each worker)."""

    rubric: str | None = None     # --rubric, else $FAZHI_RUBRIC: a file or a bundled id
    rubric_origin: str = "--rubric"   # which of the two (named in the reason and the year warning)
    level: str | None = None      # --level: overrides detection
    waivers: str | None = None    # --waivers FILE
    doctype: str | None = None    # --doctype: overrides detection
    year: int | None = None       # --year: the reported year
    issuer: str | None = None     # --issuer: the issuer's full name (its level is read from it)
    seconds: float = MAX_SECONDS  # --timeout: to match one report (0: no limit)


@dataclass(frozen=True)
class Prepared:
    """A report read and segmented, with the rubric chosen for it (and why)."""

    document: Document
    layout: Layout
    rubric: Rubric
    reason: str
    warning: str | None = None   # the rubric given is not meant for the report's year


class Pipeline:
    """Rubrics, waivers and overrides, loaded once per process; then any number of reports."""

    def __init__(self, setup: Setup | None = None, waivers: WaiverSet | None = None) -> None:
        self.setup = setup = setup or Setup()
        self.chooser = RubricChooser(setup.rubric, setup.rubric_origin)
        known = {i.id for r in self.rubrics for i in r.items}
        # A worker gets the waivers its parent parsed (100,000 take seconds to parse).
        self.waivers = waivers or (load_waivers(setup.waivers, known) if setup.waivers else None)
        self.level = level_override(setup.level) if setup.level else None
        self.doctype = doctype_override(setup.doctype) if setup.doctype else None

    @property
    def rubrics(self) -> list[Rubric]:
        """Every rubric a report may be scored with: the one given with --rubric, else the
        bundled ones, the default (latest) first."""
        return [self.chooser.explicit] if self.chooser.explicit else self.chooser.bundled

    def prepare(self, path: str) -> Prepared:
        """Read and segment *path* ('-' for stdin) and choose its rubric."""
        return self.prepare_document(read_document(path))

    def prepare_document(self, document: Document) -> Prepared:
        layout = segment(document.text, year=self.setup.year, issuer=self.setup.issuer)
        rubric, reason = self.chooser.choose(layout.meta.year)
        return Prepared(document, layout, rubric, reason, self.chooser.year_warning(layout.meta.year))

    def score(self, path: str) -> Scorecard:
        return self.score_prepared(self.prepare(path))

    def score_prepared(self, p: Prepared) -> Scorecard:
        card = score_layout(p.document, p.layout, p.rubric, p.reason, self.level, self.waivers, self.doctype,
                            self.setup.seconds)
        return card._replace(warnings=(p.warning, *card.warnings)) if p.warning else card
