# METADATA
# title: Owner label
# description: Every observed container in namespace main names its owning team.
# custom:
#   rule: team.owner
#   severity: warning
package archdrift.rules.team_owner

finding contains {
	"rule": "team.owner",
	"severity": "warning",
	"message": sprintf("%s has no owner property", [e.name]),
	"observed": e.id,
	"location": {"file": e.sources[0].file, "line": e.sources[0].line},
} if {
	some e in input.observed.elements
	e.group == "main"
	not e.properties.owner
}
