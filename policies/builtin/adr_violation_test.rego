package archdrift.rules.adr_violation_test

import data.archdrift.rules.adr_violation

# A small estate: a shop whose Order Service owns the Orders DB, seen at
# the documented level (diff.lifted) the way archdrift's diff states it.
_estate := {
	"documented": {"elements": [
		{"id": "shop", "name": "Shop", "kind": "system", "class": "", "technology": "", "parent": "", "tags": ["Element", "Software System"], "sources": [{"scanner": "structurizr", "file": "workspace.dsl", "line": 3}]},
		{"id": "shop.orders", "name": "Order Service", "kind": "container", "class": "service", "technology": "Java and Spring Boot", "parent": "shop", "tags": ["Element", "Container", "backend"], "sources": [{"scanner": "structurizr", "file": "workspace.dsl", "line": 5, "column": 9}]},
		{"id": "shop.orders.repo", "name": "Order Repository", "kind": "component", "class": "service", "technology": "", "parent": "shop.orders", "tags": ["Element", "Component"], "sources": []},
		{"id": "shop.catalog", "name": "Product Catalog", "kind": "container", "class": "service", "technology": "Go", "parent": "shop", "tags": ["Element", "Container"], "sources": []},
		{"id": "shop.catalog.api", "name": "Catalog API", "kind": "component", "class": "service", "technology": "", "parent": "shop.catalog", "tags": [], "sources": []},
		{"id": "shop.catalog.search", "name": "Search", "kind": "component", "class": "search", "technology": "", "parent": "shop.catalog", "tags": [], "sources": []},
		{"id": "shop.payments", "name": "Payment Service", "kind": "container", "class": "service", "technology": "Node.js", "parent": "shop", "tags": [], "sources": []},
		{"id": "shop.reviews", "name": "Review Service", "kind": "container", "class": "service", "technology": "Go", "parent": "shop", "tags": [], "sources": []},
		{"id": "shop.web", "name": "Web", "kind": "container", "class": "ui", "technology": "React", "parent": "shop", "tags": ["frontend"], "sources": []},
		{"id": "shop.gateway", "name": "API Gateway", "kind": "container", "class": "gateway", "technology": "Kong", "parent": "shop", "tags": ["Frontend"], "sources": []},
		{"id": "shop.db", "name": "Orders DB", "kind": "container", "class": "database", "technology": "PostgreSQL 15", "parent": "shop", "tags": [], "sources": []},
		{"id": "shop.queue", "name": "RabbitMQ", "kind": "container", "class": "queue", "technology": "RabbitMQ", "parent": "shop", "tags": [], "sources": []},
		{"id": "shop.cache", "name": "Cart Cache", "kind": "container", "class": "cache", "technology": "Redis", "parent": "shop", "tags": [], "sources": [{"scanner": "structurizr", "file": "workspace.dsl", "line": 12}]},
		{"id": "stripe", "name": "Stripe", "kind": "system", "class": "external", "technology": "", "parent": "", "tags": ["External"], "sources": []},
	]},
	"observed": {"elements": [
		{"id": "k:orders", "name": "order-service", "class": "service", "technology": "", "tags": [], "sources": [{"scanner": "kubernetes", "file": "k8s/orders.yaml", "line": 1, "column": 1}]},
		{"id": "k:catalog", "name": "product-catalog", "class": "service", "technology": "", "tags": [], "sources": []},
		{"id": "k:payments", "name": "payment-service", "class": "service", "technology": "", "tags": [], "sources": [{"scanner": "kubernetes", "file": "k8s/payments.yaml", "line": 1, "column": 1}]},
		{"id": "k:web", "name": "web", "class": "service", "technology": "", "tags": [], "sources": []},
		{"id": "k:gateway", "name": "gateway", "class": "gateway", "technology": "Kong", "tags": [], "sources": []},
		{"id": "k:db", "name": "postgres", "class": "external", "technology": "", "tags": [], "sources": [{"scanner": "kubernetes", "file": "k8s/db.yaml", "line": 1}]},
		{"id": "tf:db", "name": "orders", "class": "database", "technology": "PostgreSQL", "tags": [], "sources": [{"scanner": "terraform", "file": "main.tf", "line": 20, "column": 1}]},
		{"id": "k:queue", "name": "rabbitmq", "class": "queue", "technology": "RabbitMQ", "tags": [], "sources": []},
		{"id": "k:cache", "name": "cart-cache", "class": "cache", "technology": "Memcached", "tags": [], "sources": [{"scanner": "kubernetes", "file": "k8s/cache.yaml", "line": 1, "column": 1}]},
		{"id": "k:reco", "name": "recommendation-service", "class": "service", "technology": "", "tags": ["ml"], "sources": [{"scanner": "kubernetes", "file": "k8s/reco.yaml", "line": 1, "column": 1}]},
		{"id": "tf:sqs", "name": "order-events", "class": "queue", "technology": "Amazon SQS", "tags": [], "sources": [{"scanner": "terraform", "file": "main.tf", "line": 56, "column": 1}]},
		{"id": "tf:role", "name": "orders-role", "class": "infrastructure", "technology": "AWS IAM", "tags": [], "sources": []},
		{"id": "k:lb", "name": "edge-lb", "class": "load-balancer", "technology": "", "tags": [], "sources": []},
	]},
	"technologies": {
		"shop.orders": ["Java", "Spring Boot"],
		"shop.catalog": ["Go"],
		"shop.payments": ["Node.js"],
		"shop.reviews": ["Go"],
		"shop.web": ["React"],
		"shop.gateway": ["Kong"],
		"shop.db": ["PostgreSQL"],
		"shop.queue": ["RabbitMQ"],
		"shop.cache": ["Redis"],
		"k:gateway": ["Kong"],
		"tf:db": ["PostgreSQL"],
		"k:queue": ["RabbitMQ"],
		"k:cache": ["Memcached"],
		"tf:sqs": ["Amazon SQS"],
		"tf:role": ["AWS IAM"],
	},
	"diff": {
		"matches": [
			{"documented": "shop.orders", "observed": ["k:orders"], "via": "name"},
			{"documented": "shop.catalog", "observed": ["k:catalog"], "via": "name"},
			{"documented": "shop.payments", "observed": ["k:payments"], "via": "name"},
			{"documented": "shop.web", "observed": ["k:web"], "via": "name"},
			{"documented": "shop.gateway", "observed": ["k:gateway"], "via": "name"},
			{"documented": "shop.db", "observed": ["k:db", "tf:db"], "via": "explicit"},
			{"documented": "shop.queue", "observed": ["k:queue"], "via": "name"},
			{"documented": "shop.cache", "observed": ["k:cache"], "via": "name"},
		],
		"undocumented_elements": [
			{"id": "k:reco", "name": "recommendation-service", "display": "Deployment main/recommendation-service"},
			{"id": "tf:sqs", "name": "order-events", "display": "aws_sqs_queue.order_events"},
		],
		"lifted": [
			_edge("shop.orders", "shop.db", "Order Service", "Orders DB", "k:orders", "k:db", "k8s/orders.yaml", 30),
			_edge("shop.orders.repo", "shop.queue", "Order Repository", "RabbitMQ", "k:orders", "k:queue", "k8s/orders.yaml", 32),
			_edge("shop.catalog", "shop.db", "Product Catalog", "Orders DB", "k:catalog", "k:db", "k8s/catalog.yaml", 24),
			_edge("shop.web", "shop.db", "Web", "Orders DB", "k:web", "k:db", "k8s/web.yaml", 20),
			_edge("shop.web", "shop.gateway", "Web", "API Gateway", "k:web", "k:gateway", "k8s/web.yaml", 22),
			_edge("shop.gateway", "shop.db", "API Gateway", "Orders DB", "k:gateway", "k:db", "k8s/gateway.yaml", 26),
			_edge("shop.gateway", "shop.catalog", "API Gateway", "Product Catalog", "k:gateway", "k:catalog", "k8s/gateway.yaml", 28),
			_edge("shop.payments", "shop.queue", "Payment Service", "RabbitMQ", "k:payments", "k:queue", "k8s/payments.yaml", 30),
			_edge("shop.catalog.api", "shop.catalog.search", "Catalog API", "Search", "code:catalog/api", "code:catalog/search", "catalog/api.go", 8),
			_edge("k:reco", "shop.catalog", "Deployment main/recommendation-service", "Product Catalog", "k:reco", "k:catalog", "k8s/reco.yaml", 24),
		],
	},
}

_edge(from, to, from_name, to_name, ofrom, oto, file, line) := {
	"from": from, "to": to, "from_name": from_name, "to_name": to_name,
	"observed_from": ofrom, "observed_to": oto,
	"location": {"file": file, "line": line, "column": 15},
}

# _input is the estate with one ADR of the given status and constraints.
_input(status, constraints) := object.union(_estate, {"adrs": [_adr(3, status, constraints)]})

_adr(number, status, constraints) := {
	"number": number,
	"title": "Only the Order Service talks to the orders database",
	"status": status,
	"file": "docs/adr/0003-orders-db.md",
	"line": 1,
	"constraints": constraints,
}

_only(from, to) := {"verb": "only", "from": from, "to": to, "line": 12}

_deny(from, to) := {"verb": "deny", "from": from, "to": to, "line": 12}

_deny_unless(from, to, unless) := {"verb": "deny", "from": from, "to": to, "unless": unless, "line": 12}

_require(from, to) := {"verb": "require", "from": from, "to": to, "line": 14}

_tech_allow(sel, allow) := {"verb": "technology", "select": sel, "allow": allow, "line": 16}

_tech_deny(sel, deny) := {"verb": "technology", "select": sel, "deny": deny, "line": 16}

_messages(findings) := {f.message | some f in findings}

_adr_ref(line) := {"number": 3, "title": "Only the Order Service talks to the orders database", "file": "docs/adr/0003-orders-db.md", "line": line}

# --- only ---------------------------------------------------------------

test_only_flags_every_other_dependant if {
	fs := adr_violation.finding with input as _input("accepted", [_only(["Order Service"], ["Orders DB"])])
	_messages(fs) == {
		`Product Catalog → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (only: Order Service -> Orders DB)`,
		`Web → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (only: Order Service -> Orders DB)`,
		`API Gateway → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (only: Order Service -> Orders DB)`,
	}
	some f in fs
	f.message == `Product Catalog → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (only: Order Service -> Orders DB)`
	f == {
		"rule": "adr.violation",
		"severity": "error",
		"message": f.message,
		"observed": "k:catalog->k:db",
		"documented": "shop.catalog->shop.db",
		"location": {"file": "k8s/catalog.yaml", "line": 24, "column": 15},
		"adr": _adr_ref(12),
	}
}

test_only_comma_list_allows_each_and_ids_or_any_case_work if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [_only(["order service", "shop.catalog", "tag:FRONTEND"], ["orders db"])])
}

test_only_last_part_of_a_hierarchical_identifier_names_the_element if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [_only(["orders", "catalog", "web", "gateway"], ["db"])])
}

test_only_unmatched_observed_element_is_judged_by_its_own_name if {
	fs := adr_violation.finding with input as _input("accepted", [_only(["API Gateway"], ["Product Catalog"])])
	some f in fs
	f.message == `Deployment main/recommendation-service → Product Catalog breaks ADR 3 "Only the Order Service talks to the orders database" (only: API Gateway -> Product Catalog)`
	f.observed == "k:reco->k:catalog"
	f.documented == null
	f.location == {"file": "k8s/reco.yaml", "line": 24, "column": 15}
	count(fs) == 1

	# named by its own name, the unmatched element is allowed
	count(adr_violation.finding) == 0 with input as _input("accepted", [_only(["API Gateway", "recommendation-service"], ["Product Catalog"])])
}

test_only_ignores_edges_inside_the_protected_element if {
	# Catalog API → Search runs inside the Product Catalog.
	count(adr_violation.finding) == 0 with input as _input("accepted", [_only(["API Gateway", "recommendation-service"], ["Product Catalog"])])
	count(adr_violation.finding) == 0 with input as _input("accepted", [_deny(["*"], ["Product Catalog"])]) with input.diff.lifted as [_edge("shop.catalog.api", "shop.catalog.search", "Catalog API", "Search", "a", "b", "api.go", 8)]

	# A selector that picks the parts themselves still sees the edge.
	fs := adr_violation.finding with input as _input("accepted", [_deny(["Catalog API"], ["class:search"])])
	_messages(fs) == {`Catalog API → Search breaks ADR 3 "Only the Order Service talks to the orders database" (deny: Catalog API -> class:search)`}
}

test_only_holds_when_no_one_else_depends if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [_only(["Order Service", "Payment Service"], ["RabbitMQ"])])
}

# --- deny ---------------------------------------------------------------

test_deny_flags_each_matching_edge if {
	fs := adr_violation.finding with input as _input("accepted", [_deny(["tag:frontend"], ["class:database"])])
	_messages(fs) == {
		`Web → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (deny: tag:frontend -> class:database)`,
		`API Gateway → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (deny: tag:frontend -> class:database)`,
	}
}

test_deny_unless_exempts_the_source if {
	fs := adr_violation.finding with input as _input("accepted", [_deny_unless(["tag:frontend"], ["class:database"], ["API Gateway"])])
	_messages(fs) == {`Web → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (deny: tag:frontend -> class:database; unless: API Gateway)`}
}

test_deny_unless_exempts_the_target if {
	fs := adr_violation.finding with input as _input("accepted", [_deny_unless(["Web"], ["*"], ["API Gateway"])])
	_messages(fs) == {`Web → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (deny: Web -> *; unless: API Gateway)`}
}

test_deny_without_such_an_edge_holds if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [_deny(["Payment Service"], ["Orders DB", "Product Catalog"])])
}

test_deny_covers_the_components_of_a_container if {
	fs := adr_violation.finding with input as _input("accepted", [_deny(["Order Service"], ["RabbitMQ"])])
	_messages(fs) == {`Order Repository → RabbitMQ breaks ADR 3 "Only the Order Service talks to the orders database" (deny: Order Service -> RabbitMQ)`}
}

test_deny_by_technology_uses_canonical_and_observed_technologies if {
	# The model says "PostgreSQL 15"; input.technologies says PostgreSQL.
	fs := adr_violation.finding with input as _input("accepted", [_deny(["tech:Java"], ["tech:postgresql"])])
	_messages(fs) == {`Order Service → Orders DB breaks ADR 3 "Only the Order Service talks to the orders database" (deny: tech:Java -> tech:postgresql)`}
}

test_deny_by_class_of_an_unmatched_observed_element if {
	fs := adr_violation.finding with input as _input("accepted", [_deny(["tag:ml"], ["class:service"])])
	_messages(fs) == {`Deployment main/recommendation-service → Product Catalog breaks ADR 3 "Only the Order Service talks to the orders database" (deny: tag:ml -> class:service)`}
}

# --- require ------------------------------------------------------------

test_require_missing_dependency if {
	fs := adr_violation.finding with input as _input("accepted", [_require(["Payment Service"], ["Stripe"])])
	fs == {{
		"rule": "adr.violation",
		"severity": "error",
		"message": `Payment Service does not depend on Stripe, which breaks ADR 3 "Only the Order Service talks to the orders database" (require: Payment Service -> Stripe)`,
		"observed": "k:payments",
		"documented": "shop.payments",
		"location": {"file": "k8s/payments.yaml", "line": 1, "column": 1},
		"adr": _adr_ref(14),
	}}
}

test_require_holds_through_a_component if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [_require(["Order Service"], ["RabbitMQ"])])
}

test_require_checks_each_selected_element_once if {
	# Order Repository is a service inside Order Service: the container is
	# judged, not its component a second time.
	fs := adr_violation.finding with input as _input("accepted", [_require(["class:service"], ["tech:RabbitMQ", "class:database"])])
	_messages(fs) == {`Deployment main/recommendation-service does not depend on tech:RabbitMQ or class:database, which breaks ADR 3 "Only the Order Service talks to the orders database" (require: class:service -> tech:RabbitMQ, class:database)`}
	some f in fs
	f.observed == "k:reco"
	f.documented == null
	f.location == {"file": "k8s/reco.yaml", "line": 1, "column": 1}
}

test_require_ignores_elements_that_do_not_run if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [_require(["Review Service"], ["Orders DB"])])
}

# --- technology ---------------------------------------------------------

test_technology_allow_flags_an_unmatched_observed_element if {
	fs := adr_violation.finding with input as _input("accepted", [_tech_allow(["class:queue"], ["RabbitMQ"])])
	fs == {{
		"rule": "adr.violation",
		"severity": "error",
		"message": `aws_sqs_queue.order_events runs Amazon SQS, which breaks ADR 3 "Only the Order Service talks to the orders database" (technology: class:queue; allow: RabbitMQ)`,
		"observed": "tf:sqs",
		"documented": null,
		"location": {"file": "main.tf", "line": 56, "column": 1},
		"adr": _adr_ref(16),
	}}
}

test_technology_deny_points_at_the_observed_element_that_runs_it if {
	fs := adr_violation.finding with input as _input("accepted", [_tech_deny(["Cart Cache"], ["memcached"])])
	fs == {{
		"rule": "adr.violation",
		"severity": "error",
		"message": `Cart Cache runs Memcached, which breaks ADR 3 "Only the Order Service talks to the orders database" (technology: Cart Cache; deny: memcached)`,
		"observed": "k:cache",
		"documented": "shop.cache",
		"location": {"file": "k8s/cache.yaml", "line": 1, "column": 1},
		"adr": _adr_ref(16),
	}}
}

test_technology_allow_judges_documented_and_observed_technologies if {
	fs := adr_violation.finding with input as _input("accepted", [_tech_allow(["Cart Cache"], ["Redis"])])
	_messages(fs) == {`Cart Cache runs Memcached, which breaks ADR 3 "Only the Order Service talks to the orders database" (technology: Cart Cache; allow: Redis)`}
}

test_technology_only_documented_points_at_the_model if {
	fs := adr_violation.finding with input as _input("accepted", [_tech_deny(["Order Service"], ["Java"])])
	some f in fs
	f.observed == null
	f.documented == "shop.orders"
	f.location == {"file": "workspace.dsl", "line": 5, "column": 9}
	count(fs) == 1
}

test_technology_holds if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [
		_tech_deny(["*"], ["MySQL", "MongoDB"]),
		_tech_allow(["class:database"], ["PostgreSQL"]),
		_tech_allow(["tech:RabbitMQ"], ["RabbitMQ"]),
	])
}

test_technology_ignores_infrastructure_and_transparent_elements if {
	count(adr_violation.finding) == 0 with input as _input("accepted", [_tech_deny(["*"], ["AWS IAM"])])
}

test_technology_falls_back_to_the_written_technology if {
	inp := object.remove(_input("accepted", [_tech_allow(["class:queue"], ["RabbitMQ"])]), ["technologies"])
	fs := adr_violation.finding with input as inp
	_messages(fs) == {`aws_sqs_queue.order_events runs Amazon SQS, which breaks ADR 3 "Only the Order Service talks to the orders database" (technology: class:queue; allow: RabbitMQ)`}
}

# --- statuses -----------------------------------------------------------

test_proposed_adr_is_a_notice if {
	fs := adr_violation.finding with input as _input("proposed", [_deny(["Web"], ["Orders DB"])])
	fs == {{
		"rule": "adr.violation",
		"severity": "notice",
		"message": `Web → Orders DB breaks proposed ADR 3 "Only the Order Service talks to the orders database" (deny: Web -> Orders DB)`,
		"observed": "k:web->k:db",
		"documented": "shop.web->shop.db",
		"location": {"file": "k8s/web.yaml", "line": 20, "column": 15},
		"adr": _adr_ref(12),
	}}
}

test_other_statuses_are_not_enforced if {
	every status in ["rejected", "deprecated", "superseded", "unknown"] {
		count(adr_violation.finding) == 0 with input as _input(status, [
			_deny(["Web"], ["Orders DB"]),
			_only(["Order Service"], ["Orders DB"]),
			_require(["Payment Service"], ["Stripe"]),
			_tech_allow(["class:queue"], ["RabbitMQ"]),
		])
	}
}

test_each_adr_is_named_in_its_findings if {
	inp := object.union(_estate, {"adrs": [
		_adr(3, "superseded", [_only(["Order Service"], ["Orders DB"])]),
		object.union(_adr(4, "accepted", [_only(["Order Service", "Product Catalog"], ["Orders DB"])]), {"title": "Share the orders database", "file": "docs/adr/0004-share.md"}),
	]})
	fs := adr_violation.finding with input as inp
	_messages(fs) == {
		`Web → Orders DB breaks ADR 4 "Share the orders database" (only: Order Service, Product Catalog -> Orders DB)`,
		`API Gateway → Orders DB breaks ADR 4 "Share the orders database" (only: Order Service, Product Catalog -> Orders DB)`,
	}
	every f in fs {
		f.adr == {"number": 4, "title": "Share the orders database", "file": "docs/adr/0004-share.md", "line": 12}
	}
}

test_adr_without_number if {
	inp := object.union(_estate, {"adrs": [object.union(_adr(-1, "accepted", [_deny(["Web"], ["Orders DB"])]), {"title": "Keep the web stateless"})]})
	fs := adr_violation.finding with input as inp
	some f in fs
	f.message == `Web → Orders DB breaks ADR "Keep the web stateless" (deny: Web -> Orders DB)`
	f.adr.number == 0
}

test_no_adrs_no_findings if {
	count(adr_violation.finding) == 0 with input as _estate
	count(adr_violation.finding) == 0 with input as {}
}

# --- indexes ------------------------------------------------------------

test_group_collects_the_values_of_each_key if {
	adr_violation._group([["b", 2], ["a", 1], ["b", 3], ["a", 1], ["c", {"x": 1}]]) == {"a": {1}, "b": {2, 3}, "c": {{"x": 1}}}
	adr_violation._group([["only", 1]]) == {"only": {1}}
	adr_violation._group([]) == {}
}
