# METADATA
# title: Pub/Sub messages are stored only in the region
# description: >
#   Every Pub/Sub topic restricts message persistence to the platform region.
# custom:
#   control_id: RES-08
#   severity: high
#   layers: [foundation, platform]
#   scope: [google_pubsub_topic]
#   frameworks:
#     app: [APP8]
#   remediation: >
#     Set message_storage_policy.allowed_persistence_regions = [region] and
#     enforce_in_transit = true on google_pubsub_topic.
package sluicegate

import rego.v1

fail_res_08 contains finding(r, "no message_storage_policy: messages may be stored in any region") if {
	some r in resources_of("google_pubsub_topic")
	not attr(r, ["message_storage_policy", "allowed_persistence_regions"])
}

fail_res_08 contains finding(r, msg(["messages may persist in '", loc, "', outside '", region, "'"])) if {
	some r in resources_of("google_pubsub_topic")
	some loc in attr(r, ["message_storage_policy", "allowed_persistence_regions"])
	not in_region(loc)
}

examined_res_08 contains seen(r) if {
	some r in resources_of("google_pubsub_topic")
}
