package sluicegate_test.res_04

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_repository_in_region if {
	d := fx.pulumi([["gcp:artifactregistry/repository:Repository", "images", {"location": "australia-southeast1", "format": "DOCKER"}]])
	count(sluicegate.fail_res_04) == 0 with data.sluicegate.doc as d
}

test_fail_multi_region_repository if {
	d := fx.pulumi([["gcp:artifactregistry/repository:Repository", "images", {"location": "asia", "format": "DOCKER"}]])
	fx.addresses(sluicegate.fail_res_04) == {fx.urn("gcp:artifactregistry/repository:Repository", "images")} with data.sluicegate.doc as d
}
