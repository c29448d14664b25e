package archdrift.rules.relationship_undocumented_test

import data.archdrift.rules.relationship_undocumented

test_undocumented_relationship_is_an_error if {
	relationship_undocumented.finding == {{
		"rule": "relationship.undocumented",
		"severity": "error",
		"message": "Order Service → Payment Service is observed but not in the model",
		"observed": "kubernetes:main/deployment/order-service->kubernetes:main/deployment/payment-service",
		"documented": "shop.orders->shop.payments",
		"location": {"file": "deploy/k8s/orders.yaml", "line": 30},
		"adr": null,
	}} with input as {"diff": {"undocumented_relationships": [{
		"from": "shop.orders",
		"to": "shop.payments",
		"from_name": "Order Service",
		"to_name": "Payment Service",
		"observed_from": "kubernetes:main/deployment/order-service",
		"observed_to": "kubernetes:main/deployment/payment-service",
		"location": {"file": "deploy/k8s/orders.yaml", "line": 30},
	}]}}
}

test_without_observed_ends_observed_is_null if {
	some f in relationship_undocumented.finding with input as {"diff": {"undocumented_relationships": [{
		"from": "shop.orders",
		"to": "shop.payments",
		"from_name": "Order Service",
		"to_name": "",
		"location": null,
	}]}}
	f.observed == null
	f.message == "Order Service → shop.payments is observed but not in the model"
}

test_no_finding_for_missing_relationships if {
	count(relationship_undocumented.finding) == 0 with input as {"diff": {"missing_relationships": [{
		"from": "shop.orders",
		"to": "shop.payments",
		"from_name": "Order Service",
		"to_name": "Payment Service",
	}]}}
}
