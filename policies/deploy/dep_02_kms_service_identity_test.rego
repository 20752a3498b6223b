package sluicegate_test.dep_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

identity := ["google_project_service_identity", "ar", {"service": "artifactregistry.googleapis.com"}]

compute_api := ["google_project_service", "compute", {"service": "compute.googleapis.com"}]

kms_grant(member, depends_on) := ["google_kms_crypto_key_iam_member", "g", {
	"crypto_key_id": "k",
	"role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
	"member": member,
	"depends_on": depends_on,
}]

test_pass_member_from_the_identity_it_depends_on if {
	d := fx.tf([identity, kms_grant("serviceAccount:${google_project_service_identity.ar.email}", ["google_project_service_identity.ar"])])
	count(sluicegate.fail_dep_02) == 0 with data.sluicegate.doc as d
}

test_pass_compute_agent_after_its_api if {
	d := fx.tf([compute_api, kms_grant("serviceAccount:service-${data.google_project.p.number}@compute-system.iam.gserviceaccount.com", ["google_project_service.compute"])])
	count(sluicegate.fail_dep_02) == 0 with data.sluicegate.doc as d
}

test_fail_hand_built_agent_address if {
	d := fx.tf([kms_grant("serviceAccount:service-123@gcp-sa-artifactregistry.iam.gserviceaccount.com", [])])
	some f in sluicegate.fail_dep_02 with data.sluicegate.doc as d
	contains(f.msg, "gcp-sa-artifactregistry")
}

test_fail_identity_without_dependency if {
	d := fx.tf([identity, kms_grant("serviceAccount:${google_project_service_identity.ar.email}", [])])
	some f in sluicegate.fail_dep_02 with data.sluicegate.doc as d
	contains(f.msg, "does not depend on google_project_service_identity.ar")
}

test_fail_identity_not_created if {
	d := fx.tf([kms_grant("serviceAccount:${google_project_service_identity.ar.email}", ["google_project_service_identity.ar"])])
	some f in sluicegate.fail_dep_02 with data.sluicegate.doc as d
	contains(f.msg, "does not create")
}

test_fail_compute_agent_without_its_api if {
	d := fx.tf([kms_grant("serviceAccount:service-1@compute-system.iam.gserviceaccount.com", [])])
	some f in sluicegate.fail_dep_02 with data.sluicegate.doc as d
	contains(f.msg, "compute API")
}
