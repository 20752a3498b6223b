"""The digest is exactly what the module docstring defines."""

from __future__ import annotations

import hashlib
import os

import pytest

from sluicegate import upstream


def _tree(root, files):
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_digest_is_sha256_over_sorted_path_size_and_bytes(tmp_path):
    # Created out of order, with a marker that must not count.
    root = _tree(tmp_path / "src", {"b/z.yaml": b"kind: Z\n", "a.txt": b"", "b/a.yaml": b"x"})
    (root / upstream.MARKER).write_text("{}")
    expected = hashlib.sha256(
        b"a.txt\x000\x00" + b"b/a.yaml\x001\x00x" + b"b/z.yaml\x008\x00kind: Z\n"
    )
    assert upstream.digest(root) == f"sha256:{expected.hexdigest()}"


def test_digest_ignores_modes_and_empty_folders_but_not_content_or_names(tmp_path):
    one = _tree(tmp_path / "one", {"f.yaml": b"a: 1\n"})
    two = _tree(tmp_path / "two", {"f.yaml": b"a: 1\n"})
    os.chmod(two / "f.yaml", 0o444)
    (two / "empty").mkdir()
    assert upstream.digest(one) == upstream.digest(two)
    (two / "f.yaml").chmod(0o644)
    (two / "f.yaml").write_bytes(b"a: 2\n")
    assert upstream.digest(one) != upstream.digest(two), "a changed byte kept the digest"
    (two / "f.yaml").rename(two / "g.yaml")
    (two / "g.yaml").write_bytes(b"a: 1\n")
    assert upstream.digest(one) != upstream.digest(two), "a renamed file kept the digest"


def test_a_symbolic_link_is_refused(tmp_path):
    root = _tree(tmp_path / "src", {"f.yaml": b"a: 1\n"})
    (root / "link.yaml").symlink_to(root / "f.yaml")
    with pytest.raises(upstream.UpstreamError, match="link.yaml: a symbolic link"):
        upstream.digest(root)
