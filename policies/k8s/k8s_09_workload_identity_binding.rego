# METADATA
# title: Each team's pods act as the team's Google service account, and only it
# description: >
#   Across two layers: in the rendered tree, each Kubernetes service account a team's
#   pods use is annotated with the team's Google service account; in the platform layer,
#   that Google service account lets exactly that Kubernetes service account act as it
#   (roles/iam.workloadIdentityUser). Missing either, the team's notebooks and pipelines
#   cannot reach their bucket, or reach it as someone else.
# custom:
#   control_id: K8S-09
#   severity: high
#   layers: [manifests, platform]
#   scope: [ServiceAccount, google_service_account_iam_member, google_service_account_iam_policy]
#   frameworks:
#     hipaa: ["164.312(a)(1)", "164.312(d)"]
#     iso27001_2022: ["5.15", "8.2"]
#     cis_gke: ["5.2.2"]
#   remediation: >
#     Annotate ServiceAccount default-editor in the team namespace with
#     iam.gke.io/gcp-service-account: TEAM_SA, and bind roles/iam.workloadIdentityUser on
#     TEAM_SA to serviceAccount:PROJECT.svc.id.goog[TEAM/default-editor].
package sluicegate

import rego.v1

_k8s_09_annotation := "iam.gke.io/gcp-service-account"

_k8s_09_accounts := {[o.namespace, o.name]: o | some o in k8s_of("ServiceAccount")}

fail_k8s_09 contains missing("manifests", concat("", ["ServiceAccount/", t.namespace, "/", ksa]), msg(["no ServiceAccount ", ksa, " in namespace ", t.namespace])) if {
	some t in params.teams
	some ksa in t.ksas
	not _k8s_09_accounts[[t.namespace, ksa]]
}

fail_k8s_09 contains k8s_finding(o, msg(["annotation ", _k8s_09_annotation, " is '", got, "', not the team's '", t.service_account, "'"])) if {
	some t in params.teams
	some ksa in t.ksas
	o := _k8s_09_accounts[[t.namespace, ksa]]
	got := object.get(o.object, ["metadata", "annotations", _k8s_09_annotation], "(unset)")
	got != t.service_account
}

fail_k8s_09 contains missing("platform", t.service_account, msg(["no roles/iam.workloadIdentityUser binding lets ", member, " act as ", t.service_account])) if {
	some t in params.teams
	some member in t.wi_members
	not wi_grants[[t.service_account, member]]
}

examined_k8s_09 contains looked_for("manifests", concat("", ["ServiceAccount/", t.namespace, "/", ksa])) if {
	some t in params.teams
	some ksa in t.ksas
}

examined_k8s_09 contains seen(o) if {
	some t in params.teams
	some ksa in t.ksas
	o := _k8s_09_accounts[[t.namespace, ksa]]
}

examined_k8s_09 contains looked_for("platform", t.service_account) if {
	some t in params.teams
}
