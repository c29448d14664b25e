# METADATA
# title: Technology mismatch
# description: >-
#   The documented technology differs from what runs (PostgreSQL documented,
#   MySQL deployed). Correct the model, or the deployment.
# custom:
#   rule: technology.mismatch
#   severity: warning
package archdrift.rules.technology_mismatch

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": sprintf("%s is documented as %s but runs %s", [_name(fact), fact.documented_technology, fact.observed_technology]),
	"observed": fact.observed,
	"documented": fact.documented,
	"location": object.get(fact, "location", null),
	"adr": null,
} if {
	some fact in input.diff.technology_mismatches
}

_name(fact) := fact.documented_name if {
	fact.documented_name != ""
} else := fact.documented
