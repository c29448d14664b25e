package archdrift.rules.team_owner_test

import data.archdrift.rules.team_owner

# trace is refused by the engine's sandbox: New must skip _test.rego files,
# or loading this directory fails.
test_owner_missing if {
	trace("checking the owner rule")
	count(team_owner.finding) == 1 with input as {"observed": {"elements": [
		{"id": "k:a", "name": "a", "group": "main", "properties": {}, "sources": [{"file": "a.yaml", "line": 1}]},
	]}}
}
