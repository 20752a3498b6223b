"""The GitOps tree as two OCI artifacts, and the content tag that names each.

Argo CD syncs the tree from Artifact Registry in the region, not from git: nodes
reach it through the restricted Google APIs VIP, inside the perimeter. The tree
is split so that nothing is circular:

- ``components``: every file except ``apps/`` (the kit's own objects and the
  hydrated upstream components);
- ``apps``: ``apps/``, the AppProjects and Applications, which pin the
  components artifact by its tag.

A tag is a hash of the artifact's files (paths and bytes), so the render can
write it into ``apps/`` before anything is pushed, and Artifact Registry's
immutable tags make it a pin. Each artifact is one gzip-compressed tar layer,
the layer type Argo CD's OCI source accepts by default, packed the same way
every time: sorted entries, no times, no owners.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from sluicegate.errors import SluicegateError

APPS = "apps"
COMPONENTS = "components"
# Pushed in this order: the apps artifact refers to the components artifact.
ARTIFACTS = (COMPONENTS, APPS)

# The layer media type Argo CD's repo-server accepts without configuration
# (argo-cd v3.4.4 cmd/argocd-repo-server/commands/argocd_repo_server.go,
# --oci-layer-media-types); it extracts the one layer at the artifact's root.
LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip"
TAG_PREFIX = "sha256-"
_TAG_HEX = 32


class TreeError(SluicegateError):
    """The tree to tag or publish is missing, incomplete or holds what it may not."""


def artifact_files(root: Path, artifact: str) -> dict[str, bytes]:
    """Every file of ``artifact`` in the tree at ``root``: relative POSIX path -> bytes.

    ``components`` is every file outside ``apps/``; ``apps`` is ``apps/``, which must exist.
    """
    if artifact not in ARTIFACTS:
        raise KeyError(f"no artifact {artifact!r}; there are {', '.join(ARTIFACTS)}")
    if not root.is_dir():
        raise TreeError(f"{root}: not a folder; render the tree first (sluicegate render)")
    if artifact == APPS and not (root / APPS).is_dir():
        raise TreeError(f"{root}: no {APPS}/ folder; render the tree first (sluicegate render)")
    files: dict[str, bytes] = {}
    for path in sorted((root / APPS if artifact == APPS else root).rglob("*")):
        relative = path.relative_to(root).as_posix()
        if artifact == COMPONENTS and (relative == APPS or relative.startswith(APPS + "/")):
            continue
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise TreeError(f"{root}: {relative}: only plain files and folders can be published")
        if path.is_file():
            files[relative] = path.read_bytes()
    return files


def tag_of(files: Mapping[str, bytes]) -> str:
    """The content tag of a set of files: ``sha256-`` and 32 hex digits of a SHA-256
    over every path and its bytes, in path order. Paths, not just bytes, count: a file
    that moves changes the tag."""
    digest = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    return TAG_PREFIX + digest.hexdigest()[:_TAG_HEX]


def content_tag(root: Path, artifact: str) -> str:
    """The tag ``artifact`` of the tree at ``root`` is published under."""
    return tag_of(artifact_files(root, artifact))


def _entry(name: str, *, directory: bool, size: int = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode = 0o755 if directory else 0o644
    info.size = size
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def pack(files: Mapping[str, bytes]) -> bytes:
    """A gzip-compressed tar of ``files``, the same bytes for the same files.

    Folders get entries of their own (before their contents) so that the folder
    modes Argo CD recreates on extraction are fixed too.
    """
    folders = {str(parent) for path in files for parent in PurePosixPath(path).parents}
    folders.discard(".")
    buffer = io.BytesIO()
    # mtime 0 and no file name: the gzip header carries nothing of this machine or moment.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name in sorted(folders | set(files)):
                if name in folders:
                    tar.addfile(_entry(name, directory=True))
                else:
                    data = files[name]
                    tar.addfile(_entry(name, directory=False, size=len(data)), io.BytesIO(data))
    return buffer.getvalue()


def unpack(layer: bytes) -> dict[str, bytes]:
    """The files of a packed layer: relative POSIX path -> bytes (folders dropped).

    Refuses links, devices and paths that leave the archive's root.
    """
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(layer), mode="r:gz") as tar:
        for member in tar:
            path = PurePosixPath(member.name)
            if path.is_absolute() or ".." in path.parts:
                raise TreeError(f"layer entry {member.name!r} leaves the archive")
            if member.isdir():
                continue
            if not member.isfile():
                raise TreeError(f"layer entry {member.name!r} is not a plain file")
            extracted = tar.extractfile(member)
            assert extracted is not None  # a regular file always has content
            files[path.as_posix()] = extracted.read()
    return files
