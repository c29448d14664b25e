package archdrift.rules.relationship_missing_test

import data.archdrift.rules.relationship_missing

test_missing_relationship_is_a_notice if {
	relationship_missing.finding == {{
		"rule": "relationship.missing",
		"severity": "notice",
		"message": "Order Service → RabbitMQ is in the model but was not observed",
		"observed": null,
		"documented": "shop.orders->shop.queue",
		"location": {"file": "workspace.dsl", "line": 57},
		"adr": null,
	}} with input as {"diff": {"missing_relationships": [{
		"from": "shop.orders",
		"to": "shop.queue",
		"from_name": "Order Service",
		"to_name": "RabbitMQ",
		"location": {"file": "workspace.dsl", "line": 57},
	}]}}
}

test_names_fall_back_to_ids if {
	some f in relationship_missing.finding with input as {"diff": {"missing_relationships": [{"from": "a", "to": "b"}]}}
	f.message == "a → b is in the model but was not observed"
	f.location == null
}

test_no_finding_for_lifted_edges if {
	count(relationship_missing.finding) == 0 with input as {"diff": {
		"missing_relationships": [],
		"lifted": [{"from": "shop.orders", "to": "shop.queue"}],
	}}
}
