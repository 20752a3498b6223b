"""The synthetic corpus: valid identifiers, honest look-alikes, and no drift."""

from __future__ import annotations

from sluicegate.redaction import checksums
from sluicegate.redaction.data import CORPUS, CORPUS_LINES, CORPUS_SEED
from sluicegate.redaction.evaluate import load_corpus
from sluicegate.redaction.generate import generate, to_json_line

VALIDATORS = {
    "MEDICARE": checksums.medicare_valid,
    "TFN": checksums.tfn_valid,
    "ABN": checksums.abn_valid,
    "IHI": checksums.ihi_valid,
}


def test_labelled_identifiers_pass_and_unlabelled_numbers_fail_their_checks() -> None:
    for example in generate(400, seed=11):
        for span in example.spans:
            if span.label in VALIDATORS:
                value = example.text[span.start : span.end]
                assert VALIDATORS[span.label](value), f"{span.label} {value!r} in {example.text!r}"
        covered = {i for span in example.spans for i in range(span.start, span.end)}
        for token in example.text.replace(";", " ").replace(".", " ").split():
            start = example.text.find(token)
            if token.isdigit() and len(token) >= 9 and start not in covered:
                assert not any(check(token) for check in VALIDATORS.values()), (
                    f"unlabelled {token!r} passes a check in {example.text!r}"
                )


def test_every_label_is_generated() -> None:
    labels = {span.label for example in generate(300, seed=CORPUS_SEED) for span in example.spans}
    assert labels == set(VALIDATORS) | {"PERSON", "EMAIL", "PHONE", "DATE", "ADDRESS", "URL", "IP"}


def test_committed_corpus_matches_its_generator() -> None:
    expected = "".join(to_json_line(e) + "\n" for e in generate(CORPUS_LINES, seed=CORPUS_SEED))
    assert CORPUS.read_text(encoding="utf-8") == expected, (
        f"{CORPUS} drifted: regenerate with `sluicegate redaction generate --out {CORPUS} "
        f"--count {CORPUS_LINES} --seed {CORPUS_SEED}`"
    )
    assert len(load_corpus(CORPUS, allow_generated=True)) == CORPUS_LINES
