# METADATA
# title: Organization policy requires CMEK for the services that store data
# description: >
#   gcp.restrictNonCmekServices denies Google-managed encryption for Cloud Storage,
#   Artifact Registry, GKE and Compute Engine, and gcp.restrictCmekCryptoKeyProjects
#   limits which projects keys may come from, so a resource created by hand cannot
#   skip the platform's keys.
# custom:
#   control_id: ENC-02
#   severity: medium
#   layers: [foundation]
#   scope: [google_org_policy_policy]
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)", "164.312(e)(2)(ii)"]
#     iso27001_2022: ["8.24"]
#   remediation: >
#     Set google_org_policy_policy gcp.restrictNonCmekServices with denied_values listing
#     the services, and gcp.restrictCmekCryptoKeyProjects with allowed_values under the node.
package sluicegate

import rego.v1

# The services that store data: params.cmek_services (catalogue/perimeter.yaml), the
# list the foundation's policy is written from.
_enc_02_services := {s | some s in params.cmek_services}

fail_enc_02 contains missing("foundation", "params.cmek_services", "the audit was given no services that must use customer-managed keys") if {
	shared_resources_here
	count(_enc_02_services) == 0
}

_enc_02_denied := {v |
	some r in org_policies("gcp.restrictNonCmekServices")
	some rule in org_policy_rules(r)
	some v in items(field_or(r, field_or(r, rule, "values", {}), "denied_values", []))
}

fail_enc_02 contains missing("foundation", "gcp.restrictNonCmekServices", msg([s, " may still be used without a customer-managed key"])) if {
	shared_resources_here
	some s in _enc_02_services
	not _enc_02_denied[s]
}

fail_enc_02 contains missing("foundation", "gcp.restrictCmekCryptoKeyProjects", "no policy limits which projects CMEK keys come from") if {
	shared_resources_here
	count(org_policies("gcp.restrictCmekCryptoKeyProjects")) == 0
}

examined_enc_02 contains looked_for("foundation", c) if {
	shared_resources_here
	some c in ["gcp.restrictNonCmekServices", "gcp.restrictCmekCryptoKeyProjects", "params.cmek_services"]
}

examined_enc_02 contains seen(r) if {
	some c in ["gcp.restrictNonCmekServices", "gcp.restrictCmekCryptoKeyProjects"]
	some r in org_policies(c)
}
