package sluicegate_test.dep_13

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

gateway(class) := ["kubernetes:gateway.networking.k8s.io/v1:Gateway", "dashboard-gateway", {"metadata": {"name": "kubeflow-dashboard"}, "spec": {"gatewayClassName": class}}]

route := ["kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "dashboard-route", {"spec": {"parentRefs": [{"kind": "Gateway", "name": "kubeflow-dashboard"}], "rules": [{"backendRefs": [{"kind": "Service", "name": "istio-ingressgateway", "port": 80}]}]}}]

iap(enabled) := ["kubernetes:networking.gke.io/v1:GCPBackendPolicy", "dashboard-iap", {"spec": {"default": {"iap": {"enabled": enabled, "clientID": "1-x.apps.googleusercontent.com", "oauth2ClientSecret": {"name": "s"}}}, "targetRef": {"group": "", "kind": "Service", "name": "istio-ingressgateway"}}}]

dex(config) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dex", "namespace": "auth"}, "data": {"config.yaml": config}}

clean := "issuer: http://dex.auth.svc.cluster.local:5556/dex\nstorage:\n  type: kubernetes\n"

test_pass_internal_gateway_with_iap_and_no_static_password if {
	d := fx.both(fx.pulumi([gateway("gke-l7-rilb"), route, iap(true)]), fx.k8s([dex(clean)]))
	count(sluicegate.fail_dep_13) == 0 with data.sluicegate.doc as d
}

test_fail_no_gateway if {
	d := fx.pulumi([["gcp:container/cluster:Cluster", "c", {}]])
	some f in sluicegate.fail_dep_13 with data.sluicegate.doc as d
	contains(f.msg, "no internal (gke-l7-rilb) Gateway")
}

test_fail_external_gateway if {
	d := fx.pulumi([gateway("gke-l7-global-external-managed"), route, iap(true)])
	count(sluicegate.fail_dep_13) == 1 with data.sluicegate.doc as d
}

test_fail_iap_disabled if {
	d := fx.pulumi([gateway("gke-l7-rilb"), route, iap(false)])
	some f in sluicegate.fail_dep_13 with data.sluicegate.doc as d
	f.address == "dashboard"
}

test_fail_static_passwords_in_dex if {
	config := concat("", [clean, "enablePasswordDB: true\nstaticPasswords:\n- email: user@example.com\n"])
	d := fx.both(fx.pulumi([gateway("gke-l7-rilb"), route, iap(true)]), fx.k8s([dex(config)]))
	msgs := {f.msg | some f in sluicegate.fail_dep_13} with data.sluicegate.doc as d
	msgs == {
		"Dex's config.yaml keeps enablePasswordDB: a static password is a way in that bypasses IAP",
		"Dex's config.yaml keeps staticPasswords: a static password is a way in that bypasses IAP",
	}
}

test_pass_password_db_turned_off if {
	d := fx.both(fx.pulumi([gateway("gke-l7-rilb"), route, iap(true)]), fx.k8s([dex(concat("", [clean, "enablePasswordDB: false\n"]))]))
	count(sluicegate.fail_dep_13) == 0 with data.sluicegate.doc as d
}

test_fail_static_passwords_without_password_db_flag if {
	config := concat("", [clean, "staticPasswords:\n- email: user@example.com\n"])
	some f in sluicegate.fail_dep_13 with data.sluicegate.doc as fx.k8s([dex(config)])
	contains(f.msg, "keeps staticPasswords")
}

# A team part of a partitioned audit holds that team's resources only: the dashboard is in
# the shared part, and its absence here is no finding.
test_pass_team_part_without_the_dashboard if {
	d := object.union(fx.pulumi([["gcp:serviceaccount/account:Account", "team-a", {}]]), {"part": "teams"})
	count(sluicegate.fail_dep_13) == 0 with data.sluicegate.doc as d
}
