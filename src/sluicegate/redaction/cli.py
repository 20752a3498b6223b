"""``sluicegate redaction``: score an engine against the contract, make corpora, redact text.

A thin layer: the library raises typed errors, the main CLI prints them as one
line with their exit code (2 for bad input, 1 for a gate below the floor).
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sluicegate.redaction import engines
from sluicegate.redaction import generate as generator
from sluicegate.redaction.evaluate import Report, corpus_sha256
from sluicegate.redaction.files import RedactionStats, redact_lines
from sluicegate.errors import SluicegateError
from sluicegate.redaction.gate import (
    DEFAULT_FLOOR,
    DEFAULT_LABEL_FLOORS,
    check_floor,
    check_label_floors,
    enforce,
    evaluate,
)
from sluicegate.redaction.policy import DATES, MASKS, Policy
from sluicegate.redaction.spans import LABELS

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out_console = Console()
err_console = Console(stderr=True)

EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="hybrid, model, rules, presidio, dlp, an entry-point name, or module:factory.",
    ),
]


def parse_label_floors(values: list[str] | None) -> dict[str, float]:
    """``LABEL=FLOOR`` options as a mapping; the defaults when none is given."""
    if not values:
        return dict(DEFAULT_LABEL_FLOORS)
    floors: dict[str, float] = {}
    for value in values:
        label, sep, number = value.partition("=")
        try:
            floors[label] = float(number)
        except ValueError:
            raise SluicegateError(f"--label-floor: {value!r} is not LABEL=FLOOR") from None
        if not sep:
            raise SluicegateError(f"--label-floor: {value!r} is not LABEL=FLOOR")
    return check_label_floors(floors)


def report_table(report: Report) -> Table:
    """Per-label precision, recall and F1, exact and partial, with the micro totals."""
    table = Table(
        title=f"redaction engine {report.engine}",
        caption=f"{report.corpus}: {report.lines} lines",
        show_edge=False,
    )
    for column in ("label", "gold", "P", "R", "F1", "partial F1"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label in LABELS:
        exact, partial = report.exact.by_label[label], report.partial.by_label[label]
        if exact.tp + exact.fp + exact.fn == 0:
            continue
        table.add_row(
            label,
            str(exact.tp + exact.fn),
            f"{exact.precision:.3f}",
            f"{exact.recall:.3f}",
            f"{exact.f1:.3f}",
            f"{partial.f1:.3f}",
        )
    total, partial_total = report.exact.total, report.partial.total
    table.add_section()
    table.add_row(
        "micro",
        str(total.tp + total.fn),
        f"{total.precision:.3f}",
        f"{total.recall:.3f}",
        f"{total.f1:.3f}",
        f"{partial_total.f1:.3f}",
    )
    return table


@app.command("eval")
def eval_command(
    corpus: Annotated[Path, typer.Option("--corpus", help="Labelled corpus, JSON lines.")],
    floor: Annotated[
        float, typer.Option("--floor", help="Exit 1 when exact micro F1 is below this.")
    ] = DEFAULT_FLOOR,
    engine: EngineOption = engines.DEFAULT_ENGINE,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the metrics as JSON here.")
    ] = None,
    label_floor: Annotated[
        list[str] | None,
        typer.Option("--label-floor", help="LABEL=RECALL floor; repeat. Default PERSON, ADDRESS 0.9."),
    ] = None,
    allow_generated: Annotated[
        bool,
        typer.Option("--allow-generated", help="Score a generated corpus (a measurement, not a gate)."),
    ] = False,
) -> None:
    """Score an engine on a labelled corpus; exit 1 below a floor."""
    check_floor(floor)
    label_floors = parse_label_floors(label_floor)
    redactor = engines.get(engine)
    report = evaluate(corpus, redactor, allow_generated=allow_generated)
    out_console.print(report_table(report))
    if json_out is not None:
        json_out.write_text(
            json.dumps(
                {
                    "engine": report.engine,
                    "engine_version": engines.engine_version(redactor),
                    "corpus_sha256": corpus_sha256(corpus),
                    "floor": floor,
                    **{f"floor_{label}": value for label, value in label_floors.items()},
                    **report.metrics(),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    verdict = "passes" if report.f1 >= floor else "is below"
    out_console.print(f"F1 {report.f1:.4f} {verdict} the floor {floor:.2f}")
    enforce(report, floor, label_floors)


@app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Option("--out", help="Where the corpus is written.")],
    count: Annotated[int, typer.Option("--count", min=1, help="Lines to write.")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same corpus.")] = 8,
) -> None:
    """Write a synthetic labelled corpus (no real personal data)."""
    written = generator.write(out, count, seed)
    out_console.print(f"{written} lines written to {out} (seed {seed})")


@app.command("redact")
def redact_command(
    source: Annotated[
        Path | None, typer.Argument(help="A text or JSON-lines file; stdin when omitted.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write; stdout when omitted.")
    ] = None,
    engine: EngineOption = engines.DEFAULT_ENGINE,
    dates: Annotated[str, typer.Option("--dates", help=f"Which dates: {', '.join(DATES)}.")] = "all",
    mask_style: Annotated[
        str, typer.Option("--mask", help=f"How spans are masked: {', '.join(MASKS)}.")
    ] = "label",
) -> None:
    """Mask personal data line by line, each span replaced by [LABEL] (or per the policy)."""
    policy = Policy.of(dates, mask_style)
    redactor = engines.get(engine)
    stats = RedactionStats()
    with ExitStack() as stack:
        # Close only what this command opened, never stdin or stdout.
        lines = stack.enter_context(source.open(encoding="utf-8")) if source else sys.stdin
        target = stack.enter_context(out.open("w", encoding="utf-8")) if out else sys.stdout
        for line in redact_lines(lines, redactor, stats, str(source or "<stdin>"), policy):
            target.write(line + "\n")
    masked = ", ".join(f"{label} {n}" for label, n in sorted(stats.spans.items())) or "nothing"
    err_console.print(f"{stats.lines} lines; masked {masked}", highlight=False)
