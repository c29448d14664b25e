package structurizr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/internal/corpus"
	"github.com/archdrift/archdrift/model"
)

// corpusDir returns ../shared/corpus/<sub>, or skips the test: a fresh clone
// has no corpus.
func corpusDir(t *testing.T, sub string) string {
	t.Helper()
	return corpus.Dir(t, sub)
}

// isWorkspaceFile is the rule that tells workspaces from fragments made to
// be included: a workspace's first statement, after comments and !constant,
// !const or !var lines, is "workspace". Fragments (model/people.dsl,
// views/styles.dsl …) start with anything else.
func isWorkspaceFile(src []byte) bool {
	budget := maxTokens
	l := newLexer("", decodeSource(src), &budget)
	lineStart := true
	skipping := false
	for {
		tok, err := l.next()
		if err != nil || tok.kind == tokEOF {
			return false
		}
		switch {
		case tok.kind == tokNewline:
			lineStart, skipping = true, false
		case skipping:
		case lineStart && (tok.is("!constant") || tok.is("!const") || tok.is("!var")):
			skipping, lineStart = true, false
		default:
			return tok.is("workspace")
		}
	}
}

// brokenFile matches the corpus files that are deliberately invalid.
var brokenFile = regexp.MustCompile(`^(unexpected-tokens-.*|multiple-.*-tokens|multi-line-with-error)\.dsl$`)

// brokenAt is where each deliberately broken file must fail, found by
// reading it: the first statement Structurizr itself rejects.
var brokenAt = map[string]string{
	"multi-line-with-error.dsl":              "multi-line-with-error.dsl:8:17", // component inside a software system
	"multiple-model-tokens.dsl":              "multiple-model-tokens.dsl:7:5",
	"multiple-view-tokens.dsl":               "multiple-view-tokens.dsl:13:5",
	"multiple-workspace-tokens.dsl":          "multiple-workspace-tokens.dsl:9:1",
	"unexpected-tokens-after-workspace.dsl":  "unexpected-tokens-after-workspace.dsl:4:1",
	"unexpected-tokens-before-workspace.dsl": "unexpected-tokens-before-workspace.dsl:1:1",
	"unexpected-tokens-in-workspace.dsl":     "unexpected-tokens-in-workspace.dsl:3:5",
}

// knownFailures lists valid corpus workspaces this reader does not parse,
// with the reason. The test fails when one of them starts parsing, so the
// list stays honest. It is empty today: every valid workspace parses.
var knownFailures = map[string]string{}

// TestCorpus parses every workspace file (by the isWorkspaceFile rule)
// under structurizr-dsl-tests and structurizr-examples, recursively. Each
// folder is the root of its own file system, so includes and extends are
// confined to it.
func TestCorpus(t *testing.T) {
	total, parsed := 0, 0
	for _, sub := range []string{"structurizr-dsl-tests", "structurizr-examples"} {
		root := corpusDir(t, sub)
		fsys := os.DirFS(root)
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(name, ".dsl") {
				return err
			}
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			if !isWorkspaceFile(src) && !brokenFile.MatchString(filepath.Base(name)) {
				return nil // a fragment, read through the workspaces that include it
			}
			key := sub + "/" + name
			ws, perr := ParseFile(fsys, name)
			if brokenFile.MatchString(filepath.Base(name)) {
				checkBroken(t, key, name, perr)
				return nil
			}
			total++
			reason, known := knownFailures[key]
			switch {
			case perr != nil && known:
				t.Logf("%s: known failure (%s): %v", key, reason, perr)
			case perr != nil:
				t.Errorf("%s: %v", key, perr)
			case known:
				t.Errorf("%s parses now: remove it from knownFailures (%s)", key, reason)
				parsed++
			default:
				parsed++
				checkJVM(t, key, src, ws)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if total < 60 {
		t.Fatalf("only %d workspace files found: is the corpus complete?", total)
	}
	rate := float64(parsed) / float64(total)
	t.Logf("%d of %d valid workspaces parse (%.1f%%)", parsed, total, 100*rate)
	if rate < 0.95 {
		t.Errorf("parse rate %.1f%% < 95%%", 100*rate)
	}
}

func checkBroken(t *testing.T, key, name string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: error = %v, want *Error", key, err)
		return
	}
	want, ok := brokenAt[filepath.Base(name)]
	if !ok {
		t.Errorf("%s: a broken file with no expected position: add it to brokenAt (%v)", key, err)
		return
	}
	if got := fmt.Sprintf("%s:%d:%d", filepath.Base(e.File), e.Line, e.Column); got != want {
		t.Errorf("%s: error at %s, want %s (%v)", key, got, want, err)
	}
}

// checkJVM requires a diagnostic for every !script and !plugin: the reader
// must say what it did not run.
func checkJVM(t *testing.T, key string, src []byte, ws *Workspace) {
	t.Helper()
	for _, kw := range []string{"!script", "!plugin"} {
		if !strings.Contains(string(src), kw) {
			continue
		}
		found := false
		for _, d := range ws.Diagnostics {
			if strings.Contains(d.Message, kw) && strings.Contains(d.Message, "skipped") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s uses %s but has no diagnostic saying it was skipped", key, kw)
		}
	}
}

// TestCorpusCounts checks element and relationship counts, counted by hand
// from the files.
func TestCorpusCounts(t *testing.T) {
	for _, tc := range []struct {
		sub, file string
		kinds     map[model.Kind]int
		rels      int
		diags     int
	}{
		{
			// big-bank-plc/workspace.dsl: people customer, supportStaff,
			// backoffice (3); systems mainframe, email, atm,
			// internetBankingSystem (4); containers singlePageApplication,
			// mobileApp, webApplication, apiApplication, database (5);
			// components signin, accountsSummary, resetPassword controllers,
			// securityComponent, mainframeBankingSystemFacade,
			// emailComponent (6). Deployment nodes: Development has
			// Developer Laptop > {Web Browser, Docker Container - Web Server
			// > Apache Tomcat, Docker Container - Database Server > Database
			// Server} and Big Bank plc > bigbank-dev001 (8); Live has
			// Customer's mobile device, Customer's computer > Web Browser,
			// Big Bank plc > {bigbank-web*** > Apache Tomcat, bigbank-api***
			// > Apache Tomcat, bigbank-db01 > Oracle - Primary,
			// bigbank-db02 > Oracle - Secondary, bigbank-prod001} (13).
			// The 10 container and system instances are not elements.
			// Relationships: 9 between people and systems, 4 to or from
			// containers, 13 to or from components, 1 between the database
			// servers = 27.
			sub: "structurizr-examples", file: "big-bank-plc/workspace.dsl",
			kinds: map[model.Kind]int{model.KindPerson: 3, model.KindSystem: 4, model.KindContainer: 5, model.KindComponent: 6, model.KindDeploymentNode: 21},
			rels:  27,
		},
		{
			// The same model split in two: model.dsl (3 people, 4 systems,
			// the 9 people/system relationships) extended with the
			// containers, components, deployment and the other 18
			// relationships.
			sub: "structurizr-examples", file: "big-bank-plc/internet-banking-system/workspace.dsl",
			kinds: map[model.Kind]int{model.KindPerson: 3, model.KindSystem: 4, model.KindContainer: 5, model.KindComponent: 6, model.KindDeploymentNode: 21},
			rels:  27,
		},
		{
			// microservices: person user; systems A, B and C (B and C
			// through the externalSoftwareSystem archetype); containers
			// nginx, spa, 8 service APIs (api archetype) and 8 datastores
			// (datastore archetype) = 18, in 8 groups (microservice
			// archetype). Relationships: 8 "serviceNApi -> this" in the
			// datastores, service5Api -> B, service6Api -> C, user -> nginx,
			// nginx -> spa, user -> spa, spa -> service1..5Api (5), and 8
			// between APIs = 26.
			sub: "structurizr-examples", file: "microservices/workspace.dsl",
			kinds: map[model.Kind]int{model.KindPerson: 1, model.KindSystem: 3, model.KindContainer: 18},
			rels:  26,
		},
		{
			// amazon-web-services: system x with containers wa and db;
			// deployment nodes Amazon Web Services > US-East-1 >
			// {Autoscaling group > Amazon EC2 - Ubuntu server, Amazon RDS >
			// MySQL} (6); infrastructure nodes dns and lb (2).
			// Relationships: wa -> db, dns -> lb, lb -> the wa instance
			// (stored as lb -> x.wa) = 3.
			sub: "structurizr-examples", file: "amazon-web-services/workspace.dsl",
			kinds: map[model.Kind]int{model.KindSystem: 1, model.KindContainer: 2, model.KindDeploymentNode: 6, model.KindInfrastructureNode: 2},
			rels:  3,
		},
		{
			// financial-risk-system: people businessUser and
			// configurationUser; 7 software systems; 9 relationships.
			sub: "structurizr-examples", file: "financial-risk-system/workspace.dsl",
			kinds: map[model.Kind]int{model.KindPerson: 2, model.KindSystem: 7},
			rels:  9,
		},
		{
			// test.dsl: person user; systems Software System and E-mail
			// System; container webApplication; component
			// homePageController; Development: deployment node Amazon Web
			// Services; Live: deployment nodes Amazon Web Services and
			// Amazon Web Services - EC2, infrastructure node Elastic Load
			// Balancer. The custom elements box1 and box2 (and box1 ->
			// box2) are outside C4: 2 diagnostics. One relationship: user
			// -> HomePageController.
			sub: "structurizr-dsl-tests", file: "test.dsl",
			kinds: map[model.Kind]int{model.KindPerson: 1, model.KindSystem: 2, model.KindContainer: 1, model.KindComponent: 1, model.KindDeploymentNode: 3, model.KindInfrastructureNode: 1},
			rels:  1,
			diags: 2,
		},
		{
			// extend-workspace-from-json-file.dsl extends workspace.json:
			// user, Software System 1 to 3, webapp and db in system 3; the
			// DSL adds webapp1 and webapp2 to system 1 (once by identifier,
			// once by canonical name) and user -> softwareSystem1,
			// softwareSystem3.webapp -> softwareSystem3.db.
			sub: "structurizr-dsl-tests", file: "extend/extend-workspace-from-json-file.dsl",
			kinds: map[model.Kind]int{model.KindPerson: 1, model.KindSystem: 3, model.KindContainer: 4},
			rels:  2,
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			fsys := os.DirFS(corpusDir(t, tc.sub))
			ws, err := ParseFile(fsys, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			got := map[model.Kind]int{}
			for _, e := range ws.Graph.Elements() {
				got[e.Kind]++
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.kinds) {
				t.Errorf("elements by kind = %v, want %v", got, tc.kinds)
			}
			if n := len(ws.Graph.Relationships()); n != tc.rels {
				t.Errorf("%d relationships, want %d", n, tc.rels)
			}
			if len(ws.Diagnostics) != tc.diags {
				t.Errorf("%d diagnostics, want %d:\n%s", len(ws.Diagnostics), tc.diags, diagText(ws.Diagnostics))
			}
		})
	}
}
