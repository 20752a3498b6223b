"""`sluicegate publish`: push the rendered tree to the GitOps repository as OCI artifacts.

``components`` goes first, then ``apps`` (whose Applications pin components by
tag); each is one packed layer (``sluicegate.gitops.artifact``) under its content
tag. What is pushed is checked first: every Application in ``apps/`` must source
the components tag of this very tree, at a path the tree has, so a stale or
half-rendered tree is refused before anything leaves the machine.

Credentials: for Artifact Registry (``*-docker.pkg.dev``) an access token of the
Application Default Credentials, as the password of ``oauth2accesstoken``; no key
files. Other registries (a local one in tests) are used anonymously or with a
user and password given by the caller.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import requests
import yaml

from sluicegate.errors import SluicegateError
from sluicegate.gitops.artifact import (
    APPS,
    ARTIFACTS,
    COMPONENTS,
    LAYER_MEDIA_TYPE,
    TreeError,
    artifact_files,
    pack,
    tag_of,
    unpack,
)
from sluicegate.gitops.objects import load_all, one_line

MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json"
# OCI 1.1: an artifact without a config of its own has the empty config and says
# what it is in artifactType.
EMPTY_CONFIG = b"{}"
EMPTY_CONFIG_MEDIA_TYPE = "application/vnd.oci.empty.v1+json"
ARTIFACT_TYPE = "application/vnd.sluicegate.gitops.v1"
TITLE = "org.opencontainers.image.title"
REVISION = "org.opencontainers.image.revision"
GOOGLE_REGISTRY_SUFFIX = "-docker.pkg.dev"
TOKEN_USER = "oauth2accesstoken"
_CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
_PROBE_SECONDS = 10

# oras-py logs through the standard logging module; without a handler Python would
# print its warnings to stderr, beside the one line an error is reported as.
logging.getLogger("oras.logger").addHandler(logging.NullHandler())


class RegistryError(SluicegateError):
    """The registry could not be reached, refused the credentials or the push."""

    exit_code = 3


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Artifact:
    """One artifact, packed: its layer and manifest bytes are what the registry stores."""

    name: str
    tag: str
    layer: bytes
    manifest: bytes

    @classmethod
    def of(cls, name: str, tag: str, files: dict[str, bytes]) -> Artifact:
        """Pack ``files`` as artifact ``name`` under ``tag``."""
        layer = pack(files)
        return cls(name, tag, layer, _manifest(name, tag, layer))

    @property
    def digest(self) -> str:
        """The manifest digest: what a pin by digest names."""
        return _digest(self.manifest)


def _manifest(name: str, tag: str, layer: bytes) -> bytes:
    doc = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "artifactType": ARTIFACT_TYPE,
        "config": {
            "mediaType": EMPTY_CONFIG_MEDIA_TYPE,
            "digest": _digest(EMPTY_CONFIG),
            "size": len(EMPTY_CONFIG),
        },
        "layers": [
            {
                "mediaType": LAYER_MEDIA_TYPE,
                "digest": _digest(layer),
                "size": len(layer),
                "annotations": {TITLE: name},
            }
        ],
        "annotations": {TITLE: name, REVISION: tag},
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()


def _check_apps(tree: Path, apps: dict[str, bytes], components: dict[str, bytes], tag: str) -> None:
    """Every Application of ``apps/`` sources this tree's components, at its tag, at a
    path it has: Argo CD would otherwise sync something else, or nothing."""
    folders = {str(parent) for p in components for parent in PurePosixPath(p).parents} - {"."}
    for path, data in sorted(apps.items()):
        if not path.endswith((".yaml", ".yml")):
            continue
        try:
            docs = [d for d in load_all(data.decode("utf-8")) if isinstance(d, dict)]
        except UnicodeDecodeError as err:
            raise TreeError(f"{tree / path}: not YAML: {err}") from None
        except yaml.YAMLError as err:
            raise TreeError(f"{tree / path}: not YAML: {one_line(err)}") from None
        for doc in docs:
            if doc.get("kind") != "Application":
                continue
            source = (doc.get("spec") or {}).get("source") or {}
            revision, folder = source.get("targetRevision"), source.get("path")
            if revision != tag:
                raise TreeError(
                    f"{tree / path}: spec.source.targetRevision: {revision!r} is not this tree's "
                    f"components tag {tag!r}; render the tree again (sluicegate render)"
                )
            if folder not in folders:
                raise TreeError(
                    f"{tree / path}: spec.source.path: {folder!r} is not in the tree; "
                    "render it with the upstream cache (sluicegate render)"
                )


def prepare(tree: Path) -> list[Artifact]:
    """Pack the tree at ``tree`` into its artifacts, in push order (components, apps).

    Raises ``TreeError`` (exit 2) for a missing tree, a tree without ``apps/``, or an
    ``apps/`` that does not pin this tree's components.
    """
    files = {name: artifact_files(tree, name) for name in ARTIFACTS}
    tags = {name: tag_of(f) for name, f in files.items()}
    _check_apps(tree, files[APPS], files[COMPONENTS], tags[COMPONENTS])
    return [Artifact.of(name, tags[name], files[name]) for name in ARTIFACTS]


@dataclass(frozen=True)
class Target:
    """Where artifacts go: ``HOST[:PORT]/PATH``; artifact NAME is ``HOST/PATH/NAME``."""

    host: str
    path: str
    plain_http: bool = False

    @classmethod
    def parse(cls, url: str, *, plain_http: bool = False) -> Target:
        bare = url.removeprefix("oci://").rstrip("/")
        host, _, path = bare.partition("/")
        if not host or not path or any(c.isspace() for c in bare):
            raise RegistryError(f"--registry: {url!r} is not HOST[:PORT]/PATH")
        return cls(host, path, plain_http)

    @property
    def base(self) -> str:
        return f"{'http' if self.plain_http else 'https'}://{self.host}"

    def reference(self, name: str) -> str:
        return f"{self.host}/{self.path}/{name}"


def google_access_token() -> str:
    """An access token of the Application Default Credentials (no key files)."""
    import google.auth
    import google.auth.exceptions
    import google.auth.transport.requests

    try:
        credentials, _ = google.auth.default(scopes=[_CLOUD_PLATFORM])
        credentials.refresh(google.auth.transport.requests.Request())
    except google.auth.exceptions.GoogleAuthError as err:
        raise RegistryError(
            "no Google credentials to push to Artifact Registry "
            f"(gcloud auth application-default login): {' '.join(str(err).split())}"
        ) from None
    return credentials.token


class _Client:
    """oras-py's registry client for one target: its token challenge handling, blob
    uploads and manifest reads, with every failure turned into a ``RegistryError``."""

    def __init__(self, target: Target, username: str | None, password: str | None) -> None:
        import oras.provider

        self.target = target
        self.registry = oras.provider.Registry(
            hostname=target.host, insecure=target.plain_http, auth_backend="token"
        )
        if username is not None:
            self.registry.auth.set_basic_auth(username, password or "")

    def probe(self) -> None:
        """``GET /v2/`` once, with a timeout: an unreachable registry fails in seconds,
        not after oras-py's retries. 401 is an answer too (credentials come next)."""
        try:
            response = requests.get(f"{self.target.base}/v2/", timeout=_PROBE_SECONDS)
        except requests.RequestException as err:
            raise RegistryError(f"{self.target.host}: unreachable: {_reason(err)}") from None
        if response.status_code not in (200, 401):
            raise RegistryError(
                f"{self.target.host}: /v2/ answered {response.status_code}; not an OCI registry?"
            )

    def _container(self, name: str, reference: str):
        import oras.container

        separator = "@" if reference.startswith("sha256:") else ":"
        return oras.container.Container(
            f"{self.target.path}/{name}{separator}{reference}", registry=self.target.host
        )

    def _request(self, what: str, url: str, method: str, **kwargs) -> requests.Response:
        # oras-py raises bare ValueErrors as well as requests' errors.
        try:
            return self.registry.do_request(url, method, **kwargs)
        except Exception as err:  # noqa: BLE001
            raise RegistryError(f"{self.target.host}: {what}: {_reason(err)}") from None

    def manifest_digest(self, name: str, tag: str) -> str | None:
        """The digest ``name:tag`` names in the registry, or ``None`` if it does not exist."""
        container = self._container(name, tag)
        response = self._request(
            f"looking up {name}:{tag}",
            f"{self.registry.prefix}://{container.manifest_url()}",
            "HEAD",
            headers={"Accept": MANIFEST_MEDIA_TYPE},
        )
        if response.status_code == 404:
            return None
        _raise_for(response, self.target, f"looking up {name}:{tag}")
        return response.headers.get("Docker-Content-Digest")

    def push(self, artifact: Artifact) -> None:
        container = self._container(artifact.name, artifact.tag)
        with tempfile.TemporaryDirectory(prefix="sluicegate-publish-") as scratch:
            for data, media_type in (
                (artifact.layer, LAYER_MEDIA_TYPE),
                (EMPTY_CONFIG, EMPTY_CONFIG_MEDIA_TYPE),
            ):
                blob = Path(scratch) / "blob"
                blob.write_bytes(data)
                descriptor = {"mediaType": media_type, "digest": _digest(data), "size": len(data)}
                try:
                    response = self.registry.upload_blob(str(blob), container, descriptor)
                except Exception as err:  # noqa: BLE001 - as in _request
                    raise RegistryError(
                        f"{self.target.host}: uploading {artifact.name}: {_reason(err)}"
                    ) from None
                _raise_for(response, self.target, f"uploading {artifact.name}")
        response = self._request(
            f"pushing {artifact.name}:{artifact.tag}",
            f"{self.registry.prefix}://{container.manifest_url()}",
            "PUT",
            headers={"Content-Type": MANIFEST_MEDIA_TYPE},
            data=artifact.manifest,
        )
        _raise_for(response, self.target, f"pushing {artifact.name}:{artifact.tag}")
        stored = response.headers.get("Docker-Content-Digest")
        if stored and stored != artifact.digest:
            raise RegistryError(
                f"{self.target.host}: {artifact.name}:{artifact.tag} was stored as {stored}, "
                f"not {artifact.digest}"
            )

    def pull(self, name: str, reference: str) -> tuple[str, dict[str, bytes]]:
        """The manifest digest and the files of ``name`` at a tag or digest."""
        container = self._container(name, reference)
        response = self._request(
            f"reading {name}@{reference}",
            f"{self.registry.prefix}://{container.manifest_url()}",
            "GET",
            headers={"Accept": MANIFEST_MEDIA_TYPE},
        )
        _raise_for(response, self.target, f"reading {name}@{reference}")
        manifest = response.content
        layers = json.loads(manifest).get("layers", [])
        if len(layers) != 1 or layers[0].get("mediaType") != LAYER_MEDIA_TYPE:
            raise RegistryError(
                f"{self.target.host}: {name}@{reference} is not one {LAYER_MEDIA_TYPE} layer"
            )
        blob = self._request(
            f"reading {name}'s layer",
            f"{self.registry.prefix}://{container.get_blob_url(layers[0]['digest'])}",
            "GET",
        )
        _raise_for(blob, self.target, f"reading {name}'s layer")
        if _digest(blob.content) != layers[0]["digest"]:
            raise RegistryError(f"{self.target.host}: {name}'s layer does not match its digest")
        return _digest(manifest), unpack(blob.content)


def _reason(err: Exception) -> str:
    """The last line of an exception chain's message: requests' wrap several deep."""
    while err.__context__ is not None and not str(err):
        err = err.__context__  # type: ignore[assignment]
    text = " ".join(str(err).split()) or type(err).__name__
    return text[-300:]


def _raise_for(response: requests.Response, target: Target, what: str) -> None:
    if response.status_code in (200, 201, 202):
        return
    try:
        errors = response.json().get("errors") or []
        detail = "; ".join(
            str(e.get("message") or e.get("code")) for e in errors if isinstance(e, dict)
        )
    except ValueError:
        detail = ""
    shown = f"{target.host}: {what}: {response.status_code} {response.reason}"
    raise RegistryError(f"{shown}: {detail}" if detail else shown)


@dataclass(frozen=True)
class Published:
    name: str
    tag: str
    digest: str
    reference: str
    """``HOST/PATH/NAME:TAG``."""


def _credentials(
    target: Target, username: str | None, password: str | None
) -> tuple[str | None, str | None]:
    if username is None and target.host.endswith(GOOGLE_REGISTRY_SUFFIX):
        return TOKEN_USER, google_access_token()
    return username, password


def client(
    registry: str,
    *,
    plain_http: bool = False,
    username: str | None = None,
    password: str | None = None,
) -> _Client:
    """A checked connection to ``registry`` (``HOST[:PORT]/PATH``), with credentials."""
    target = Target.parse(registry, plain_http=plain_http)
    found = _Client(target, *_credentials(target, username, password))
    found.probe()
    return found


def publish(
    tree: Path,
    registry: str,
    *,
    plain_http: bool = False,
    username: str | None = None,
    password: str | None = None,
) -> list[Published]:
    """Push the tree at ``tree`` to ``registry``: components, then apps.

    An artifact whose tag already names the same digest is left as it is (tags are
    immutable in the GitOps repository, and publishing an unchanged tree is a no-op).
    A tag that names other content is refused. Raises ``TreeError`` (exit 2) for a
    tree that cannot be published and ``RegistryError`` (exit 3) when the registry
    cannot be reached or refuses.
    """
    artifacts = prepare(tree)
    connection = client(registry, plain_http=plain_http, username=username, password=password)
    published = []
    for artifact in artifacts:
        digest = artifact.digest
        existing = connection.manifest_digest(artifact.name, artifact.tag)
        if existing is None:
            connection.push(artifact)
        elif existing != digest:
            # Same tag, other bytes: packed elsewhere (another gzip, say). The tag is what
            # Argo CD resolves, so it stands if it holds exactly these files.
            digest, files = connection.pull(artifact.name, artifact.tag)
            if tag_of(files) != artifact.tag:
                raise RegistryError(
                    f"{connection.target.host}: {artifact.name}:{artifact.tag} already names "
                    f"{existing}, whose files are not this tree's"
                )
        reference = f"{connection.target.reference(artifact.name)}:{artifact.tag}"
        published.append(Published(artifact.name, artifact.tag, digest, reference))
    return published
