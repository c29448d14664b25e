# METADATA
# title: Undocumented element
# description: >-
#   Something runs that the model does not show. Add it to the model, or map
#   it to the element it implements (an archdrift.io/element label or tag, or
#   mappings in .archdrift.yaml).
# custom:
#   rule: element.undocumented
#   severity: error
package archdrift.rules.element_undocumented

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": sprintf("%s is not in the model", [_display(fact)]),
	"observed": fact.id,
	"documented": null,
	"location": object.get(fact, "location", null),
	"adr": null,
} if {
	some fact in input.diff.undocumented_elements
}

# _display is how a person recognises the element: its display form, else its
# name, else its id.
_display(fact) := fact.display if {
	fact.display != ""
} else := fact.name if {
	fact.name != ""
} else := fact.id
