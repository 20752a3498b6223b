package sluicegate_test.res_05

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_private_instance_in_region if {
	d := fx.tf([["google_sql_database_instance", "db", {
		"region": "australia-southeast1",
		"settings": [{"ip_configuration": [{"ipv4_enabled": false}]}],
	}]])
	count(sluicegate.fail_res_05) == 0 with data.sluicegate.doc as d
}

test_fail_instance_without_region_with_public_ip if {
	d := fx.tf([["google_sql_database_instance", "db", {"settings": [{"tier": "db-f1-micro"}]}]])
	count(sluicegate.fail_res_05) == 2 with data.sluicegate.doc as d
}
