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

_doc := {e.id: e | some e in input.documented.elements}

_obs := {e.id: e | some e in input.observed.elements}

# _matched maps a documented id to the observed ids that implement it.
_matched := _group([[m.documented, o] | some m in input.diff.matches; some o in m.observed])

_matched_obs := {o | some m in input.diff.matches; some o in m.observed}

_parents := {e.id: [e.parent] | some e in input.documented.elements; object.get(e, "parent", "") != ""}

_ups := {id: graph.reachable(_parents, {id}) | some id, _ in _doc}

# _up is an element and every documented element enclosing it.
_up(id) := object.get(_ups, id, {id})

# _downs[x] are x and every documented element inside it.
_downs := _group([[x, id] | some id, up in _ups; some x in up])

# Lookups go through object.get on the whole index: OPA then builds the
# index once per evaluation instead of scanning its source for every key.
_down(id) := object.get(_downs, id, {id})

_element(id) := _doc[id] if {
	_doc[id]
} else := _obs[id]

_all := {id | _doc[id]} | {id | _obs[id]}

# _candidates are the elements a require or technology constraint can
# select: every matched documented element with its enclosing elements, and
# every unmatched observed element the lifted topology can have as an end
# (supporting infrastructure is dropped and unmatched gateways and load
# balancers are transparent).
_candidates := {a | some d, _ in _matched; some a in _up(d)} | {id |
	some id, e in _obs
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
# hundreds of constraints over thousands of edges stay fast. The indexes only
# hold what some enforced constraint asks for.
#
# _by_name holds the lower-case names a selector may use: a documented
# element's name, identifier and the last part of a hierarchical
# identifier; an observed element's name and id.
_by_name := _group(array.concat(
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
} else := object.get(_by_name, lower(s), set()) if {
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
# adds everything inside them, for edge ends.
_selected[l] := {id | some s in l; some id in _picks(s)} if some l in _lists

_reach[l] := {d | some x in _selected[l]; some d in _down(x)} if some l in _lists

_edges_from := _group([[e.from, e] | some e in input.diff.lifted])

_edges_to := _group([[e.to, e] | some e in input.diff.lifted])

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

# _enforced is every constraint of an enforced ADR, with its severity, the
# end of its messages and the ADR reference of its findings, made once.
_enforced contains {
	"c": c,
	"severity": sev,
	"breaks": sprintf("breaks %s (%s)", [_adr_phrase(a), _render(c)]),
	"adr": _adr_ref(a, c),
} if {
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
	id in _candidates
	not _selected_above(k.c.from, id)
	not _depends(id, k.c.to)
}

_selected_above(l, id) if {
	some x in _up(id)
	x != id
	x in _candidates
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
	id in _candidates
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
	"message": sprintf("%s → %s %s", [_end_name(e, "from"), _end_name(e, "to"), k.breaks]),
	"observed": _observed_edge(e),
	"documented": _documented_edge(e),
	"location": object.get(e, "location", null),
	"adr": k.adr,
}

_require_finding(k, id) := {
	"rule": _meta.rule,
	"severity": k.severity,
	"message": sprintf("%s does not depend on %s, which %s", [_display(id), concat(" or ", k.c.to), k.breaks]),
	"observed": oid,
	"documented": _documented_id(id),
	"location": _element_location(oid, id),
	"adr": k.adr,
} if oid := _evidence(id, null)

_technology_finding(k, id, t) := {
	"rule": _meta.rule,
	"severity": k.severity,
	"message": sprintf("%s runs %s, which %s", [_display(id), t, k.breaks]),
	"observed": oid,
	"documented": _documented_id(id),
	"location": _element_location(oid, id),
	"adr": k.adr,
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

# _matched_below are the observed elements implementing an element or one
# it encloses.
_matched_below(id) := object.get(_below, id, set())

_below[a] contains o if {
	some d, os in _matched
	some a in _up(d)
	some o in os
}

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
