# METADATA
# title: No LoadBalancer or NodePort Services in tenant namespaces
# description: >-
#   A team exposes a service only through the Istio ingress gateway, behind
#   the platform's authentication. A Service whose type is in blockedTypes
#   (LoadBalancer, NodePort) would open a path around it, and a LoadBalancer
#   could get an address outside the VPC.
# custom:
#   control_id: K8S-05
#   severity: high
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.20"]
#   checkov: []
#   remediation: >-
#     Use a ClusterIP Service and route to it through the Kubeflow gateway
#     (an Istio VirtualService), or ask the platform team for an internal
#     load balancer outside the tenant namespaces.
package sluicegateblockservicetypes

violation contains {"msg": msg, "details": {"type": type}} if {
	input.review.object.kind == "Service"
	type := object.get(input.review.object, ["spec", "type"], "ClusterIP")
	type in input.parameters.blockedTypes
	msg := sprintf("Service %v is of type %v, which tenant namespaces do not allow (%v)", [
		input.review.object.metadata.name,
		type,
		input.parameters.blockedTypes,
	])
}
