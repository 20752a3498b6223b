"""An engine backed by Google Sensitive Data Protection (Cloud DLP), at a regional
endpoint, for teams that want Google's detectors and keep text in one region.

Optional: nothing here runs unless a pipeline picks ``--engine dlp``. The engine
calls ``projects.locations.content.inspect`` on the regional endpoint
``dlp.REGION.rep.googleapis.com`` (the format Google documents for Sensitive Data
Protection's regional endpoints, "Global and regional endpoints for Sensitive
Data Protection": https://cloud.google.com/sensitive-data-protection/docs/api-endpoints)
with parent ``projects/PROJECT/locations/REGION``, so the text is processed in
that region and does not transit the global endpoint.

Each finding's ``codepoint_range`` (offsets in Unicode code points, which are
Python string indices) becomes a span with the contract's label. Two labels have
no built-in infoType that this module relies on, IHI and ABN; the local
check-digit recognizers find those beside the service. Overlaps are settled as
in every other engine, by priority then length.

Settings: ``SLUICEGATE_DLP_PROJECT`` and ``SLUICEGATE_DLP_REGION`` (default
``australia-southeast1``; choose a region whose row in the Sensitive Data
Protection locations page says it supports regional endpoints), or the
constructor's arguments. Credentials are the runtime's application default
credentials (the step's workload identity in the cluster).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sluicegate.redaction import recognizers
from sluicegate.redaction.engines.base import resolve_overlaps
from sluicegate.redaction.errors import EngineError
from sluicegate.redaction.recognizers.base import Recognizer
from sluicegate.redaction.spans import Span

# Built-in infoTypes (https://cloud.google.com/dlp/docs/infotypes-reference) and the
# contract label each becomes.
INFO_TYPES: dict[str, str] = {
    "PERSON_NAME": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "DATE_OF_BIRTH": "DATE",
    "DATE": "DATE",
    "AUSTRALIA_MEDICARE_NUMBER": "MEDICARE",
    "AUSTRALIA_TAX_FILE_NUMBER": "TFN",
    "URL": "URL",
    "IP_ADDRESS": "IP",
}
# Labels the service is not asked for: found locally by their check digits.
LOCAL_LABELS = frozenset({"IHI", "ABN"})
# Service findings rank above local ones on overlap, except the check-digit
# identifiers, whose checksum is stronger evidence than a likelihood.
PRIORITY = 50
DEFAULT_REGION = "australia-southeast1"


def regional_endpoint(region: str) -> str:
    """The Sensitive Data Protection regional endpoint host for ``region``."""
    return f"dlp.{region}.rep.googleapis.com"


@dataclass
class DlpEngine:
    """Sensitive Data Protection's detectors for most labels, local check digits for
    IHI and ABN. ``client`` is a ``dlp_v2.DlpServiceClient`` or anything with its
    ``inspect_content(request=...)``; by default one for the regional endpoint."""

    name: str = "dlp"
    project: str | None = None
    region: str | None = None
    min_likelihood: str = "POSSIBLE"
    client: object | None = None
    local: tuple[Recognizer, ...] = field(
        default=tuple(r for r in recognizers.ALL if r.label in LOCAL_LABELS)
    )

    def __post_init__(self) -> None:
        self.project = self.project or os.environ.get("SLUICEGATE_DLP_PROJECT")
        self.region = self.region or os.environ.get("SLUICEGATE_DLP_REGION", DEFAULT_REGION)
        if not self.project:
            raise EngineError(
                "engine 'dlp': no project; set SLUICEGATE_DLP_PROJECT (and SLUICEGATE_DLP_REGION)"
            )
        if self.region == "global" or not self.region.replace("-", "").isalnum():
            raise EngineError(f"engine 'dlp': region {self.region!r} is not a region name")

    @property
    def parent(self) -> str:
        """The request's parent: the processing location."""
        return f"projects/{self.project}/locations/{self.region}"

    @property
    def version(self) -> str:
        """What the gate records: engine, endpoint and minimum likelihood."""
        return f"{self.name}/{regional_endpoint(self.region)}/{self.min_likelihood.lower()}"

    def request(self, text: str):
        """The ``InspectContentRequest`` for ``text``, built from the library's types."""
        from google.cloud import dlp_v2

        config = dlp_v2.InspectConfig(
            info_types=[dlp_v2.InfoType(name=name) for name in INFO_TYPES],
            min_likelihood=dlp_v2.Likelihood[self.min_likelihood],
            include_quote=False,  # the finding's offsets are enough; no copy of the text
        )
        return dlp_v2.InspectContentRequest(
            parent=self.parent, inspect_config=config, item=dlp_v2.ContentItem(value=text)
        )

    def spans(self, response) -> list[tuple[int, Span]]:
        """(priority, span) for each finding of an ``InspectContentResponse``."""
        out = []
        for finding in response.result.findings:
            label = INFO_TYPES.get(finding.info_type.name)
            where = finding.location.codepoint_range
            if label is not None and where.end > where.start:
                out.append((PRIORITY, Span(where.start, where.end, label)))
        return out

    def find(self, text: str) -> list[Span]:
        """Spans from one inspect call and the local check-digit recognizers."""
        response = self._client().inspect_content(request=self.request(text))
        proposals = self.spans(response)
        proposals.extend(
            (recognizer.priority + PRIORITY, span)
            for recognizer in self.local
            for span in recognizer.find(text)
        )
        return resolve_overlaps(proposals)

    def _client(self):
        if self.client is None:
            from google.cloud import dlp_v2

            self.client = dlp_v2.DlpServiceClient(
                client_options={"api_endpoint": regional_endpoint(self.region)}
            )
        return self.client
