"""What the foundation refuses to build: one ``SpecError`` line naming file, field and
reason, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sluicegate import cli
from sluicegate.errors import SpecError
from sluicegate.foundation import write
from sluicegate.spec.model import Platform

REPO = Path(__file__).resolve().parents[2]


def _rejects(platform: Platform, dest: Path) -> str:
    with pytest.raises(SpecError) as caught:
        write(platform, dest)
    assert not dest.exists(), "nothing may be written for a platform that is refused"
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_unknown_region(example: Platform, tmp_path: Path) -> None:
    message = _rejects(example.model_copy(update={"region": "mars-west1"}), tmp_path / "out")
    assert message.startswith("platform.yaml: region: unknown region 'mars-west1' (known: ")


def test_state_bucket_name_google_refuses(example: Platform, tmp_path: Path) -> None:
    platform = example.model_copy(update={"project_id": "goog-ml-platform"})
    assert _rejects(platform, tmp_path / "out") == (
        "platform.yaml: project_id: derived bucket name 'goog-ml-platform-sg-tfstate' "
        "may not start with 'goog'"
    )


def test_overlapping_ranges(example: Platform, tmp_path: Path) -> None:
    network = example.network.model_copy(update={"pods_cidr": "10.10.0.0/16"})
    message = _rejects(example.model_copy(update={"network": network}), tmp_path / "out")
    assert message == (
        "platform.yaml: network.pods_cidr: 10.10.0.0/16 overlaps network.subnet_cidr (10.10.0.0/20)"
    )


def test_derived_name_too_long(example: Platform, tmp_path: Path) -> None:
    # The spec's own pattern caps the prefix at 12 characters; a Platform copied in
    # code skips that, so the derived-name rules are what must catch it.
    platform = example.model_copy(update={"prefix": "averyveryverylongprefix"})
    message = _rejects(platform, tmp_path / "out")
    assert message.startswith("platform.yaml: prefix: derived ")


def test_cli_synth_prints_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    text = (REPO / "platform.yaml").read_text()
    (spec / "platform.yaml").write_text(
        text.replace("project_id: acme-ml-platform", "project_id: googol-platform")
    )
    out = tmp_path / "out"
    assert cli.main(["synth", "--spec", str(spec), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: platform.yaml: project_id: derived bucket name 'googol-platform-sg-tfstate' "
        "may not start with 'goog'"
    )
    assert not out.exists()
