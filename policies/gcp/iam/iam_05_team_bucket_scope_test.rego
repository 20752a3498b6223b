package sluicegate_test.iam_05

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

onco := fx.team("onco")

forecast := fx.team("forecast")

grant(name, bucket, member) := ["gcp:storage/bucketIAMMember:BucketIAMMember", name, {"bucket": bucket, "role": "roles/storage.objectAdmin", "member": member}]

wi(name, team, member) := ["gcp:serviceaccount/iAMMember:IAMMember", name, {
	"serviceAccountId": concat("", ["projects/acme-ml-platform/serviceAccounts/", team.service_account]),
	"role": "roles/iam.workloadIdentityUser",
	"member": member,
}]

sa(team) := concat(":", ["serviceAccount", team.service_account])

test_pass_each_team_on_its_own_bucket if {
	d := fx.pulumi([
		grant("onco", onco.bucket, sa(onco)),
		grant("forecast", forecast.bucket, sa(forecast)),
		wi("onco-wi", onco, onco.wi_members[0]),
	])
	count(sluicegate.fail_iam_05) == 0 with data.sluicegate.doc as d
}

test_fail_team_granted_another_teams_bucket if {
	d := fx.pulumi([grant("leak", forecast.bucket, sa(onco))])
	fx.addresses(sluicegate.fail_iam_05) == {fx.urn("gcp:storage/bucketIAMMember:BucketIAMMember", "leak")} with data.sluicegate.doc as d
}

test_fail_team_granted_storage_on_project if {
	d := fx.pulumi([["gcp:projects/iAMMember:IAMMember", "wide", {"project": "acme-ml-platform", "role": "roles/storage.objectViewer", "member": sa(onco)}]])
	count(sluicegate.fail_iam_05) == 1 with data.sluicegate.doc as d
}

test_fail_other_namespace_acts_as_team if {
	d := fx.pulumi([wi("onco-wi", onco, forecast.wi_members[0])])
	count(sluicegate.fail_iam_05) == 1 with data.sluicegate.doc as d
}
