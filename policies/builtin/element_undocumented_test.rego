package archdrift.rules.element_undocumented_test

import data.archdrift.rules.element_undocumented

test_undocumented_element_is_an_error if {
	element_undocumented.finding == {{
		"rule": "element.undocumented",
		"severity": "error",
		"message": "Deployment main/recommendation-service is not in the model",
		"observed": "kubernetes:main/deployment/recommendation-service",
		"documented": null,
		"location": {"file": "deploy/k8s/recommendation.yaml", "line": 1},
		"adr": null,
	}} with input as {"diff": {"undocumented_elements": [{
		"id": "kubernetes:main/deployment/recommendation-service",
		"name": "recommendation-service",
		"display": "Deployment main/recommendation-service",
		"location": {"file": "deploy/k8s/recommendation.yaml", "line": 1},
	}]}}
}

test_message_falls_back_to_name_then_id if {
	messages := {f.message | some f in element_undocumented.finding} with input as {"diff": {"undocumented_elements": [
		{"id": "terraform:aws_sqs_queue.jobs", "name": "jobs", "display": ""},
		{"id": "compose:cache"},
	]}}
	messages == {"jobs is not in the model", "compose:cache is not in the model"}
}

test_missing_location_is_null if {
	some f in element_undocumented.finding with input as {"diff": {"undocumented_elements": [{"id": "compose:cache"}]}}
	f.location == null
}

test_no_finding_for_other_facts if {
	count(element_undocumented.finding) == 0 with input as {"diff": {
		"undocumented_elements": [],
		"missing_elements": [{"id": "shop.orders", "name": "Orders"}],
		"ambiguous": [{"observed": "kubernetes:main/deployment/orders", "candidates": ["a", "b"]}],
	}}
}

test_no_finding_without_diff if {
	count(element_undocumented.finding) == 0 with input as {}
}
