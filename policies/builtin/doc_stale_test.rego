package archdrift.rules.doc_stale_test

import data.archdrift.rules.doc_stale

_base := {
	"documented": {"elements": [
		{"id": "shopflow.orders", "name": "Order Service"},
		{"id": "shopflow.db", "name": ""},
	]},
	"observed": {"elements": [
		{"id": "kubernetes:main/deployment/order-service", "sources": [
			{"scanner": "kubernetes", "file": "deploy/orders.yaml", "line": 30, "column": 1},
			{"scanner": "kubernetes", "file": "deploy/orders.yaml", "line": 1, "column": 1},
		]},
		{"id": "terraform:aws_db_instance.main", "sources": [{"scanner": "terraform", "file": "terraform/main.tf", "line": 12}]},
		{"id": "kubernetes:main/deployment/unmatched", "sources": [{"scanner": "kubernetes", "file": "deploy/unmatched.yaml", "line": 1}]},
	]},
	"diff": {"matches": [
		{"documented": "shopflow.orders", "observed": ["kubernetes:main/deployment/order-service"], "via": "name"},
		{"documented": "shopflow.db", "observed": ["terraform:aws_db_instance.main"], "via": "config"},
	]},
}

_change(files) := {
	"files": files,
	"model_files": ["docs/architecture/workspace.dsl", "docs/architecture/people.dsl"],
	"adr_files": ["docs/adr/0001-use-postgres.md", "docs/adr/0002-removed.md"],
}

test_manifest_change_without_model_change_is_stale if {
	doc_stale.finding == {{
		"rule": "doc.stale",
		"severity": "warning",
		"message": "deploy/orders.yaml changed and implements Order Service (shopflow.orders), but neither the model nor an ADR changed",
		"observed": "kubernetes:main/deployment/order-service",
		"documented": "shopflow.orders",
		"location": {"file": "deploy/orders.yaml", "line": 1},
		"adr": null,
	}} with input as object.union(_base, {"change": _change(["deploy/orders.yaml", "README.md"])})
}

test_message_falls_back_to_id_and_location_to_file if {
	inp := object.union(_base, {
		"change": _change(["terraform/main.tf"]),
		"observed": {"elements": [{"id": "terraform:aws_db_instance.main", "sources": [{"scanner": "terraform", "file": "terraform/main.tf"}]}]},
	})
	doc_stale.finding == {{
		"rule": "doc.stale",
		"severity": "warning",
		"message": "terraform/main.tf changed and implements shopflow.db, but neither the model nor an ADR changed",
		"observed": "terraform:aws_db_instance.main",
		"documented": "shopflow.db",
		"location": {"file": "terraform/main.tf"},
		"adr": null,
	}} with input as inp
}

test_one_finding_per_changed_source if {
	count(doc_stale.finding) == 2 with input as object.union(_base, {"change": _change(["deploy/orders.yaml", "terraform/main.tf"])})
}

test_model_change_silences if {
	count(doc_stale.finding) == 0 with input as object.union(_base, {"change": _change(["deploy/orders.yaml", "docs/architecture/people.dsl"])})
}

test_adr_change_silences if {
	count(doc_stale.finding) == 0 with input as object.union(_base, {"change": _change(["deploy/orders.yaml", "docs/adr/0002-removed.md"])})
}

test_unmatched_elements_are_left_to_element_undocumented if {
	count(doc_stale.finding) == 0 with input as object.union(_base, {"change": _change(["deploy/unmatched.yaml"])})
}

test_unrelated_change_is_silent if {
	count(doc_stale.finding) == 0 with input as object.union(_base, {"change": _change(["README.md"])})
}

test_no_change_under_review_is_silent if {
	count(doc_stale.finding) == 0 with input as object.union(_base, {"change": null})
}

test_empty_change_is_silent if {
	count(doc_stale.finding) == 0 with input as object.union(_base, {"change": {"files": [], "model_files": null, "adr_files": null}})
}
