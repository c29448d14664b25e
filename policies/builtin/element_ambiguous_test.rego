package archdrift.rules.element_ambiguous_test

import data.archdrift.rules.element_ambiguous

test_ambiguous_match_is_a_notice if {
	element_ambiguous.finding == {{
		"rule": "element.ambiguous",
		"severity": "notice",
		"message": "kubernetes:main/deployment/orders matches several documented elements: shop.orders, shop.orders_db; map it explicitly",
		"observed": "kubernetes:main/deployment/orders",
		"documented": null,
		"location": {"file": "deploy/orders.yaml", "line": 3},
		"adr": null,
	}} with input as {"diff": {"ambiguous": [{
		"observed": "kubernetes:main/deployment/orders",
		"candidates": ["shop.orders", "shop.orders_db"],
		"location": {"file": "deploy/orders.yaml", "line": 3},
	}]}}
}

test_no_finding_for_other_facts if {
	count(element_ambiguous.finding) == 0 with input as {"diff": {
		"ambiguous": [],
		"matches": [{"documented": "shop.orders", "observed": ["kubernetes:main/deployment/orders"], "via": "name"}],
	}}
}
