# METADATA
# title: Ambiguous match
# description: >-
#   An observed element matches several documented elements equally well by
#   name. archdrift does not guess: map it explicitly (an archdrift.io/element
#   label or tag, archdrift.source on the documented element, or mappings in
#   .archdrift.yaml).
# custom:
#   rule: element.ambiguous
#   severity: notice
package archdrift.rules.element_ambiguous

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": sprintf("%s matches several documented elements: %s; map it explicitly", [fact.observed, concat(", ", fact.candidates)]),
	"observed": fact.observed,
	"documented": null,
	"location": object.get(fact, "location", null),
	"adr": null,
} if {
	some fact in input.diff.ambiguous
}
