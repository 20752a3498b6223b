package sluicegate_test.iam_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_named_member if {
	d := fx.pulumi([["gcp:storage/bucketIAMMember:BucketIAMMember", "onco", {"bucket": "b", "role": "roles/storage.objectAdmin", "member": "serviceAccount:sa@p.iam.gserviceaccount.com"}]])
	count(sluicegate.fail_iam_02) == 0 with data.sluicegate.doc as d
}

test_fail_public_bucket_reader if {
	d := fx.pulumi([["gcp:storage/bucketIAMMember:BucketIAMMember", "public", {"bucket": "b", "role": "roles/storage.objectViewer", "member": "allUsers"}]])
	fx.addresses(sluicegate.fail_iam_02) == {fx.urn("gcp:storage/bucketIAMMember:BucketIAMMember", "public")} with data.sluicegate.doc as d
}

test_fail_all_authenticated_in_binding if {
	d := fx.tf([["google_storage_bucket_iam_binding", "b", {"bucket": "b", "role": "roles/storage.objectViewer", "members": ["group:ml@acme.example", "allAuthenticatedUsers"]}]])
	count(sluicegate.fail_iam_02) == 1 with data.sluicegate.doc as d
}
