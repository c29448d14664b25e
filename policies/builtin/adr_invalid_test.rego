package archdrift.rules.adr_invalid_test

import data.archdrift.rules.adr_invalid

_adrs := [
	{
		"number": 7, "title": "The storefront never reads the database", "status": "accepted",
		"file": "docs/adr/0007-storefront.md", "line": 1,
		"constraints": [
			{"verb": "deny", "from": ["ShopFlow WebApp", "tag:frontend"], "to": ["class:database", "*"], "line": 14},
			{"verb": "only", "from": ["Order Servce"], "to": ["postgres"], "line": 15},
		],
	},
	{
		"number": 2, "title": "Only the orders service owns the database", "status": "superseded",
		"file": "docs/adr/0002-orders-db.md", "line": 1,
		"constraints": [{"verb": "only", "from": ["Order Servce"], "to": ["PostgreSQL"], "line": 12}],
	},
]

_graphs := {
	"documented": {"elements": [
		{"id": "shopflow.webapp", "name": "ShopFlow WebApp"},
		{"id": "shopflow.db", "name": "PostgreSQL"},
	]},
	"observed": {"elements": [{"id": "kubernetes:main/external/postgres", "name": "postgres"}]},
}

test_problem_of_a_known_adr_names_it if {
	adr_invalid.finding == {{
		"rule": "adr.invalid",
		"severity": "warning",
		"message": `ADR 7 "The storefront never reads the database": archdrift block: bad YAML: did not find expected ',' or ']'`,
		"observed": null,
		"documented": null,
		"location": {"file": "docs/adr/0007-storefront.md", "line": 13, "column": 0},
		"adr": {"number": 7, "title": "The storefront never reads the database", "file": "docs/adr/0007-storefront.md", "line": 1},
	}} with input as {
		"adrs": [object.remove(_adrs[0], ["constraints"])],
		"adr_problems": [{"file": "docs/adr/0007-storefront.md", "line": 13, "number": 7, "message": "archdrift block: bad YAML: did not find expected ',' or ']'"}],
	}
}

test_problem_without_a_record_keeps_its_message if {
	adr_invalid.finding == {{
		"rule": "adr.invalid",
		"severity": "warning",
		"message": "cannot read: permission denied",
		"observed": null,
		"documented": null,
		"location": {"file": "docs/adr/0009-secret.md", "line": 0, "column": 0},
		"adr": null,
	}} with input as {"adrs": [], "adr_problems": [{"file": "docs/adr/0009-secret.md", "number": 9, "message": "cannot read: permission denied"}]}
}

test_problem_column_is_kept if {
	some f in adr_invalid.finding with input as {"adr_problems": [{"file": "a.md", "line": 4, "column": 9, "number": -1, "message": "x"}]}
	f.location == {"file": "a.md", "line": 4, "column": 9}
}

test_constraint_naming_an_unknown_element if {
	fs := adr_invalid.finding with input as object.union(_graphs, {"adrs": _adrs})
	fs == {{
		"rule": "adr.invalid",
		"severity": "warning",
		"message": `ADR 7 "The storefront never reads the database": "Order Servce" names no documented or observed element, so this constraint is never checked`,
		"observed": null,
		"documented": null,
		"location": {"file": "docs/adr/0007-storefront.md", "line": 15},
		"adr": {"number": 7, "title": "The storefront never reads the database", "file": "docs/adr/0007-storefront.md", "line": 15},
	}}
}

test_known_names_tags_classes_and_wildcards_are_fine if {
	inp := object.union(_graphs, {"adrs": [object.union(_adrs[0], {"constraints": [_adrs[0].constraints[0]]})]})
	count(adr_invalid.finding) == 0 with input as inp
}

test_unenforced_adrs_are_not_linted if {
	count(adr_invalid.finding) == 0 with input as object.union(_graphs, {"adrs": [_adrs[1]]})
}

test_no_problems_no_findings if {
	count(adr_invalid.finding) == 0 with input as {"adrs": [], "adr_problems": []}
	count(adr_invalid.finding) == 0 with input as {}
}
