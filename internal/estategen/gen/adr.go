package gen

import (
	"fmt"
	"strings"
)

// adrs writes docs/adr/NNNN-title.md, Nygard format: per domain, one ADR
// that fixes the store's technology and one that says who may use the
// store; some domains also have a proposed ADR, which what runs breaks.
func (e *estate) adrs() {
	n := 0
	write := func(d *domain, title, status, context, decision, constraints, consequences string) {
		n++
		slug := strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				return r
			case r >= 'A' && r <= 'Z':
				return r + 'a' - 'A'
			}
			return '-'
		}, title)
		date := fmt.Sprintf("%d-%02d-%02d", 2021+n%4, 1+n%12, 1+n%28)
		fmt.Fprintf(e.file(fmt.Sprintf("docs/adr/%04d-%s.md", n, slug)), `# %d. %s

Date: %s

## Status

%s

## Context

%s

## Decision

%s

`+"```archdrift\n%s```"+`

## Consequences

%s
`, n, title, date, status, context, decision, constraints, consequences)
	}
	for _, d := range e.domains {
		t := d.title
		write(d, "Use PostgreSQL for the "+t+" store", "Accepted",
			fmt.Sprintf("The %s team needs a relational store with transactions across its tables, and the platform team supports one engine well.", t),
			fmt.Sprintf("%s keeps its data in PostgreSQL on Amazon RDS.", t),
			fmt.Sprintf("- technology: %q\n  allow: [PostgreSQL]\n", t+" Store"),
			"Migrations run as a Kubernetes Job before each release. Other engines need a new ADR.")
		write(d, "Only the "+t+" API and jobs use the "+t+" store", "Accepted",
			fmt.Sprintf("Workers that read the %s store directly bypass the API's invariants and make schema changes unsafe.", t),
			fmt.Sprintf("Only the %[1]s API and the %[1]s jobs function connect to the %[1]s store; workers go through the API and take their work from the %[1]s events queue.", t),
			fmt.Sprintf("- only: %q\n- require: %q\n", t+" API, "+t+" Jobs -> "+t+" Store", t+" Workers -> "+t+" Events"),
			"The store's schema is private to the API. Workers scale independently of the database.")
		if d.has(proposed) {
			write(d, "Route "+t+" web traffic through the edge gateway", "Proposed",
				fmt.Sprintf("The %[1]s front end calls the %[1]s API directly, outside the gateway's rate limits.", t),
				fmt.Sprintf("The %[1]s front end no longer calls the %[1]s API directly.", t),
				fmt.Sprintf("- deny: %q\n", t+" Web -> "+t+" API"),
				"Until this is accepted the front end keeps calling the API directly.")
			// The edge is lifted from the first observed edge between the two,
			// in ID order: the compose stack's.
			e.plant("adr.violation", d.docID("Web")+"->"+d.docID("Api"),
				"compose:dev/"+d.slug+"/"+d.name("web")+"->compose:dev/"+d.slug+"/"+d.name("api"))
		}
	}
	e.counts.ADRs = n
}
