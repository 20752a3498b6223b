"""A candidate engine: Microsoft Presidio's stock recognizers over a blank spaCy.

No spaCy model can be downloaded where this runs, so the NLP engine is
``spacy.blank("en")``: a tokenizer without named-entity recognition. Presidio's
pattern recognizers (e-mail, phone via ``phonenumbers``, URL, IP, dates, AU
ABN/TFN/Medicare) still work; PERSON, ADDRESS and IHI have no recognizer, which
the scores show. Presidio is a dev dependency: importing this module without it
raises ``EngineError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sluicegate.redaction.engines.base import resolve_overlaps
from sluicegate.redaction.errors import EngineError
from sluicegate.redaction.spans import Span

try:
    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        AuAbnRecognizer,
        AuMedicareRecognizer,
        AuTfnRecognizer,
        EmailRecognizer,
    )
except ImportError as err:  # presidio is in the dev group only
    raise EngineError(
        f"engine 'presidio': presidio-analyzer is not installed ({err.name})"
    ) from err

# Presidio entity → contract label; entities not listed are ignored.
ENTITY_LABELS = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "DATE_TIME": "DATE",
    "AU_MEDICARE": "MEDICARE",
    "AU_TFN": "TFN",
    "AU_ABN": "ABN",
    "URL": "URL",
    "IP_ADDRESS": "IP",
}
# Presidio's own default threshold is 0; its weakest pattern guesses score 0.01-0.1.
SCORE_THRESHOLD = 0.3


# The public-suffix list bundled with tldextract; its default extractor fetches
# the list over the network first, which hangs or logs errors offline.
_OFFLINE_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class _OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, checking domains against the bundled suffix list."""

    def validate_result(self, pattern_text: str) -> bool:
        """True when the address ends in a known public suffix."""
        return _OFFLINE_SUFFIXES(pattern_text).fqdn != ""


class _BlankSpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine with ``spacy.blank('en')`` instead of a downloaded model."""

    def load(self) -> None:
        """Build the blank pipeline instead of ``spacy.load``-ing a model."""
        self.nlp = {"en": spacy.blank("en")}


def _analyzer() -> AnalyzerEngine:
    nlp_engine = _BlankSpacyEngine()
    nlp_engine.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.remove_recognizer("EmailRecognizer")
    # Country-specific recognizers are not in Presidio's default set; the AU
    # ones are what a fair comparison needs.
    for recognizer in (
        _OfflineEmailRecognizer(),
        AuAbnRecognizer(),
        AuTfnRecognizer(),
        AuMedicareRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])


@dataclass
class PresidioEngine:
    """Presidio's stock recognizers, mapped to the contract's labels."""

    name: str = "presidio"
    analyzer: AnalyzerEngine = field(default_factory=_analyzer)

    def find(self, text: str) -> list[Span]:
        """Presidio's results above the threshold, overlaps settled by score then length."""
        results = self.analyzer.analyze(
            text=text, language="en", entities=list(ENTITY_LABELS), score_threshold=SCORE_THRESHOLD
        )
        return resolve_overlaps(
            (
                round(result.score * 100),
                Span(result.start, result.end, ENTITY_LABELS[result.entity_type]),
            )
            for result in results
        )
