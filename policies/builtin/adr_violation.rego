# METADATA
# title: ADR violation
# description: >-
#   What runs breaks a constraint of an accepted architecture decision: a
#   dependency the ADR denies (deny) or reserves for others (only), a
#   dependency it requires that is missing (require), or a technology it
#   rules out (technology). A proposed decision gives a notice; rejected,
#   deprecated and superseded ones are not enforced. Change the system, or
#   record a decision that supersedes the ADR.
# custom:
#   rule: adr.violation
#   severity: error
package archdrift.rules.adr_violation

# The rule id and default severity are read from the METADATA above, so
# they are written once.
_meta := [a.custom | some e in rego.metadata.chain(); a := e.annotations; a.scope == "package"][0]

# Constraints are judged on the observed topology lifted to the documented
# level (input.diff.lifted): each end of an edge is the documented element
# that an observed one matched, or the observed element itself when nothing
# matched it. A selector picks an element by its own name, identifier, tags,
# class or technologies, and an edge end also stands for every documented
# element that encloses it (a component's dependency is its container's).

# _severity says which statuses are enforced, and how hard.
_severity := {"accepted": _meta.severity, "proposed": "notice"}

# Reading a member of an input element costs OPA about a microsecond, so
# the lookups over every element come from input.index, which the engine
# builds in Go (policies/README.md). An input without it (a Rego test's
# `with input as`) gets the same lookups built here.
_doc := input.index.documented if {
	input.index.documented
} else := {e.id: e | some e in input.documented.elements}

_obs := input.index.observed if {
	input.index.observed
} else := {e.id: e | some e in input.observed.elements}

# Groups are built as {k: {v | ...; key == k} | some k in keys}: OPA indexes
# the inner comprehension on k (comprehension indexing), so a group is one
# pass over its source. Every k is a key of the index; one that is not
# would evaluate the whole comprehension again
# (TestComprehensionIndexesHold).
#
# _matched maps a documented id to the observed ids that implement it.
# input.index.matched, .children, .edges_from and .edges_to are the
# groupings below, built by the engine in Go.
_matched := input.index.matched if {
	input.index.matched
} else := {d: os |
	some d in {m.documented | some m in input.diff.matches}
	os := {o | some m in input.diff.matches; m.documented == d; some o in m.observed}
	count(os) > 0
}

_matched_obs := {o | some m in input.diff.matches; some o in m.observed}

_parents := {e.id: [e.parent] | some e in input.documented.elements; object.get(e, "parent", "") != ""}

# _up is an element and every documented element enclosing it. Only
# elements with a parent are vertices of _parents, and graph.reachable
# keeps vertices only: a top-level element is in no _up, its own included.
_up(id) := graph.reachable(_parents, {id}) if {
	_doc[id]
} else := {id}

# _down(x) are the elements whose _up holds x: x, and when x has a parent,
# every element inside it. The vertices of _children are those of _parents,
# the elements with a parent: graph.reachable walks down to the leaves, and
# leaves a top-level x alone.
_down(x) := graph.reachable(_children, {x}) | {x}

_children := input.index.children if {
	input.index.children
} else := {id: object.get(_kids, id, set()) | some id, _ in _parents}

_kids := {p: ids | some p in {x[0] | some x in _parents}; ids := {id | some id, x in _parents; x[0] == p}}

_element(id) := _doc[id] if {
	_doc[id]
} else := _obs[id]

_all := {id | _doc[id]} | {id | _obs[id]}

# _candidate elements are those a require or technology constraint can
# select: every matched documented element with its enclosing elements, and
# every unmatched observed element the lifted topology can have as an end
# (supporting infrastructure is dropped and unmatched gateways and load
# balancers are transparent). A function, so only selected elements are
# looked at.
_candidate(id) if count(_matched_below(id)) > 0

_candidate(id) if {
	e := _obs[id]
	not id in _matched_obs
	not object.get(e, "class", "") in {"infrastructure", "gateway", "load-balancer"}
}

_last(id) := parts[count(parts) - 1] if parts := split(id, ".")

# _own_techs are the canonical technologies of one element
# (input.technologies), or its technology as written when the input has none.
_own_techs(id) := {t | some t in input.technologies[id]} if {
	input.technologies[id]
} else := {t | t := object.get(_element(id), "technology", ""); t != ""}

# _techs are an element's technologies and those of the observed elements
# that implement it.
_techs(id) := _own_techs(id) | {t | some o in object.get(_matched, id, set()); some t in _own_techs(o)}

_kind(s) := lower(substring(s, 0, indexof(s, ":")))

_value(s) := lower(trim_space(substring(s, indexof(s, ":") + 1, -1)))

_lower_set(list) := {lower(x) | some x in list}

# Selectors are looked up in indexes built once per evaluation, so that
# hundreds of constraints over thousands of edges stay fast. The indexes
# built here only hold what some enforced constraint asks for.
#
# _names maps the lower-case names a selector may use to the elements they
# name: a documented element's name, identifier and the last part of a
# hierarchical identifier; an observed element's name and id.
# input.index.names is that map for every name.
_names := input.index.names if {
	input.index.names
} else := _group(array.concat(
	[[n, id] | some id, e in _doc; some x in [e.name, id, _last(id)]; n := lower(x); n in _wanted_names],
	array.concat(
		[[n, id] | some id, e in _obs; n := lower(object.get(e, "name", "")); n in _wanted_names; not _doc[id]],
		[[n, id] | some id, _ in _obs; n := lower(id); n in _wanted_names; not _doc[id]],
	),
))

# _wanted_names are the names the name selectors of enforced constraints
# use; never "", which names nothing.
_wanted_names := {n | some ["name", n] in _wanted; n != ""}

_by_tag := _group([[t, id] | some id in _all; some x in object.get(_element(id), "tags", []); t := lower(x); ["tag", t] in _wanted])

_by_class := _group([[c, id] | some id in _all; c := object.get(_element(id), "class", ""); ["class", c] in _wanted])

_by_tech := _group([[t, id] | some id in _all; some x in _techs(id); t := lower(x); ["tech", t] in _wanted])

# _wanted are the [kind, value] pairs of the selectors of the enforced
# constraints.
_wanted := {_selector(s) | some l in _lists; some s in l}

_selector(s) := ["name", lower(s)] if {
	not contains(s, ":")
} else := [_kind(s), _value(s)]

# _picks are the elements selector s picks themselves.
_picks(s) := _all if {
	s == "*"
} else := object.get(_names, lower(s), set()) if {
	not contains(s, ":")
} else := object.get(_by_tag, _value(s), set()) if {
	_kind(s) == "tag"
} else := object.get(_by_class, _value(s), set()) if {
	_kind(s) == "class"
} else := object.get(_by_tech, _value(s), set()) if {
	_kind(s) == "tech"
} else := set()

# _lists are the selector lists of the enforced constraints.
_lists contains l if {
	some k in _enforced
	c := k.c
	some l in [object.get(c, "from", []), object.get(c, "to", []), object.get(c, "select", []), object.get(c, "unless", [])]
	count(l) > 0
}

# _selected[l] are the elements a selector list picks themselves; _reach[l]
# adds everything inside them (every _down), for edge ends.
_selected := {l: ids | some l in _lists; ids := {id | some s in l; some id in _picks(s)}}

_reach := {l: r | some l, ids in _selected; r := graph.reachable(_children, ids) | ids}

_edges_from := input.index.edges_from if {
	input.index.edges_from
} else := {f: es | some f in {e.from | some e in input.diff.lifted}; es := {e | some e in input.diff.lifted; e.from == f}}

_edges_to := input.index.edges_to if {
	input.index.edges_to
} else := {t: es | some t in {e.to | some e in input.diff.lifted}; es := {e | some e in input.diff.lifted; e.to == t}}

_from(id) := object.get(_edges_from, id, set())

_into(id) := object.get(_edges_to, id, set())

# _related ends are one element seen at two levels: no dependency between
# them is architecture.
_related(a, b) if a in _up(b)

_related(a, b) if b in _up(a)

# _target is the element through which list l picks an edge end: the
# innermost one around it (itself included) that l picks.
_target(l, id) := x if {
	some x in _up(id)
	x in _selected[l]
	not _picked_inside(l, id, x)
}

_picked_inside(l, id, x) if {
	some y in _up(id)
	y != x
	x in _up(y)
	y in _selected[l]
}

# _internal edges run between parts of the element they lead into (two
# components of the Product Catalog): that element does not depend on
# itself.
_internal(l, e) if _target(l, e.to) in _up(e.from)

# _enforced is every constraint of an enforced ADR, with its ADR and
# severity. The end of its messages (_breaks) and the ADR reference of its
# findings are made only for the constraints that are broken.
_enforced contains {"c": c, "severity": sev, "a": a} if {
	some a in input.adrs
	sev := _severity[a.status]
	some c in a.constraints
}

# only: "A, B -> C": an edge into C from anything but A or B.
finding contains _edge_finding(k, e) if {
	some k in _enforced
	k.c.verb == "only"
	allowed := _reach[k.c.from]
	some t in _reach[k.c.to]
	some e in _into(t)
	not e.from in allowed
	not _related(e.from, e.to)
	not _internal(k.c.to, e)
}

# deny: "A -> C" (unless: [..]): an edge from A into C whose ends are not
# exempt.
finding contains _edge_finding(k, e) if {
	some k in _enforced
	k.c.verb == "deny"
	targets := _reach[k.c.to]
	exempt := _exempt(k.c)
	some f in _reach[k.c.from]
	some e in _from(f)
	e.to in targets
	not e.from in exempt
	not e.to in exempt
	not _related(e.from, e.to)
	not _internal(k.c.to, e)
}

_exempt(c) := _reach[c.unless] if {
	_reach[c.unless]
} else := set()

# require: "A -> C": each running element A picks (the outermost, when it
# picks an element and what it encloses) depends on C, itself or through an
# element it encloses.
finding contains _require_finding(k, id) if {
	some k in _enforced
	k.c.verb == "require"
	some id in _selected[k.c.from]
	_candidate(id)
	not _selected_above(k.c.from, id)
	not _depends(id, k.c.to)
}

_selected_above(l, id) if {
	some x in _up(id)
	x != id
	_candidate(x)
	x in _selected[l]
}

_depends(id, l) if {
	targets := _reach[l]
	some f in _down(id)
	some e in _from(f)
	e.to in targets
}

# technology: "SEL" with allow: or deny:: a technology of a selected
# running element that is not allowed, or denied.
finding contains _technology_finding(k, id, t) if {
	some k in _enforced
	k.c.verb == "technology"
	allow := _lower_set(object.get(k.c, "allow", []))
	deny := _lower_set(object.get(k.c, "deny", []))
	some id in _selected[k.c.select]
	_candidate(id)
	some t in _techs(id)
	_banned(allow, deny, lower(t))
}

_banned(allow, _, t) if {
	count(allow) > 0
	not t in allow
}

_banned(_, deny, t) if t in deny

_edge_finding(k, e) := {
	"rule": _meta.rule,
	"severity": k.severity,
	"message": sprintf("%s → %s %s", [_end_name(e, "from"), _end_name(e, "to"), _breaks(k)]),
	"observed": _observed_edge(e),
	"documented": _documented_edge(e),
	"location": object.get(e, "location", null),
	"adr": _adr_ref(k.a, k.c),
}

_require_finding(k, id) := {
	"rule": _meta.rule,
	"severity": k.severity,
	"message": sprintf("%s does not depend on %s, which %s", [_display(id), concat(" or ", k.c.to), _breaks(k)]),
	"observed": oid,
	"documented": _documented_id(id),
	"location": _element_location(oid, id),
	"adr": _adr_ref(k.a, k.c),
} if oid := _evidence(id, null)

_technology_finding(k, id, t) := {
	"rule": _meta.rule,
	"severity": k.severity,
	"message": sprintf("%s runs %s, which %s", [_display(id), t, _breaks(k)]),
	"observed": oid,
	"documented": _documented_id(id),
	"location": _element_location(oid, id),
	"adr": _adr_ref(k.a, k.c),
} if oid := _evidence(id, t)

# _evidence is the observed element that shows what an element runs: itself
# when observed, else the first observed element implementing it (that runs
# technology t, when t is not null); null when only the model says so.
_evidence(id, t) := id if {
	_obs[id]
} else := min(os) if {
	t == null
	os := _matched_below(id)
	count(os) > 0
} else := min(os) if {
	t != null
	os := {o | some o in object.get(_matched, id, set()); t in _own_techs(o)}
	count(os) > 0
} else := null

# _matched_below are the observed elements implementing id or an element
# inside it: those of every element whose _up holds id. No _up holds a
# top-level documented element.
_matched_below(id) := set() if {
	_doc[id]
	not _parents[id]
} else := {o | some d in _down(id); some o in object.get(_matched, d, set())}

_element_location(oid, id) := _location(object.get(_obs[oid], "sources", [])) if {
	oid != null
} else := _location(object.get(_doc[id], "sources", []))

# _location is the first source that names a file.
_location(sources) := {"file": s.file, "line": object.get(s, "line", 0), "column": object.get(s, "column", 0)} if {
	files := [x | some x in sources; object.get(x, "file", "") != ""]
	count(files) > 0
	s := files[0]
} else := null

_documented_id(id) := id if {
	_doc[id]
} else := null

# _displays are how the diff shows unmatched observed elements
# ("Deployment main/orders").
_displays[id] contains d if {
	some f in input.diff.undocumented_elements
	id := f.id
	d := object.get(f, "display", "")
	d != ""
}

_display(id) := _doc[id].name if {
	object.get(_doc[id], "name", "") != ""
} else := min(_displays[id]) if {
	_displays[id]
} else := _obs[id].name if {
	object.get(_obs[id], "name", "") != ""
} else := id

# _end_name is the name of one end of a lifted edge ("from" or "to").
_end_name(e, end) := name if {
	name := object.get(e, concat("_", [end, "name"]), "")
	name != ""
} else := e[end]

_observed_edge(e) := sprintf("%s->%s", [e.observed_from, e.observed_to]) if {
	object.get(e, "observed_from", "") != ""
	object.get(e, "observed_to", "") != ""
} else := null

_documented_edge(e) := sprintf("%s->%s", [e.from, e.to]) if {
	_doc[e.from]
	_doc[e.to]
} else := null

# _breaks ends the message of a finding of k: `breaks ADR 3 "Title" (deny:
# A -> B)`.
_breaks(k) := sprintf("breaks %s (%s)", [_adr_phrase(k.a), _render(k.c)])

# _adr_phrase names the decision: `ADR 3 "Title"`, `proposed ADR 3 "Title"`.
_adr_phrase(a) := concat("", [_status_word(a), _adr_name(a)])

_status_word(a) := "proposed " if {
	a.status == "proposed"
} else := ""

_adr_name(a) := sprintf("ADR %d \"%s\"", [a.number, a.title]) if {
	a.number >= 0
	a.title != ""
} else := sprintf("ADR %d", [a.number]) if {
	a.number >= 0
} else := sprintf("ADR \"%s\"", [a.title]) if {
	a.title != ""
} else := sprintf("ADR %s", [a.file])

_adr_ref(a, c) := {"number": max([a.number, 0]), "title": a.title, "file": a.file, "line": c.line}

# _render writes a constraint on one line: "deny: A -> B; unless: C".
_render(c) := sprintf("%s: %s -> %s%s", [c.verb, concat(", ", c.from), concat(", ", c.to), _unless(c)]) if {
	c.verb != "technology"
} else := sprintf("technology: %s; allow: %s", [concat(", ", c.select), concat(", ", c.allow)]) if {
	count(object.get(c, "allow", [])) > 0
} else := sprintf("technology: %s; deny: %s", [concat(", ", c.select), concat(", ", object.get(c, "deny", []))])

_unless(c) := sprintf("; unless: %s", [concat(", ", c.unless)]) if {
	count(object.get(c, "unless", [])) > 0
} else := ""

# _group turns [key, value] pairs into {key: {values}}. It sorts the pairs
# and reads each run of one key once: a rule "p[k] contains v" would build
# the same object, but OPA checks every key it adds against every key added
# before (topdown hasCollisions), which is quadratic in the number of pairs
# and took a second on a model of a thousand elements (bench/RESULTS.md).
_group(pairs) := {s[b][0]: {p[1] | some p in array.slice(s, b, ends[j])} | some j, b in starts} if {
	s := sort(pairs)
	starts := array.concat([0 | count(s) > 0], [i | some i, p in s; i > 0; s[i - 1][0] != p[0]])
	ends := array.concat(array.slice(starts, 1, count(starts)), [count(s)])
}
