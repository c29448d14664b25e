# METADATA
# title: Stale documentation
# description: >-
#   A change touches a file that implements a documented element (a manifest,
#   a Terraform file) but changes neither the model nor an ADR, so the
#   documentation may no longer say what runs. Update the model, record the
#   decision in an ADR, or accept the finding when the change does not alter
#   the architecture.
# custom:
#   rule: doc.stale
#   severity: warning
package archdrift.rules.doc_stale

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

# Outside a review input.change is null: every set below is empty, so the
# rule is silent.
_changed := {f | some f in input.change.files}

_docs := {f | some f in input.change.model_files} | {f | some f in input.change.adr_files}

# _docs_changed holds when the change touches the model or an ADR: then the
# author has looked at the documentation, and the other rules judge it.
_docs_changed if {
	some f in _changed
	f in _docs
}

# The elements by id: input.index, which the engine builds in Go
# (policies/README.md), or built here for an input without it (a Rego
# test's).
_observed := input.index.observed if {
	input.index.observed
} else := {e.id: e | some e in input.observed.elements}

_documented := input.index.documented if {
	input.index.documented
} else := {e.id: e | some e in input.documented.elements}

finding contains {
	"rule": _meta.rule,
	"severity": _meta.severity,
	"message": sprintf("%s changed and implements %s, but neither the model nor an ADR changed", [file, _display(m.documented)]),
	"observed": oid,
	"documented": m.documented,
	"location": _location(_observed[oid], file),
	"adr": null,
} if {
	# Outside a review nothing changed: skip reading every match.
	count(_changed) > 0
	not _docs_changed
	some m in input.diff.matches
	some oid in m.observed
	some src in _observed[oid].sources
	file := src.file
	file in _changed
}

# _display is "Name (id)", or the id when the element has no name.
_display(id) := sprintf("%s (%s)", [_documented[id].name, id]) if {
	_documented[id].name != ""
} else := id

# _location is the first line of the element in file, so that one element
# defined twice in a file is one finding.
_location(e, file) := {"file": file, "line": line} if {
	line := min({l | some s in e.sources; s.file == file; l := object.get(s, "line", 0); l > 0})
} else := {"file": file}
