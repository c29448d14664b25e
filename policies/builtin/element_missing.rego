# METADATA
# title: Missing element
# description: >-
#   The model shows an element that no scanner found: the documentation may be
#   stale, or the element is mapped under another name. Remove it from the
#   model, or map it to what implements it.
# custom:
#   rule: element.missing
#   severity: warning
package archdrift.rules.element_missing

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": sprintf("%s (%s) is in the model but no scanner found it", [_name(fact), fact.id]),
	"observed": null,
	"documented": fact.id,
	"location": object.get(fact, "location", null),
	"adr": null,
} if {
	some fact in input.diff.missing_elements
}

_name(fact) := fact.name if {
	fact.name != ""
} else := fact.id
