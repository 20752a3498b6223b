"""`sluicegate render`: the thin CLI over write()."""

from __future__ import annotations

from sluicegate.cli import main

from .conftest import objects_in


def test_render_writes_the_tree_and_says_how_many_objects(example, tmp_path, capsys):
    out = tmp_path / "rendered"
    assert main(["render", "--spec", str(example), "--out", str(out)]) == 0
    count = len(objects_in(out))
    assert (
        capsys.readouterr().out.split() == f"{count} Kubernetes objects rendered to {out}".split()
    )
    assert (out / "teams" / "onco" / "namespace.yaml").is_file()


def test_render_refuses_a_reserved_team_name_with_one_line(example, tmp_path, capsys):
    (example / "teams" / "kubeflow.yaml").write_text(
        "name: kubeflow\nowners: [a@acme.example]\ndata_classification: internal\n"
    )
    assert main(["render", "--spec", str(example), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "error: teams/kubeflow.yaml: name: 'kubeflow' is a namespace the platform uses; "
        "choose another team name"
    )
    assert not (tmp_path / "out").exists()
