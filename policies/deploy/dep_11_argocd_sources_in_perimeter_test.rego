package sluicegate_test.dep_11

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

repos := fx.pulumi([["gcp:artifactregistry/repository:Repository", "gitops", {"repositoryId": "sg-gitops", "location": fx.region}]])

inside := concat("", ["oci://", fx.params.registry_prefix, "sg-gitops/components"])

app(source) := {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "tools--katib", "namespace": "argocd"}, "spec": {"source": source}}

root(source) := fx.pulumi([["kubernetes:argoproj.io/v1alpha1:Application", "argocd-root", {"kind": "Application", "spec": {"source": source}}]])

test_pass_oci_sources_in_a_created_repository if {
	d := fx.both(fx.both(repos, root({"repoURL": concat("", ["oci://", fx.params.registry_prefix, "sg-gitops/apps"])})), fx.k8s([app({"repoURL": inside, "path": "hydrated/tools--katib"})]))
	count(sluicegate.fail_dep_11) == 0 with data.sluicegate.doc as d
}

test_fail_github_source if {
	d := fx.both(repos, fx.k8s([app({"repoURL": "https://github.com/kubeflow/manifests.git", "path": "applications/katib"})]))
	some f in sluicegate.fail_dep_11 with data.sluicegate.doc as d
	contains(f.msg, "source 'https://github.com/kubeflow/manifests.git' is outside the perimeter")
}

test_fail_helm_chart_in_sources_list if {
	a := {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "policy--gatekeeper"}, "spec": {"sources": [{"repoURL": inside}, {"repoURL": "https://open-policy-agent.github.io/gatekeeper/charts", "chart": "gatekeeper"}]}}
	count(sluicegate.fail_dep_11) == 1 with data.sluicegate.doc as fx.both(repos, fx.k8s([a]))
}

test_fail_root_application_on_git if {
	some f in sluicegate.fail_dep_11 with data.sluicegate.doc as fx.both(repos, root({"repoURL": "https://github.com/acme/ml-platform.git"}))
	f.layer == "platform"
}

test_fail_repository_the_plan_does_not_create if {
	elsewhere := concat("", ["oci://", fx.params.registry_prefix, "other/components"])
	some f in sluicegate.fail_dep_11 with data.sluicegate.doc as fx.both(repos, fx.k8s([app({"repoURL": elsewhere})]))
	contains(f.msg, "repository 'other', which the plan does not create")
}

test_fail_no_source if {
	a := {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "x"}, "spec": {}}
	some f in sluicegate.fail_dep_11 with data.sluicegate.doc as fx.both(repos, fx.k8s([a]))
	f.msg == "an Application with no source"
}
