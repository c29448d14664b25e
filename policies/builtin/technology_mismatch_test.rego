package archdrift.rules.technology_mismatch_test

import data.archdrift.rules.technology_mismatch

test_technology_mismatch_is_a_warning if {
	technology_mismatch.finding == {{
		"rule": "technology.mismatch",
		"severity": "warning",
		"message": "Database is documented as PostgreSQL but runs MySQL",
		"observed": "terraform:aws_db_instance.main",
		"documented": "shop.db",
		"location": {"file": "infra/db.tf", "line": 1},
		"adr": null,
	}} with input as {"diff": {"technology_mismatches": [{
		"documented": "shop.db",
		"documented_name": "Database",
		"observed": "terraform:aws_db_instance.main",
		"documented_technology": "PostgreSQL",
		"observed_technology": "MySQL",
		"location": {"file": "infra/db.tf", "line": 1},
	}]}}
}

test_message_falls_back_to_documented_id if {
	some f in technology_mismatch.finding with input as {"diff": {"technology_mismatches": [{
		"documented": "shop.db",
		"observed": "terraform:aws_db_instance.main",
		"documented_technology": "PostgreSQL",
		"observed_technology": "MySQL",
	}]}}
	f.message == "shop.db is documented as PostgreSQL but runs MySQL"
}

test_no_finding_without_mismatch if {
	count(technology_mismatch.finding) == 0 with input as {"diff": {"technology_mismatches": []}}
}
