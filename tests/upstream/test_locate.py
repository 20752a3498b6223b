"""Where the cache is found, and the one line when it is not."""

from __future__ import annotations

import pytest

from sluicegate import upstream


def test_explicit_wins_over_environment_and_default(tmp_path):
    explicit, env = tmp_path / "explicit", tmp_path / "env"
    explicit.mkdir(), env.mkdir(), (tmp_path / ".cache" / "upstream").mkdir(parents=True)
    environ = {upstream.ENV: str(env)}
    assert upstream.locate(explicit, environ=environ, cwd=tmp_path) == explicit.resolve()
    assert upstream.locate(None, environ=environ, cwd=tmp_path) == env.resolve()
    assert (
        upstream.locate(None, environ={}, cwd=tmp_path) == (tmp_path / ".cache/upstream").resolve()
    )


@pytest.mark.parametrize("where", ["explicit", "env", "default"])
def test_a_missing_cache_is_one_line_naming_sluicegate_vendor(tmp_path, where):
    missing = tmp_path / "nowhere"
    explicit = missing if where == "explicit" else None
    environ = {upstream.ENV: str(missing)} if where == "env" else {}
    with pytest.raises(upstream.UpstreamError) as caught:
        upstream.locate(explicit, environ=environ, cwd=tmp_path)
    message = str(caught.value)
    assert "\n" not in message and "`sluicegate vendor" in message, message
    shown = missing if where != "default" else tmp_path / ".cache" / "upstream"
    assert message.startswith(f"{shown}: no upstream cache"), message
    assert caught.value.exit_code == 2


def test_an_explicit_missing_cache_does_not_fall_back_to_the_environment(tmp_path):
    env = tmp_path / "env"
    env.mkdir()
    with pytest.raises(upstream.UpstreamError, match="--upstream"):
        upstream.locate(tmp_path / "typo", environ={upstream.ENV: str(env)}, cwd=tmp_path)
