package policies

import (
	"strings"

	"github.com/archdrift/archdrift/config"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// Grade applies a team's settings to the findings the rules produced:
// per-rule severity overrides or "off" (config rules:), suppressions with a
// reason (config ignore:), and archdrift.ignore properties written on
// documented elements and relationships. It returns the findings that still
// count and the ones silenced, each saying by what and why. Rules decide what
// is drift; Grade only lets a team re-grade or silence it without Rego.
func Grade(findings []report.Finding, cfg *config.Config, documented *model.Graph) (kept []report.Finding, suppressed []report.Suppressed) {
	inline := inlineIgnores(documented)
	for _, f := range findings {
		if cfg != nil {
			if sev, ok := cfg.Rules[f.Rule]; ok {
				if sev == "off" {
					suppressed = append(suppressed, report.Suppressed{Finding: f, By: "config", Reason: "rule turned off in rules:"})
					continue
				}
				f.Severity = report.Severity(sev)
			}
			if reason, ok := configIgnore(cfg, f); ok {
				suppressed = append(suppressed, report.Suppressed{Finding: f, By: "config", Reason: reason})
				continue
			}
		}
		if reason, ok := inline.match(f); ok {
			suppressed = append(suppressed, report.Suppressed{Finding: f, By: "model", Reason: reason})
			continue
		}
		kept = append(kept, f)
	}
	return kept, suppressed
}

func configIgnore(cfg *config.Config, f report.Finding) (string, bool) {
	for _, ig := range cfg.Ignore {
		if ig.Rule != "*" && ig.Rule != f.Rule {
			continue
		}
		if ig.Element != "" && !matchesAnyID(ig.Element, f) {
			continue
		}
		if ig.Path != "" && (f.Location == nil || !config.MatchGlob(ig.Path, f.Location.File)) {
			continue
		}
		return ig.Reason, true
	}
	return "", false
}

// matchesAnyID matches a glob against the finding's documented or observed
// IDs; a relationship finding ("a->b") also matches by either end.
func matchesAnyID(glob string, f report.Finding) bool {
	for _, p := range []*string{f.Documented, f.Observed} {
		if p == nil {
			continue
		}
		ids := append([]string{*p}, strings.Split(*p, "->")...)
		for _, id := range ids {
			if config.MatchGlob(glob, id) {
				return true
			}
		}
	}
	return false
}

// inlineSet holds archdrift.ignore properties by documented ID ("a" for an
// element, "a->b" for a relationship) and rule.
type inlineSet map[string]map[string]string

// inlineIgnores reads "rule: reason" entries (several separated by ';') of
// the archdrift.ignore property on documented elements and relationships.
func inlineIgnores(g *model.Graph) inlineSet {
	set := inlineSet{}
	if g == nil {
		return set
	}
	add := func(id, prop string) {
		for _, entry := range strings.Split(prop, ";") {
			rule, reason, ok := strings.Cut(entry, ":")
			rule, reason = strings.TrimSpace(rule), strings.TrimSpace(reason)
			if !ok || rule == "" || reason == "" {
				continue // a suppression without a reason is not honoured
			}
			if set[id] == nil {
				set[id] = map[string]string{}
			}
			set[id][rule] = reason
		}
	}
	for _, e := range g.Elements() {
		if p := e.Properties[model.PropIgnore]; p != "" {
			add(e.ID, p)
		}
	}
	for _, r := range g.Relationships() {
		if p := r.Properties[model.PropIgnore]; p != "" {
			add(r.From+"->"+r.To, p)
		}
	}
	return set
}

func (s inlineSet) match(f report.Finding) (string, bool) {
	if f.Documented == nil {
		return "", false
	}
	ids := []string{*f.Documented}
	if strings.Contains(*f.Documented, "->") {
		ids = append(ids, strings.Split(*f.Documented, "->")...)
	}
	for _, id := range ids {
		if reason, ok := s[id][f.Rule]; ok {
			return reason, true
		}
		if reason, ok := s[id]["*"]; ok {
			return reason, true
		}
	}
	return "", false
}
