"""Render the GitOps tree Argo CD syncs: ``manifests/templates`` (jinja2) → a folder.

``write(platform, dest)`` renders every template with the platform spec, the
derived names and ``manifests/templates/defaults.yaml``, checks that each
output file is valid YAML and returns the number of Kubernetes objects written.
The same spec always gives the same bytes. The Gatekeeper ConstraintTemplates
embed the Rego of ``policies/gatekeeper/<template>.rego`` verbatim, so that file
is the one source of each rule.

``apps/`` is rendered last: its Applications source the published ``components``
artifact (``sluicegate.gitops.artifact``) at its content tag, a hash of every
other file of the tree, which is only known once those are written.
"""

from __future__ import annotations

import json
import traceback
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from sluicegate import cache as caches
from sluicegate import kit
from sluicegate import names as names_module
from sluicegate.errors import SluicegateError, SpecError
from sluicegate.gitops.artifact import APPS, COMPONENTS, content_tag
from sluicegate.gitops.objects import NotObjects, NotYaml, parse_objects, remember
from sluicegate.gitops.catalogue import KubeflowApp, load_release
from sluicegate.names import Names
from sluicegate.spec.model import Platform, Team

TEMPLATES = kit.TEMPLATES
POLICIES = kit.POLICIES / "gatekeeper"

# Namespaces every cluster has; a team of that name would take one over, as it
# would one of the platform's (Argo CD, Gatekeeper, any Kubeflow component's).
KUBERNETES_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})

_KUSTOMIZATION = "kustomization.yaml"


class RenderError(SluicegateError):
    """A template or its data is wrong: names the template, the line and the key."""


class _Values(dict):
    """A mapping that knows its dotted path, so a missing key is reported by name."""

    def __init__(self, path: str, data: dict[str, Any]) -> None:
        super().__init__({k: _wrap(f"{path}.{k}", v) for k, v in data.items()})
        self.path = path


def _wrap(path: str, value: Any) -> Any:
    if isinstance(value, dict):
        return _Values(path, value)
    if isinstance(value, list):
        return [_wrap(f"{path}[{i}]", v) for i, v in enumerate(value)]
    return value


class _Undefined(jinja2.StrictUndefined):
    @property
    def _undefined_message(self) -> str:
        if isinstance(self._undefined_obj, _Values):
            return f"{self._undefined_obj.path} has no key {self._undefined_name!r}"
        return super()._undefined_message


def _quote(value: Any) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _to_yaml(value: Any, indent: int = 0) -> str:
    """``value`` (a mapping or a list) as block YAML, every line but blank ones indented.

    libyaml's emitter: the Python one took a quarter of a 100-team render, and for
    mappings and lists both write the same bytes (tests/gitops/test_render.py).
    """
    text = yaml.dump(
        _plain(value), Dumper=yaml.CSafeDumper, default_flow_style=False, sort_keys=False, width=1000
    )
    pad = " " * indent
    return "\n".join(pad + line if line else line for line in text.rstrip("\n").split("\n"))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def policy_metadata(rego: str) -> dict[str, Any]:
    """The ``# METADATA`` block at the top of a Rego file, as a mapping."""
    lines = []
    for line in rego.splitlines()[1:] if rego.startswith("# METADATA") else ():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    return yaml.load("\n".join(lines), Loader=yaml.CSafeLoader) or {}


@dataclass(frozen=True)
class _Job:
    template: str
    output: str
    context: dict[str, Any]


def _environment(templates: Path, policies: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        extensions=["jinja2.ext.do"],
        undefined=_Undefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["q"] = _quote
    env.filters["to_yaml"] = _to_yaml

    def rego(template: str) -> str:
        path = policies / f"{template}.rego"
        if not path.is_file():
            raise RenderError(f"{path}: no Rego for ConstraintTemplate {template!r}")
        return path.read_text()

    env.globals["rego"] = rego
    env.globals["policy_metadata"] = lambda template: policy_metadata(rego(template))
    return env


def _check_teams(platform: Platform, n: Names) -> None:
    reserved = KUBERNETES_NAMESPACES | {n.argocd_namespace, n.gatekeeper_namespace}
    reserved |= {
        ns for app in load_release(platform.kubeflow.release).apps for ns in app.namespaces
    }
    for team in platform.teams:
        if n.team_namespace(team.name) in reserved:
            raise SpecError(
                f"teams/{team.name}.yaml",
                "name",
                f"{team.name!r} is a namespace the platform uses; choose another team name",
            )


def _jobs(platform: Platform, defaults: _Values, templates: Path) -> list[_Job]:
    n = Names.of(platform)
    release = load_release(platform.kubeflow.release)
    enabled = platform.kubeflow.components.enabled()
    installed = release.installed(enabled)
    classifications = list(typing.get_args(Team.model_fields["data_classification"].annotation))
    base = {
        "platform": platform,
        "names": n,
        "labels": {
            "team": names_module.TEAM_LABEL,
            "data_classification": names_module.DATA_CLASSIFICATION_LABEL,
        },
        "team_ksas": names_module.TEAM_KSAS,
        "defaults": defaults,
        "enabled": enabled,
        "kubeflow": release,
        "kubeflow_namespaces": sorted({ns for a in installed for ns in a.namespaces}),
        "data_classifications": classifications,
    }
    jobs = [
        _Job("README.md.j2", "README.md", base),
        _Job("apps/projects.yaml.j2", "apps/projects.yaml", base),
        _Job("apps/gatekeeper.yaml.j2", f"apps/{n.argocd_app('policy', 'gatekeeper')}.yaml", base),
        _Job(
            "apps/gatekeeper-policies.yaml.j2",
            f"apps/{n.argocd_app('policy', 'gatekeeper-policies')}.yaml",
            base,
        ),
    ]
    for app in installed:
        jobs.append(
            _Job(
                "apps/kubeflow-app.yaml.j2",
                f"apps/{n.argocd_app(app.group, app.app)}.yaml",
                {**base, "app": app, "sync_options": _sync_options(app)},
            )
        )
    # Everything under gatekeeper/ renders once, everything under teams/ once per
    # team: a new template file there is picked up without a change here.
    for template in _templates_under(templates, "gatekeeper"):
        jobs.append(_Job(template, template.removesuffix(".j2"), base))
    view = _TeamView(platform)
    for team in sorted(platform.teams, key=lambda t: t.name):
        ctx = {**base, "platform": view, "team": team, "namespace": n.team_namespace(team.name)}
        jobs.append(_Job("apps/team.yaml.j2", f"apps/{n.argocd_app('teams', team.name)}.yaml", ctx))
        for template in _templates_under(templates, "teams"):
            output = f"teams/{team.name}/{template.removeprefix('teams/').removesuffix('.j2')}"
            jobs.append(_Job(template, output, ctx))
    return jobs


def _in_apps(job: _Job) -> bool:
    return job.output.startswith(APPS + "/")


def _templates_under(templates: Path, folder: str) -> list[str]:
    """Templates of ``folder``, its kustomization last: that one lists what the
    others wrote."""
    found = (p.relative_to(templates).as_posix() for p in (templates / folder).rglob("*.j2"))
    return sorted(found, key=lambda t: (t.endswith(_KUSTOMIZATION + ".j2"), t))


def _sync_options(app: KubeflowApp) -> list[str]:
    options = ["RespectIgnoreDifferences=true"]
    if app.server_side:
        options.append("ServerSideApply=true")
    if app.crds:
        options.append("SkipDryRunOnMissingResource=true")
    return options


def _where(err: Exception, templates: Path) -> str:
    """``file:line`` of the template frame an error was raised in (jinja2 keeps
    template frames in the traceback), or ``""`` when there is none."""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        path = Path(frame.filename)
        if path.suffix == ".j2" and path.is_relative_to(templates):
            return f"{path.relative_to(templates.parent.parent)}:{frame.lineno}"
    return ""


def _parsed(text: str, output: str) -> list[dict[str, Any]]:
    try:
        return parse_objects(text)
    except NotYaml as err:
        raise RenderError(f"{output}: rendered text is {err}") from None
    except NotObjects as err:
        raise RenderError(f"{output}: {err}") from None


def write(
    platform: Platform,
    dest: Path,
    *,
    templates: Path = TEMPLATES,
    policies: Path = POLICIES,
) -> int:
    """Render the GitOps tree for ``platform`` into ``dest``; return the number of
    Kubernetes objects (kustomization files are not counted).

    Files already in ``dest`` outside ``apps/`` (the hydrated upstream components,
    written first) belong to the components artifact and so count in the tag
    ``apps/`` pins.

    Raises ``SpecError`` for a team name the platform reserves and ``RenderError``
    naming the template, line and missing key when a template is wrong.
    """
    n = Names.of(platform)
    _check_teams(platform, n)
    defaults_file = templates / "defaults.yaml"
    try:
        defaults = _Values("defaults", yaml.safe_load(defaults_file.read_text()) or {})
    except (OSError, yaml.YAMLError) as err:
        raise RenderError(f"{defaults_file}: {err}") from None
    env = _environment(templates, policies)
    count = 0
    written: list[str] = []
    # Everything but apps/ first (a stable sort keeps template order), then apps/
    # with the tag of the rest.
    jobs = sorted(_jobs(platform, defaults, templates), key=_in_apps)
    gitops = None
    rendered = _TeamRenders(platform, templates)
    for job in jobs:
        if _in_apps(job) and gitops is None:
            gitops = {
                "components": n.gitops_source(COMPONENTS),
                "components_tag": content_tag(dest, COMPONENTS),
            }
        found = rendered.get(job)
        if found is None:
            text, docs = _render(env, templates, job, gitops, written, pinned=rendered.pinned(job))
            rendered.put(job, text, docs)
        else:
            text, docs = found
        if rendered.pinned(job):
            text, docs = _pin(text, docs, gitops["components_tag"], job.output)
        if not text.strip():
            continue  # a template for a component that is switched off
        count += 0 if job.output.endswith(_KUSTOMIZATION) else len(docs)
        written.append(job.output)
        _write(dest / job.output, text, docs)
    rendered.store()
    return count


def _render(
    env: jinja2.Environment,
    templates: Path,
    job: _Job,
    gitops: dict | None,
    written: list[str],
    *,
    pinned: bool,
) -> tuple[str, list[dict[str, Any]]]:
    """One job's text and the objects it parses to (none for Markdown or an empty text).
    A ``pinned`` job gets ``TAG_PLACEHOLDER`` as the tree's tag."""
    context = job.context
    if _in_apps(job):
        tag = TAG_PLACEHOLDER if pinned else gitops["components_tag"]
        context = {**context, "gitops": {**gitops, "components_tag": tag}}
    if job.output.endswith(_KUSTOMIZATION):
        folder = job.output.removesuffix(_KUSTOMIZATION)
        resources = [w.removeprefix(folder) for w in written if w.startswith(folder)]
        context = {**context, "resources": resources}
    try:
        text = env.get_template(job.template).render(context)
    except jinja2.UndefinedError as err:
        where = _where(err, templates) or f"manifests/templates/{job.template}"
        raise RenderError(f"{where}: {err.message}") from None
    except jinja2.TemplateError as err:
        raise RenderError(f"manifests/templates/{job.template}: {err}") from None
    if not text.strip() or job.output.endswith(".md"):
        return text, []
    return text, _parsed(text, job.output)


# What a team's Application is rendered with as the tree's tag, so that its text can be
# kept while the tag changes with every team; ``_pin`` puts the real tag in.
TAG_PLACEHOLDER = "sluicegate-components-tag-placeholder"


def _pin(text: str, docs: list[dict[str, Any]], tag: str, output: str) -> tuple[str, list]:
    pinned = text.replace(TAG_PLACEHOLDER, tag)
    docs = caches.fill_in(docs, TAG_PLACEHOLDER, tag)
    if TAG_PLACEHOLDER in json.dumps(docs):
        raise RenderError(f"{output}: the tree's tag is used inside a longer string")
    return pinned, docs


def _write(out: Path, text: str, docs: list[dict[str, Any]]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    if docs:
        remember(out, text, docs)


# --- the render cache --------------------------------------------------------------------
#
# A team's folder (teams/NAME/) and its Application are rendered from the platform
# without its teams, that team and (the Application) the tree's tag: their templates get
# the platform through ``_TeamView``, which refuses ``teams``. So each team's texts (and
# what they parse to) are kept in the render cache under a key of exactly that, the
# templates and the code that renders them, the Application's with ``TAG_PLACEHOLDER``
# for the tag, which changes with every team; a plan renders again only the teams that
# are new or changed, and the platform's own files.
RENDER_CACHE = "rendered"
RENDER_KEEP = 8192
# The code and data a render reads besides the templates.
_RENDER_SOURCES = ("gitops", "spec", "names.py", "catalogue")


class _TeamView:
    """The platform as a team's templates see it: everything but the other teams."""

    def __init__(self, platform: Platform) -> None:
        self._platform = platform

    def __getattr__(self, name: str) -> Any:
        if name == "teams":
            raise RenderError(
                "a team's templates (manifests/templates/teams/) must not read platform.teams: "
                "each team's folder is rendered, and cached, from that team alone"
            )
        return getattr(self._platform, name)


class _TeamRenders:
    """What each team's jobs rendered, from the render cache or rendered now."""

    def __init__(self, platform: Platform, templates: Path) -> None:
        self.where = caches.folder(RENDER_CACHE)
        self.found: dict[str, dict[str, tuple[str, list]]] = {}
        self.fresh: dict[str, dict[str, tuple[str, list]]] = {}
        self.keys: dict[str, str] = {}
        if self.where is None:
            return
        base = {
            "format": 1,
            "templates": caches.files_digest([p for p in templates.rglob("*") if p.is_file()], templates),
            "code": caches.sources_digest(Path(__file__).resolve().parents[1], _RENDER_SOURCES),
            "platform": platform.model_dump(mode="json", by_alias=True, exclude={"teams"}),
        }
        for team in platform.teams:
            self.keys[team.name] = caches.key({**base, "team": team.model_dump(mode="json", by_alias=True)})

    @staticmethod
    def _team(job: _Job) -> str | None:
        team = job.context.get("team")
        return team.name if team is not None else None

    def pinned(self, job: _Job) -> bool:
        """A team's Application: kept with ``TAG_PLACEHOLDER``, pinned when written."""
        return _in_apps(job) and self._team(job) is not None

    def get(self, job: _Job) -> tuple[str, list] | None:
        name = self._team(job)
        if name is None or name not in self.keys:
            return None
        if name not in self.found:
            self.found[name] = caches.load(self.where, self.keys[name]) or {}
        return self.found[name].get(job.output)

    def put(self, job: _Job, text: str, docs: list) -> None:
        name = self._team(job)
        if name is not None and name in self.keys:
            self.fresh.setdefault(name, {})[job.output] = (text, docs)

    def store(self) -> None:
        for name, outputs in self.fresh.items():
            caches.store(self.where, self.keys[name], {**self.found.get(name, {}), **outputs}, keep=None)
        if self.fresh:
            caches.prune(self.where, RENDER_KEEP)
