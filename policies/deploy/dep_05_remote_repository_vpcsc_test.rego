package sluicegate_test.dep_05

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

remote := fx.pulumi([["gcp:artifactregistry/repository:Repository", "mirror", {"location": fx.region, "mode": "REMOTE_REPOSITORY", "format": "DOCKER"}]])

config(location) := fx.tf([["google_artifact_registry_vpcsc_config", "c", {"location": location, "vpcsc_policy": "ALLOW"}]])

test_pass_allow_in_the_repository_region if {
	count(sluicegate.fail_dep_05) == 0 with data.sluicegate.doc as fx.both(config(fx.region), remote)
}

test_fail_no_config if {
	fx.addresses(sluicegate.fail_dep_05) == {fx.urn("gcp:artifactregistry/repository:Repository", "mirror")} with data.sluicegate.doc as remote
}

test_fail_config_in_another_region if {
	count(sluicegate.fail_dep_05) == 1 with data.sluicegate.doc as fx.both(config("europe-west4"), remote)
}

test_pass_standard_repository if {
	d := fx.pulumi([["gcp:artifactregistry/repository:Repository", "images", {"location": fx.region, "mode": "STANDARD_REPOSITORY"}]])
	count(sluicegate.fail_dep_05) == 0 with data.sluicegate.doc as d
}
