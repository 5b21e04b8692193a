"""Run every rubric item's own examples: each sentence is scored as a tiny report."""

from __future__ import annotations

from dataclasses import dataclass

from .match import Index
from .model import Status
from .rubric import Example, Item, Rubric
from .score import evaluate_item
from .segment import segment


@dataclass(frozen=True)
class ExampleResult:
    item: str
    example: Example
    actual: Status

    @property
    def passed(self) -> bool:
        return self.actual == self.example.expect


def check_example(item: Item, example: Example) -> ExampleResult:
    result = evaluate_item(Index(segment(example.text)), item)
    return ExampleResult(item.id, example, result.status)


def run_examples(rubric: Rubric) -> list[ExampleResult]:
    return [check_example(item, ex) for item in rubric.items for ex in item.examples]
