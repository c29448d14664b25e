package archdrift.rules.element_missing_test

import data.archdrift.rules.element_missing

test_missing_element_is_a_warning if {
	element_missing.finding == {{
		"rule": "element.missing",
		"severity": "warning",
		"message": "Legacy Billing (shopflow.billing) is in the model but no scanner found it",
		"observed": null,
		"documented": "shopflow.billing",
		"location": {"file": "workspace.dsl", "line": 42, "column": 13},
		"adr": null,
	}} with input as {"diff": {"missing_elements": [{
		"id": "shopflow.billing",
		"name": "Legacy Billing",
		"display": "Legacy Billing",
		"location": {"file": "workspace.dsl", "line": 42, "column": 13},
	}]}}
}

test_message_falls_back_to_id if {
	some f in element_missing.finding with input as {"diff": {"missing_elements": [{"id": "shopflow.billing", "name": ""}]}}
	f.message == "shopflow.billing (shopflow.billing) is in the model but no scanner found it"
}

test_one_finding_per_fact if {
	count(element_missing.finding) == 2 with input as {"diff": {"missing_elements": [
		{"id": "shopflow.billing", "name": "Billing"},
		{"id": "shopflow.search", "name": "Search"},
	]}}
}

test_no_finding_for_other_facts if {
	count(element_missing.finding) == 0 with input as {"diff": {
		"missing_elements": null,
		"undocumented_elements": [{"id": "kubernetes:main/deployment/x", "display": "Deployment main/x"}],
	}}
}
