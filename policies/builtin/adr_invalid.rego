# METADATA
# title: Invalid ADR
# description: >-
#   An architecture decision record that archdrift cannot trust or enforce:
#   no status, a supersedes link to an ADR that does not exist or does not
#   link back, two ADRs with one number, a constraint block or ADR policy
#   that does not parse, or a constraint naming an element that neither the
#   model nor the scanners know. Fix the ADR; its other constraints, and the
#   other ADRs, are still enforced.
# custom:
#   rule: adr.invalid
#   severity: warning
package archdrift.rules.adr_invalid

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

# _records finds an ADR by its file.
_records := {a.file: a | some a in input.adrs}

# One finding per problem the ADR reader (or the policy compiler) found.
finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": _message(p),
	"observed": null,
	"documented": null,
	"location": {"file": p.file, "line": object.get(p, "line", 0), "column": object.get(p, "column", 0)},
	"adr": _adr_ref(p.file),
} if {
	some p in input.adr_problems
}

# A constraint of an enforced ADR that names an element nobody knows is
# never checked: usually a typo, or an element since renamed.
finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": sprintf("%s: %q names no documented or observed element, so this constraint is never checked", [_adr_name(a), s]),
	"observed": null,
	"documented": null,
	"location": {"file": a.file, "line": c.line},
	"adr": {"number": max([a.number, 0]), "title": a.title, "file": a.file, "line": c.line},
} if {
	some a in input.adrs
	a.status in {"accepted", "proposed"}
	some c in a.constraints
	some s in _selectors(c)
	not contains(s, ":")
	s != "*"
	not _known(lower(s))
}

_selectors(c) := array.concat(
	array.concat(object.get(c, "from", []), object.get(c, "to", [])),
	array.concat(object.get(c, "select", []), object.get(c, "unless", [])),
)

# _known(n) holds for the lower-case names a selector may use, as
# adr_violation matches them: a documented element's name, identifier and
# the last part of a hierarchical identifier; an observed element's name and
# id. The engine indexes them in Go (input.index.names, see
# policies/README.md), as gathering them here reads every element, about a
# microsecond a member. For an input without the index (a Rego test's) they
# are gathered into _known_names.
_known(n) if input.index.names[n]

_known(n) if {
	not input.index.names
	n in _known_names
}

_known_names contains lower(n) if {
	some e in input.documented.elements
	some n in [object.get(e, "name", ""), e.id, _last(e.id)]
	n != ""
}

_known_names contains lower(n) if {
	some e in input.observed.elements
	some n in [object.get(e, "name", ""), e.id]
	n != ""
}

_last(id) := parts[count(parts) - 1] if parts := split(id, ".")

_message(p) := sprintf("%s: %s", [_adr_name(_records[p.file]), p.message]) if {
	_records[p.file]
} else := p.message

_adr_ref(file) := {"number": max([a.number, 0]), "title": a.title, "file": a.file, "line": a.line} if {
	a := _records[file]
} else := null

# _adr_name is `ADR 3 "Title"`, or what there is of it.
_adr_name(a) := sprintf("ADR %d \"%s\"", [a.number, a.title]) if {
	a.number >= 0
	a.title != ""
} else := sprintf("ADR %d", [a.number]) if {
	a.number >= 0
} else := sprintf("ADR \"%s\"", [a.title]) if {
	a.title != ""
} else := sprintf("ADR %s", [a.file])
