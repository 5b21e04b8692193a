"""JSON (one object for one report, an array for several) and JSON Lines (one object a line):
the versioned contract of schemas/scorecard.schema.json."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from ..export import dumps, json_record, jsonl_record, to_dict
from .base import Writer

if TYPE_CHECKING:
    from ..batch import Row
    from ..compare import Comparison
    from ..model import Scorecard
    from ..output import Output


class JsonLines(Writer):
    key = "jsonl"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson")
    label = "每份报告一行 JSON"

    def cards(self, out: Output, cards: Sequence[Scorecard], comparison: Comparison | None) -> None:
        data = to_dict(cards[0])
        if comparison:
            from ..compare import to_dict as compare_dict
            data["baseline"] = compare_dict(comparison)
        out.write_utf8(dumps(data, indent=self.key == "json") + b"\n")

    def render(self, card: Scorecard) -> bytes:
        return jsonl_record(card)


class Json(JsonLines):
    """One object for one report, else an array of them, streamed."""

    key = "json"
    suffixes = (".json",)
    label = "JSON"

    def render(self, card: Scorecard) -> bytes:
        return json_record(card)

    def header(self, out: Output, reports: int) -> None:
        self.array = reports != 1
        if self.array:
            out.write("[\n")

    def row(self, out: Output, row: Row, first: bool) -> None:
        if not first:
            out.write(",\n")
        out.write_utf8(row.rendered)

    def footer(self, out: Output, reports: int) -> None:
        out.write("\n]\n" if self.array else "\n")
