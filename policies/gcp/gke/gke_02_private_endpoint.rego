# METADATA
# title: The control plane has no public endpoint
# description: >
#   The cluster's API server has no public IP endpoint: enable_private_endpoint is true
#   by value (or the IP endpoints are disabled in favour of the DNS endpoint). The DNS
#   endpoint accepts traffic from outside Google Cloud only behind the VPC Service
#   Controls perimeter, which restricts container.googleapis.com and
#   kubernetesmetadata.googleapis.com so that every request is checked against the
#   perimeter's ingress rules as well as IAM; and it takes Google identities only, no
#   Kubernetes service-account tokens or client certificates.
# custom:
#   control_id: GKE-02
#   severity: critical
#   layers: [platform]
#   scope: [google_container_cluster]
#   frameworks:
#     app: [APP11.1]
#     hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#     iso27001_2022: ["8.20", "8.22"]
#     cis_gke: ["5.6.4"]
#   remediation: >
#     Set private_cluster_config.enable_private_endpoint = true. Set
#     control_plane_endpoints_config.dns_endpoint_config.allow_external_traffic = true only
#     with a VPC Service Controls perimeter restricting container.googleapis.com and
#     kubernetesmetadata.googleapis.com, and enable_k8s_tokens_via_dns and
#     enable_k8s_certs_via_dns = false.
package sluicegate

import rego.v1

fail_gke_02 contains finding(r, msg(["private_cluster_config.enable_private_endpoint is ", v, ": the API server has a public endpoint"])) if {
	some r in resources_of("google_container_cluster")
	v := attr_or(r, ["private_cluster_config", "enable_private_endpoint"], "unset")
	v != true
	attr_or(r, ["control_plane_endpoints_config", "ip_endpoints_config", "enabled"], true) != false
}

# The services a perimeter must restrict to guard the DNS endpoint.
_gke_02_dns_services := {"container.googleapis.com", "kubernetesmetadata.googleapis.com"}

fail_gke_02 contains finding(r, "the DNS endpoint accepts traffic from outside Google Cloud with no VPC Service Controls perimeter in front of it: IAM alone guards it") if {
	some r in resources_of("google_container_cluster")
	attr(r, ["control_plane_endpoints_config", "dns_endpoint_config", "allow_external_traffic"]) == true
	not params.vpc_sc
}

fail_gke_02 contains finding(r, msg(["the DNS endpoint accepts traffic from outside Google Cloud but the perimeter does not restrict ", s])) if {
	some r in resources_of("google_container_cluster")
	attr(r, ["control_plane_endpoints_config", "dns_endpoint_config", "allow_external_traffic"]) == true
	params.vpc_sc
	restricted := {x | some x in params.restricted_services}
	some s in _gke_02_dns_services
	not restricted[s]
}

fail_gke_02 contains finding(r, msg(["dns_endpoint_config.", k, " is true: the DNS endpoint takes credentials IAM does not check"])) if {
	some r in resources_of("google_container_cluster")
	some k in ["enable_k8s_tokens_via_dns", "enable_k8s_certs_via_dns"]
	attr(r, ["control_plane_endpoints_config", "dns_endpoint_config", k]) == true
}

examined_gke_02 contains seen(r) if {
	some r in resources_of("google_container_cluster")
}
