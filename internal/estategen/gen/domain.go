package gen

import (
	"strconv"
	"strings"
)

// domainWords name the domains. None is a word that name matching strips
// (service, app, db …), an environment marker (prod, test …) or the name of
// a technology or image (kafka, nginx …), and no word is another followed by
// a role (api, web, store …), so that every documented name is unique after
// normalisation. Past the list, words repeat with a number: billing2.
var domainWords = []string{
	"billing", "ledger", "catalog", "inventory", "pricing", "checkout", "shipping", "returns",
	"loyalty", "reviews", "identity", "accounts", "payouts", "invoicing", "tax", "fraud",
	"risk", "onboarding", "support", "messaging", "analytics", "reporting", "recommendations", "media",
	"content", "subscriptions", "promotions", "warehouse", "fulfilment", "procurement", "suppliers", "contracts",
	"compliance", "audit", "treasury", "payroll", "scheduling", "bookings", "rentals", "claims",
	"quotes", "policies", "underwriting", "lending", "cards", "transfers", "statements", "rewards",
	"referrals", "partners", "marketplace", "listings", "orders", "carts", "wishlists", "feedback",
	"surveys", "forecasting", "routing", "tracking",
}

// domain is one team's part of the estate.
type domain struct {
	index int
	// slug names it in Kubernetes and Terraform ("billing", "billing2").
	slug string
	// title names it in the model ("Billing", "Billing2").
	title string
	// ident starts its identifiers ("billing", "billing2").
	ident string
	// prev is the domain whose API and bucket this one uses (nil for the
	// first).
	prev *domain

	crons    int    // cron jobs (the other workloads are fixed)
	params   int    // SSM parameters
	replicas int    // API replicas
	version  string // image tag
	drift    drift
}

func newDomain(i int) *domain {
	w := domainWords[i%len(domainWords)]
	if n := i / len(domainWords); n > 0 {
		w += strconv.Itoa(n + 1)
	}
	return &domain{index: i, slug: w, title: strings.ToUpper(w[:1]) + w[1:], ident: w}
}

// workers is how many worker Deployments the domain runs: 20 workloads in
// all, with the API, the web front end, the cache, the cron jobs and the
// migration job.
func (d *domain) workers() int { return 20 - 4 - d.crons }

// The documented identifiers of the domain's elements.
func (d *domain) docID(role string) string { return "estate." + d.ident + role }

// Kubernetes workload IDs as the scanner makes them.
func (d *domain) k8sID(kind, name string) string {
	return "kubernetes:" + d.slug + "/" + strings.ToLower(kind) + "/" + name
}

// tfID is the observed ID of a resource of the domain's module, as the
// Terraform scanner makes it: the module's directory, then the address
// with the call path.
func (d *domain) tfID(addr string) string {
	return "terraform:terraform/modules/" + d.slug + "/module." + d.slug + "." + addr
}

// name is "<slug>-<role>", the way the domain names what it runs.
func (d *domain) name(role string) string { return d.slug + "-" + role }

var cronNames = []string{"report", "cleanup", "export", "sync", "reindex", "digest"}
