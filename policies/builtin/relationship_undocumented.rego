# METADATA
# title: Undocumented relationship
# description: >-
#   An observed dependency that the model does not show. Add the relationship
#   to the model, or remove the dependency.
# custom:
#   rule: relationship.undocumented
#   severity: error
package archdrift.rules.relationship_undocumented

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": sprintf("%s → %s is observed but not in the model", [_end_name(fact, "from"), _end_name(fact, "to")]),
	"observed": _observed(fact),
	"documented": sprintf("%s->%s", [fact.from, fact.to]),
	"location": object.get(fact, "location", null),
	"adr": null,
} if {
	some fact in input.diff.undocumented_relationships
}

# _end_name is the name of one end ("from" or "to"), else its id.
_end_name(fact, end) := name if {
	name := object.get(fact, concat("_", [end, "name"]), "")
	name != ""
} else := fact[end]

# _observed is "observed_from->observed_to" when the fact was lifted from
# observed ends, else null.
_observed(fact) := sprintf("%s->%s", [fact.observed_from, fact.observed_to]) if {
	fact.observed_from != ""
	fact.observed_to != ""
} else := null
