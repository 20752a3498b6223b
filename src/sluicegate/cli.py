"""The `sluicegate` command: a thin layer over the library.

Library code raises typed errors (``SluicegateError``); this module catches only
those, prints their one line to stderr and exits with their code: 0 clean,
1 blocking policy findings, 2 invalid input.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sluicegate import collect_less
from sluicegate.errors import SluicegateError

app = typer.Typer(
    name="sluicegate",
    help="Platform bootstrap kit for regulated ML teams on Google Cloud.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console()
err_console = Console(stderr=True)

SEVERITIES = ("low", "medium", "high", "critical")

SpecOption = Annotated[
    Path,
    typer.Option("--spec", help="platform.yaml, or the folder that holds it and teams/."),
]
UpstreamOption = Annotated[
    Path | None,
    typer.Option(
        "--upstream",
        help="The upstream cache `sluicegate vendor` filled "
        "(default: $SLUICEGATE_UPSTREAM, then .cache/upstream).",
    ),
]
FailOn = Annotated[
    str,
    typer.Option("--fail-on", help=f"Exit 1 when a finding is at or above: {', '.join(SEVERITIES)}."),
]


def _check_severity(value: str) -> str:
    if value not in SEVERITIES:
        raise SluicegateError(f"--fail-on: must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return value


@contextmanager
def _progress(name: str):
    """A spinner on stderr; rich shows it only while the step runs."""
    with err_console.status(f"{name}…", spinner="dots"):
        yield


def _print_audit_summary(result, report_dir: Path) -> None:
    table = Table(title="Findings by severity", show_edge=False)
    table.add_column("severity")
    table.add_column("findings", justify="right")
    for severity, count in result.by_severity().items():
        table.add_row(severity, str(count))
    out_console.print(table)
    out_console.print(
        f"controls: {result.controls_passed} passed, {result.controls_failed} failed "
        f"of {result.controls_total}; reports in {report_dir}"
    )
    if result.waived:
        out_console.print(f"waived: {len(result.waived)} finding(s), listed in the reports", highlight=False)


@app.command()
def plan(
    spec: SpecOption = Path("."),
    out: Annotated[Path, typer.Option("--out", help="Where the plan is written.")] = Path("out"),
    fail_on: FailOn = "high",
    upstream: UpstreamOption = None,
) -> None:
    """Validate the spec, build every layer offline, run every policy, write OUT."""
    from sluicegate import plan as planner
    from sluicegate import spec as spec_module
    from sluicegate.upstream import locate

    _check_severity(fail_on)
    platform = spec_module.load(spec)
    cache = locate(upstream)
    from sluicegate.spec.load import spec_root

    waivers = spec_root(spec)[0] / "waivers.yaml"
    result = planner.run(
        platform, out, upstream=cache, step=_progress, fail_on=fail_on,
        waivers=waivers if waivers.is_file() else None,
    )

    table = Table(title=f"sluicegate plan: {platform.prefix} in {platform.region}", show_edge=False)
    table.add_column("step")
    table.add_column("resources", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("written to")
    for step in result.steps:
        folder = "audit" if step.name == "audit" else step.name
        table.add_row(
            step.name,
            "" if step.resources is None else str(step.resources),
            f"{step.seconds:.1f}",
            str(out / folder),
        )
    out_console.print(table)
    _print_stages(platform)
    _print_audit_summary(result.audit, out / "audit")
    _print_replaced(result, out)
    raise typer.Exit(1 if result.audit.blocking else 0)


def _print_replaced(result, out: Path) -> None:
    """What became of OUT: a plan with blocking findings replaces it too, reports and all."""
    for line in result.recovered:
        err_console.print(f"{out}: {line}", highlight=False)
    done = "replaced the previous plan" if result.replaced else "written (there was no previous plan)"
    blocking = (
        f"; it has findings at or above {result.audit.fail_on}, so the exit code is 1"
        if result.audit.blocking
        else ""
    )
    out_console.print(f"{out}: {done}{blocking}", highlight=False)


def _print_stages(platform) -> None:
    """The bring-up order (also in OUT/stages.json), and what an organization-wide
    policy scope affects beyond this platform."""
    from sluicegate.stages import stages

    table = Table(title="Bring-up, in order (commands in stages.json)", show_edge=False)
    for column in ("stage", "step", "tool", "folder"):
        table.add_column(column)
    for s in stages(platform):
        table.add_row(str(s.number), s.name, s.tool, s.folder)
    out_console.print(table)
    if platform.policy_node == "organization":
        err_console.print(
            f"warning: policy_scope organization: the residency, CMEK, OS Login and other "
            f"organization policies bind every project of organization "
            f"{platform.organization_id}, not only this platform's",
            highlight=False,
        )


FormatOption = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        help="md, html, json, sarif or oscal; repeat for several (default: all but oscal).",
    ),
]


def _as_of(value: str | None):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SluicegateError(f"--as-of: must be a date (YYYY-MM-DD), not {value!r}") from None


@app.command()
def audit(
    out: Annotated[Path | None, typer.Argument(help="A plan's output folder.")] = None,
    format: FormatOption = None,
    fail_on: FailOn = "high",
    spec: Annotated[
        Path | None,
        typer.Option("--spec", help="Take the reference values (region, teams, perimeter services) "
                     "from this committed spec, not OUT/spec.json; its waivers.yaml too."),
    ] = None,
    waivers: Annotated[
        Path | None,
        typer.Option("--waivers", help="The waivers file (default: waivers.yaml of --spec, else OUT/waivers.yaml)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge waiver expiry on this date (default: today).")
    ] = None,
    bundle: Annotated[
        Path | None,
        typer.Option("--bundle", help="Also write the evidence bundle (a .tar.gz) here."),
    ] = None,
    verify: Annotated[
        Path | None,
        typer.Option("--verify", help="Check an evidence bundle's hashes and audit it again from its own "
                     "policies and artifacts (no OUT)."),
    ] = None,
) -> None:
    """Run every policy over the artifacts already in OUT and write OUT/audit/."""
    from sluicegate.policy import audit as run_audit

    _check_severity(fail_on)
    if verify is not None:
        if out is not None or bundle is not None:
            raise SluicegateError("--verify: takes the bundle alone, no OUT and no --bundle")
        _verify_bundle(verify)
        return
    if out is None:
        raise SluicegateError("audit: give OUT, a plan's output folder (or --verify BUNDLE)")
    result = run_audit(
        out,
        fail_on=fail_on,
        formats=tuple(format) if format else None,
        spec=spec,
        waivers_file=waivers,
        today=_as_of(as_of),
        bundle=bundle,
    )
    if result.reference["differs"]:
        err_console.print(
            f"note: OUT/spec.json differs from the committed spec {result.reference['source']} in "
            f"{', '.join(result.reference['differs'])}; the audit compared against the committed spec",
            highlight=False,
        )
    _print_audit_summary(result, result.report_dir)
    if bundle is not None:
        out_console.print(f"evidence bundle: {bundle}")
    raise typer.Exit(1 if result.blocking else 0)


def _verify_bundle(path: Path) -> None:
    from sluicegate.policy import bundle as bundles

    checked = bundles.verify(path)
    for line in checked.lines:
        out_console.print(line, highlight=False, soft_wrap=True)
    if not checked.ok:
        raise typer.Exit(1)


@app.command()
def synth(
    spec: SpecOption = Path("."),
    out: Annotated[Path, typer.Option("--out", help="Folder for the Terraform JSON.")] = Path(
        "out/foundation"
    ),
    local_backend: Annotated[
        bool, typer.Option("--local-backend", help="Keep Terraform state locally, not in GCS.")
    ] = False,
    upstream: UpstreamOption = None,
) -> None:
    """Write the foundation's Terraform JSON alone."""
    from sluicegate import spec as spec_module
    from sluicegate.foundation.cache import write
    from sluicegate.gitops import tree
    from sluicegate.gitops.webhooks import webhook_ports
    from sluicegate.staging import staged_dir
    from sluicegate.upstream import locate

    platform = spec_module.load(spec)
    cache = locate(upstream)
    # The foundation opens the control plane's path to the webhooks the synced tree serves.
    with _progress("hydrate"):
        ports = webhook_ports(tree.hydrated(platform, cache)[0])
    with staged_dir(out) as stage, _progress("foundation"):
        count = write(platform, stage, local_backend=local_backend, webhook_ports=ports)
    out_console.print(f"{count} Terraform resources written to {out}")


@app.command()
def render(
    spec: SpecOption = Path("."),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Default: the spec's argocd.path (manifests/rendered) beside it."),
    ] = None,
    upstream: UpstreamOption = None,
) -> None:
    """Render the GitOps manifests tree Argo CD syncs, upstream components hydrated."""
    from sluicegate import spec as spec_module
    from sluicegate.gitops import tree
    from sluicegate.staging import staged_dir
    from sluicegate.upstream import locate

    platform = spec_module.load(spec)
    root, _ = spec_module.spec_root(spec)
    dest = out or root / platform.argocd.path
    cache = locate(upstream)
    with staged_dir(dest) as stage, _progress("hydrate and render"):
        built = tree.build(platform, stage, cache)
    out_console.print(f"{built.objects} Kubernetes objects rendered to {dest}")


@app.command()
def vendor(
    dest: Annotated[
        Path, typer.Option("--dest", help="The upstream cache to fill.")
    ] = Path(".cache/upstream"),
    from_dir: Annotated[
        Path | None,
        typer.Option(
            "--from", help="Copy from a folder laid out as <name>-<version>/ instead of git."
        ),
    ] = None,
) -> None:
    """Fetch the pinned upstream sources (git over HTTPS) and check them against the lock."""
    from sluicegate.upstream import vendor as fill

    with _progress("vendor"):
        folders = fill(dest, from_dir)
    for folder in folders:
        out_console.print(f"{folder.name}: checked against the lock")
    out_console.print(f"{len(folders)} upstream sources in {dest}")


@app.command()
def publish(
    spec: SpecOption = Path("."),
    tree: Annotated[
        Path | None,
        typer.Option("--tree", help="The rendered tree. Default: the spec's argocd.path beside it."),
    ] = None,
    registry: Annotated[
        str | None,
        typer.Option("--registry", help="HOST[:PORT]/PATH. Default: the spec's GitOps repository."),
    ] = None,
    plain_http: Annotated[
        bool, typer.Option("--plain-http", help="Talk HTTP, not HTTPS (a local registry).")
    ] = False,
    username: Annotated[
        str | None,
        typer.Option(
            "--username",
            help="Registry user; the password is read from $SLUICEGATE_REGISTRY_PASSWORD. "
            "Artifact Registry needs none: Application Default Credentials are used.",
        ),
    ] = None,
) -> None:
    """Push the rendered tree as OCI artifacts (components, then apps); print their digests."""
    import os

    from sluicegate.gitops.publish import publish as push_tree

    if tree is None or registry is None:
        from sluicegate import spec as spec_module
        from sluicegate.names import Names

        platform = spec_module.load(spec)
        root, _ = spec_module.spec_root(spec)
        tree = tree or root / platform.argocd.path
        registry = registry or Names.of(platform).gitops_repository_url
    password = os.environ.get("SLUICEGATE_REGISTRY_PASSWORD") if username else None
    with _progress("publish"):
        published = push_tree(tree, registry, plain_http=plain_http, username=username, password=password)
    for artifact in published:
        out_console.print(f"{artifact.name}@{artifact.digest}", highlight=False, soft_wrap=True)
    apps = published[-1]
    err_console.print(
        f"{apps.reference} is {apps.digest}; pin it: "
        f"pulumi config set sluicegate:gitopsDigest {apps.digest}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


OutOption = Annotated[Path, typer.Option("--out", help="The plan's output folder (`sluicegate plan`).")]
KubeconfigOption = Annotated[
    Path | None,
    typer.Option(
        "--kubeconfig",
        help="Reach the cluster through this kubeconfig (checked to be the cluster's) "
        "instead of its endpoint and a Google access token.",
    ),
]
GkeEndpointOption = Annotated[
    str | None, typer.Option("--gke-endpoint", help="The GKE API endpoint (default: container.googleapis.com).")
]


def _live(out: Path, gke_endpoint: str | None):
    """The plan's document, its cluster and a GKE client (Application Default Credentials)."""
    import json

    from sluicegate.live import gke
    from sluicegate.live.verify import cluster_id
    from sluicegate.policy import artifacts

    planned = artifacts.load(out)
    return planned.doc, cluster_id(json.loads((out / "spec.json").read_text())), gke.client(gke_endpoint)


@app.command()
def verify(
    live: Annotated[bool, typer.Option("--live", help="Verify the running platform (the only mode).")] = False,
    out: OutOption = Path("out"),
    kubeconfig: KubeconfigOption = None,
    gke_endpoint: GkeEndpointOption = None,
    format: FormatOption = None,
    fail_on: FailOn = "high",
) -> None:
    """Run every policy over the running platform, and report its drift from the plan."""
    from sluicegate.live import gke
    from sluicegate.live.verify import verify as run_verify

    if not live:
        raise SluicegateError("--live: verify reads the running platform; offline, run `sluicegate audit OUT`")
    _check_severity(fail_on)
    with _progress("read the cluster and audit it"):
        result = run_verify(out, gke_client=gke.client(gke_endpoint), kubeconfig=kubeconfig,
                            fail_on=fail_on, formats=tuple(format) if format else None)
    _print_audit_summary(result.audit, result.report_dir)
    for d in result.drift:
        out_console.print(f"drift: {d}", highlight=False, markup=False, soft_wrap=True)
    out_console.print(f"{len(result.drift)} planned values differ live; drift.json in {result.report_dir}")
    raise typer.Exit(1 if result.blocking else 0)


@app.command()
def status(
    team: Annotated[str, typer.Option("--team", help="The team whose namespace to check.")],
    out: OutOption = Path("out"),
    kubeconfig: KubeconfigOption = None,
    gke_endpoint: GkeEndpointOption = None,
) -> None:
    """Is the team's namespace there, labelled, under quota, its KSA and Application right?

    Exit 0 when every check passes, 1 when one fails, 4 when none fails but some wait."""
    from sluicegate.live import status as team_status
    from sluicegate.live.verify import read

    doc, cluster, client = _live(out, gke_endpoint)
    if team not in {t["name"] for t in doc["params"]["teams"]}:
        team_status.checks(doc, team, [])  # raises the one line naming the teams
    with _progress(f"read {cluster.name}"):
        live = read(doc, cluster, gke_client=client, kubeconfig=kubeconfig)
    found = team_status.checks(doc, team, live.objects)
    for check in found:
        out_console.print(check.line(), highlight=False, markup=False, soft_wrap=True)
    states = {c.state for c in found}
    raise typer.Exit(1 if team_status.FAIL in states else 4 if team_status.WAIT in states else 0)


@app.command()
def up(
    spec: SpecOption = Path("."),
    out: OutOption = Path("out"),
    stage: Annotated[int | None, typer.Option("--stage", help="Run only this stage's steps.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before changing anything.")] = False,
    kubeconfig: KubeconfigOption = None,
    gke_endpoint: GkeEndpointOption = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds each wait may take.")] = 1800.0,
    poll: Annotated[float, typer.Option("--poll", help="Seconds between polls.")] = 15.0,
) -> None:
    """Bring the platform up, stage by stage, waiting until each is healthy; resumable."""
    from sluicegate import spec as spec_module
    from sluicegate.live import gke, kube
    from sluicegate.live import up as bringup
    from sluicegate.names import Names
    from sluicegate.stages import stages

    platform = spec_module.load(spec)
    root, _ = spec_module.spec_root(spec)
    doc, cluster, client = _live(out, gke_endpoint)
    steps = bringup.todo(stages(platform), out, stage)
    if not steps:
        out_console.print("every stage is finished; nothing to do")
        raise typer.Exit(0)
    out_console.print("sluicegate up will change:")
    for line in bringup.describe(steps, out):
        out_console.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)
    if not yes:
        if not sys.stdin.isatty():
            raise SluicegateError("up: stdin is not a terminal, so nothing can be confirmed; pass --yes")
        if not typer.confirm("Apply these stages?"):
            raise typer.Exit(1)
    apps = sorted(m["object"]["metadata"]["name"] for m in doc["manifests"]
                  if m["object"]["kind"] == "Application")
    pools = [r["inputs"]["name"] for r in doc["pulumi"]["resources"] if r["type"] == "gcp:container/nodePool:NodePool"]

    def say(line: str) -> None:
        err_console.print(line, highlight=False, markup=False)

    def wait_cluster() -> None:
        gke.wait_running(lambda: gke.read_cluster(client, cluster), timeout=timeout, poll=poll,
                         progress=say, pools=pools)

    def wait_apps() -> None:
        connection = kube.connect(gke.read_cluster(client, cluster), cluster.path, kubeconfig=kubeconfig)
        kube.wait_applications(lambda: kube.applications(connection), apps, timeout=timeout, poll=poll,
                               progress=say)

    from sluicegate.policy.pack import FOLDER as PACK

    tools = bringup.RealTools(
        root, root / platform.argocd.path, Names.of(platform).gitops_repository_url,
        policy_pack=out / PACK,
    )
    ran = bringup.up(steps, out, tools=tools, waits=bringup.Waits(wait_cluster, wait_apps),
                     infra=root / "infra", say=say)
    out_console.print(f"finished: {', '.join(ran)}")


def _mount_subcommands(argv: list[str]) -> None:
    """Mount `onboard` and `redaction`, whose imports cost more than some commands take
    (0.6 s), only when they are the command or no command is named (help lists all)."""
    words = [a for a in argv if not a.startswith("-")]
    command = words[0] if words else None
    if command in (None, "onboard"):
        from sluicegate.onboarding.cli import onboard

        app.command()(onboard)
    if command in (None, "redaction"):
        from sluicegate.redaction.cli import app as redaction_app

        app.add_typer(redaction_app, name="redaction", help="Find and mask personal data; score it.")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning typed errors into one line and an exit code."""
    collect_less()
    _mount_subcommands(sys.argv[1:] if argv is None else argv)
    try:
        # In standalone mode click prints usage errors itself and exits with code 2;
        # only the library's typed errors come through as exceptions.
        app(args=argv, prog_name="sluicegate")
    except SluicegateError as err:
        err_console.print(f"error: {err}", highlight=False, markup=False, soft_wrap=True)
        return err.exit_code
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
