"""The team's training pipeline: load data -> redaction gate -> train -> evaluate.

The redaction gate is sluicegate's contract: it masks personal data in the
records and halts the run when the redactor's micro F1 is below the floor on the
team's hand-annotated corpus (gate_corpus.jsonl) or any label's recall below
its floor, so nothing downstream sees text from a redactor that has not passed.
"""

import os
from typing import NamedTuple

from kfp import dsl, kubernetes
from kfp.dsl import Metrics, Model

from . import settings
from .components import evaluate, load_data, load_gate_corpus, train

# The gate takes its image from this variable when it is imported: run it in the
# team's runtime image, which has sluicegate installed, like every other step.
os.environ.setdefault("SLUICEGATE_RUNTIME_IMAGE", settings.RUNTIME_IMAGE)
from sluicegate.redaction.component import redact_and_gate  # noqa: E402

# Kubernetes' name for a GPU: the kfp accelerator type becomes this resource limit.
GPU_RESOURCE = "nvidia.com/gpu"


class Outputs(NamedTuple):
    model: Model
    metrics: Metrics


def request_gpu(task: dsl.PipelineTask, gpu_type: str) -> dsl.PipelineTask:
    """Ask for one GPU of ``gpu_type``: the limit makes the team's GPU quota count it,
    the node selector puts the step on a node of the pool with that GPU type."""
    task.set_accelerator_type(GPU_RESOURCE).set_accelerator_limit(1)
    return kubernetes.add_node_selector(task, settings.GPU_NODE_LABEL, gpu_type)


@dsl.pipeline(
    name=f"{settings.TEAM}-training",
    description=f"Train team {settings.TEAM}'s model on redacted, DVC-versioned data.",
    pipeline_root=settings.PIPELINE_ROOT,
)
def training(
    data_url: str,
    data_md5: str,
    git_commit: str,
    data_path: str = settings.DATA_PATH,
    floor: float = settings.REDACTION_FLOOR,
    engine: str = settings.REDACTION_ENGINE,
    label_floors: dict = settings.REDACTION_LABEL_FLOORS,
    dates: str = settings.REDACTION_DATES,
    mask_style: str = settings.REDACTION_MASK,
) -> Outputs:
    data = load_data(data_url=data_url, data_md5=data_md5)
    corpus = load_gate_corpus(package=__package__)
    gate = redact_and_gate(
        dataset=data.outputs["data"],
        corpus=corpus.outputs["corpus"],
        floor=floor,
        engine=engine,
        label_floors=label_floors,
        dates=dates,
        mask_style=mask_style,
    )
    trained = train(
        data=gate.outputs["redacted"], data_path=data_path, data_md5=data_md5, git_commit=git_commit
    )
    if settings.GPU_TYPE:
        request_gpu(trained, settings.GPU_TYPE)
    scored = evaluate(model=trained.outputs["model"], holdout=trained.outputs["holdout"])
    return Outputs(model=trained.outputs["model"], metrics=scored.outputs["metrics"])
