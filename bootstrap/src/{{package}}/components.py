"""The team's pipeline steps (Kubeflow Pipelines lightweight Python components).

Each function body runs alone in the runtime image, so it imports what it needs
inside itself and shares no helpers with this module. Replace the sample model
with the team's own; keep the data revision in the model's metadata.
"""

from kfp import dsl
from kfp.dsl import Dataset, Input, Metrics, Model, Output

from . import settings

# The runtime image already holds kfp and this package; installing kfp at run time
# would need the internet, which the cluster's egress policy forbids.
step = dsl.component(base_image=settings.RUNTIME_IMAGE, install_kfp_package=False)


@step
def load_data(data_url: str, data_md5: str, data: Output[Dataset]):
    """Copy the DVC-tracked data from its content-addressed place in the team bucket,
    refusing bytes that do not hash to the revision the run was given."""
    import hashlib

    import fsspec

    with fsspec.open(data_url, "rb") as source:
        content = source.read()
    got = hashlib.md5(content).hexdigest()  # noqa: S324 - DVC's content address, not security
    if got != data_md5:
        raise ValueError(f"{data_url}: md5 {got}, expected {data_md5}")
    with open(data.path, "wb") as out:
        out.write(content)
    data.metadata.update({"md5": data_md5, "source": data_url})


@step
def load_gate_corpus(package: str, corpus: Output[Dataset]):
    """The team's hand-annotated sample (``gate_corpus.jsonl`` in this package) that the
    redaction gate is scored on; see the README for its format and how to grow it."""
    import shutil
    from importlib import resources

    source = resources.files(package) / "gate_corpus.jsonl"
    with resources.as_file(source) as path:
        shutil.copyfile(path, corpus.path)


@step
def train(
    data: Input[Dataset],
    data_path: str,
    data_md5: str,
    git_commit: str,
    model: Output[Model],
    holdout: Output[Dataset],
):
    """A word-count naive Bayes classifier of ``label`` from ``text``: a sample to replace.

    Every fifth record is held out for evaluation. The model's metadata records
    the data revision (git commit and DVC md5) it was trained on.
    """
    import json
    import math
    import re
    from collections import Counter, defaultdict

    with open(data.path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    learn = [r for i, r in enumerate(records) if i % 5]
    held = [r for i, r in enumerate(records) if not i % 5]

    words: dict[str, Counter] = defaultdict(Counter)
    labels = Counter()
    for record in learn:
        labels[record["label"]] += 1
        words[record["label"]].update(re.findall(r"[a-z]+", record["text"].lower()))
    vocabulary = set().union(*words.values())
    params = {
        "priors": {label: math.log(n / len(learn)) for label, n in labels.items()},
        "likelihoods": {
            label: {
                w: math.log((counts[w] + 1) / (sum(counts.values()) + len(vocabulary)))
                for w in vocabulary
            }
            for label, counts in words.items()
        },
        "unseen": {
            label: math.log(1 / (sum(counts.values()) + len(vocabulary)))
            for label, counts in words.items()
        },
    }
    with open(model.path, "w", encoding="utf-8") as f:
        json.dump(params, f)
    with open(holdout.path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in held)
    model.metadata.update(
        {
            "framework": "naive-bayes (sample)",
            "data_path": data_path,
            "data_md5": data_md5,
            "git_commit": git_commit,
            "trained_on_records": len(learn),
        }
    )


@step
def evaluate(model: Input[Model], holdout: Input[Dataset], metrics: Output[Metrics]):
    """Accuracy of the model on the held-out records."""
    import json
    import re

    with open(model.path, encoding="utf-8") as f:
        params = json.load(f)
    with open(holdout.path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]

    def predict(text: str) -> str:
        tokens = re.findall(r"[a-z]+", text.lower())
        return max(
            params["priors"],
            key=lambda label: params["priors"][label]
            + sum(params["likelihoods"][label].get(t, params["unseen"][label]) for t in tokens),
        )

    correct = sum(predict(r["text"]) == r["label"] for r in records)
    metrics.log_metric("accuracy", correct / len(records) if records else 0.0)
    metrics.log_metric("holdout_records", len(records))
