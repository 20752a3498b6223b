package sluicegate_test.iam_04

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_predefined_role_on_a_bucket if {
	d := fx.pulumi([["gcp:storage/bucketIAMMember:BucketIAMMember", "onco", {"bucket": "b", "role": "roles/storage.objectAdmin", "member": "serviceAccount:sa@p.iam.gserviceaccount.com"}]])
	count(sluicegate.fail_iam_04) == 0 with data.sluicegate.doc as d
}

test_fail_editor_on_project if {
	d := fx.pulumi([["gcp:projects/iAMMember:IAMMember", "ci", {"project": "p", "role": "roles/editor", "member": "serviceAccount:ci@p.iam.gserviceaccount.com"}]])
	fx.addresses(sluicegate.fail_iam_04) == {fx.urn("gcp:projects/iAMMember:IAMMember", "ci")} with data.sluicegate.doc as d
}

test_fail_project_wide_token_creator_and_default_sa if {
	d := fx.tf([
		["google_project_iam_member", "tc", {"role": "roles/iam.serviceAccountTokenCreator", "member": "group:ml@acme.example"}],
		["google_project_iam_member", "def", {"role": "roles/logging.logWriter", "member": "serviceAccount:123-compute@developer.gserviceaccount.com"}],
	])
	fx.addresses(sluicegate.fail_iam_04) == {"google_project_iam_member.tc", "google_project_iam_member.def"} with data.sluicegate.doc as d
}
