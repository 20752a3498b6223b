"""The Sensitive Data Protection engine: the request it builds and how a response
maps back to spans, through the client library's own types. No live call: the
client is a stand-in that records the request and answers with a real
``InspectContentResponse``."""

from __future__ import annotations

import pytest

dlp_v2 = pytest.importorskip("google.cloud.dlp_v2")

from sluicegate.redaction import engines  # noqa: E402
from sluicegate.redaction.engines.dlp import INFO_TYPES, DlpEngine, regional_endpoint  # noqa: E402
from sluicegate.redaction.errors import EngineError  # noqa: E402
from tests.redaction.helpers import found  # noqa: E402

TEXT = "Zoë Ngata (IHI 8003 6081 6669 0503) lives at 4 Elm St, Perth WA 6000; zoe@example.org"


def finding(info_type: str, surface: str, text: str = TEXT, likelihood=None):
    start = text.index(surface)
    return dlp_v2.Finding(
        info_type=dlp_v2.InfoType(name=info_type),
        likelihood=likelihood or dlp_v2.Likelihood.LIKELY,
        location=dlp_v2.Location(
            # byte offsets differ from code points once a character is not ASCII ("ë")
            byte_range=dlp_v2.Range(
                start=len(text[:start].encode()), end=len(text[: start + len(surface)].encode())
            ),
            codepoint_range=dlp_v2.Range(start=start, end=start + len(surface)),
        ),
    )


class StandIn:
    """Records each request; answers with the findings it was given."""

    def __init__(self, *findings) -> None:
        self.requests: list = []
        self.response = dlp_v2.InspectContentResponse(
            result=dlp_v2.InspectResult(findings=list(findings))
        )

    def inspect_content(self, request):
        self.requests.append(request)
        return self.response


def test_the_request_names_the_region_and_the_info_types() -> None:
    engine = DlpEngine(project="team-onco", region="australia-southeast1", client=StandIn())
    request = engine.request(TEXT)
    assert isinstance(request, dlp_v2.InspectContentRequest)
    assert request.parent == "projects/team-onco/locations/australia-southeast1"
    assert request.item.value == TEXT
    names = [info.name for info in request.inspect_config.info_types]
    assert names == list(INFO_TYPES)
    for name in ("PERSON_NAME", "STREET_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER",
                 "AUSTRALIA_MEDICARE_NUMBER", "AUSTRALIA_TAX_FILE_NUMBER"):
        assert name in names
    assert request.inspect_config.min_likelihood == dlp_v2.Likelihood.POSSIBLE
    assert request.inspect_config.include_quote is False
    # the request survives the wire format unchanged
    wire = dlp_v2.InspectContentRequest.serialize(request)
    assert dlp_v2.InspectContentRequest.deserialize(wire) == request


def test_the_endpoint_is_regional() -> None:
    host = regional_endpoint("australia-southeast1")
    assert host == "dlp.australia-southeast1.rep.googleapis.com"
    engine = DlpEngine(project="p", region="europe-west3", client=StandIn())
    assert engine.version == "dlp/dlp.europe-west3.rep.googleapis.com/possible"


def test_the_default_client_is_built_for_the_regional_endpoint(monkeypatch) -> None:
    built = {}

    class Client:
        def __init__(self, client_options):
            built.update(client_options)

        def inspect_content(self, request):
            return dlp_v2.InspectContentResponse()

    monkeypatch.setattr(dlp_v2, "DlpServiceClient", Client)
    engine = DlpEngine(project="p", region="us-west1")
    assert engine.find("nothing here") == []
    assert built == {"api_endpoint": "dlp.us-west1.rep.googleapis.com"}


def test_findings_map_back_to_spans_by_code_point() -> None:
    client = StandIn(
        finding("PERSON_NAME", "Zoë Ngata"),
        finding("STREET_ADDRESS", "4 Elm St, Perth WA 6000"),
        finding("EMAIL_ADDRESS", "zoe@example.org"),
        finding("PERSON_NAME", "zoe"),  # inside the e-mail: the longer span wins
        finding("CREDIT_CARD_NUMBER", "6081 6669"),  # not asked for: ignored
    )
    engine = DlpEngine(project="p", region="australia-southeast1", client=client)
    assert found(engine, TEXT) == [
        ("PERSON", "Zoë Ngata"),
        ("IHI", "8003 6081 6669 0503"),  # no infoType relied on: the local check digits
        ("ADDRESS", "4 Elm St, Perth WA 6000"),
        ("EMAIL", "zoe@example.org"),
    ]
    assert len(client.requests) == 1 and client.requests[0].item.value == TEXT


def test_the_engine_is_registered_and_needs_a_project(monkeypatch) -> None:
    monkeypatch.delenv("SLUICEGATE_DLP_PROJECT", raising=False)
    with pytest.raises(EngineError, match="SLUICEGATE_DLP_PROJECT") as caught:
        engines.get("dlp")
    assert caught.value.exit_code == 2 and "\n" not in str(caught.value)
    monkeypatch.setenv("SLUICEGATE_DLP_PROJECT", "team-onco")
    monkeypatch.setenv("SLUICEGATE_DLP_REGION", "europe-west2")
    engine = engines.get("dlp")
    assert engine.parent == "projects/team-onco/locations/europe-west2"


def test_a_region_that_is_not_one_is_refused() -> None:
    for region in ("global", "eu/../x"):
        with pytest.raises(EngineError, match="not a region name"):
            DlpEngine(project="p", region=region, client=StandIn())
