package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/ghaction"
	"github.com/archdrift/archdrift/ghaction/ghtest"
	"github.com/archdrift/archdrift/report"
	"github.com/archdrift/archdrift/reporters"
)

// action is action.yml, decoded strictly so that a misspelt key fails.
type action struct {
	Name        string
	Description string
	Author      string
	Branding    map[string]string
	Inputs      map[string]struct {
		Description string
		Default     string
		Required    bool
	}
	Outputs map[string]struct {
		Description string
		Value       string
	}
	Runs struct {
		Using string
		Steps []actionStep
	}
}

type actionStep struct {
	Name  string
	ID    string `yaml:"id"`
	If    string `yaml:"if"`
	Uses  string
	Shell string
	Run   string
	Env   map[string]string
	With  map[string]string
}

func readAction(t *testing.T) *action {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var a action
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a
}

// expression is a ${{ … }} in action.yml.
var expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// cliFlag is a long flag in a run script.
var cliFlag = regexp.MustCompile(`(?:^|[\s("])--([a-z][a-z0-9-]*)`)

func TestActionDefinition(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	wantInputs := []string{"adr-dir", "comment", "config", "fail-on", "github-token", "mode", "model", "path", "sarif", "scanners"}
	var inputs []string
	for name := range a.Inputs {
		inputs = append(inputs, name)
	}
	slices.Sort(inputs)
	if d := cmp.Diff(wantInputs, inputs); d != "" {
		t.Errorf("inputs (-want +got):\n%s", d)
	}
	for name, want := range map[string]string{"comment": "true", "github-token": "${{ github.token }}", "mode": "auto", "sarif": "", "path": "."} {
		if got := a.Inputs[name].Default; got != want {
			t.Errorf("input %s defaults to %q, want %q", name, got, want)
		}
	}

	// Where inputs may be used: step env, with and if (never run text).
	var uses []string
	for _, s := range a.Runs.Steps {
		uses = append(uses, s.If)
		for _, v := range s.Env {
			uses = append(uses, v)
		}
		for _, v := range s.With {
			uses = append(uses, v)
		}
	}
	for name := range a.Inputs {
		re := regexp.MustCompile(`\binputs\.` + regexp.QuoteMeta(name) + `(?:[^a-zA-Z0-9_-]|$)`)
		if !slices.ContainsFunc(uses, re.MatchString) {
			t.Errorf("input %s is never used", name)
		}
	}

	check, _, err := newRootCmd(io.Discard, io.Discard).Find([]string{"check"})
	if err != nil {
		t.Fatal(err)
	}
	callsArchdrift := false
	for _, s := range a.Runs.Steps {
		switch {
		case s.Uses != "":
			if !regexp.MustCompile(`^(actions/setup-go|github/codeql-action/upload-sarif)@v\d+$`).MatchString(s.Uses) {
				t.Errorf("step %q uses %s: want one of the two known actions, pinned to a major version", s.Name, s.Uses)
			}
			continue
		case s.Shell != "bash":
			t.Errorf("step %q: shell %q, want bash", s.Name, s.Shell)
		}
		// Script injection: an input inside run text would be pasted into
		// the script before bash reads it.
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q has ${{ }} in its run text: pass it through env", s.Name)
		}
		for name := range s.Env {
			if name != "GITHUB_TOKEN" && !regexp.MustCompile(`\$\{?`+name+`\b`).MatchString(s.Run) {
				t.Errorf("step %q sets %s but its script does not read it", s.Name, name)
			}
		}
		if !strings.Contains(s.Run, "archdrift \"${args[@]}\"") {
			continue
		}
		callsArchdrift = true
		if !strings.Contains(s.Run, "args=(check ") {
			t.Errorf("step %q does not run archdrift check", s.Name)
		}
		for _, m := range cliFlag.FindAllStringSubmatch(s.Run, -1) {
			if check.Flags().Lookup(m[1]) == nil {
				t.Errorf("step %q passes --%s, which archdrift check does not have", s.Name, m[1])
			}
		}
		if s.Env["GITHUB_TOKEN"] != "${{ inputs.github-token }}" {
			t.Errorf("step %q: GITHUB_TOKEN = %q, want the github-token input", s.Name, s.Env["GITHUB_TOKEN"])
		}
	}
	if !callsArchdrift {
		t.Error("no step runs archdrift")
	}

	// Every output comes from a step that exists.
	for name, o := range a.Outputs {
		m := regexp.MustCompile(`^\$\{\{ steps\.([a-z-]+)\.outputs\.([a-z-]+) \}\}$`).FindStringSubmatch(o.Value)
		if m == nil {
			t.Errorf("output %s = %q: want ${{ steps.ID.outputs.NAME }}", name, o.Value)
			continue
		}
		if !slices.ContainsFunc(a.Runs.Steps, func(s actionStep) bool { return s.ID == m[1] }) {
			t.Errorf("output %s reads step %s, which does not exist", name, m[1])
		}
	}
}

// actionRun runs the action's shell steps the way the runner does: bash
// --noprofile --norc -eo pipefail, with env expressions evaluated, a fresh
// GITHUB_OUTPUT per step, and GITHUB_PATH additions on later steps' PATH.
// Steps that use other actions (setup-go, upload-sarif) are skipped.
type actionRun struct {
	t         *testing.T
	a         *action
	inputs    map[string]string
	env       map[string]string // the runner's GITHUB_* environment
	workspace string
	temp      string
	path      []string // GITHUB_PATH additions
	outputs   map[string]map[string]string
	summary   strings.Builder
	logs      strings.Builder
	failed    string // the step that failed
	code      int
}

func (r *actionRun) eval(s string) string {
	r.t.Helper()
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		expr := expression.FindStringSubmatch(m)[1]
		switch {
		case strings.HasPrefix(expr, "inputs."):
			name := strings.TrimPrefix(expr, "inputs.")
			if v, ok := r.inputs[name]; ok {
				return v
			}
			in, ok := r.a.Inputs[name]
			if !ok {
				r.t.Fatalf("%s: no such input", m)
			}
			return r.eval(in.Default)
		case expr == "github.token":
			return fakeToken
		case expr == "github.action_path":
			return r.workspace // the action is this repository
		case strings.HasPrefix(expr, "steps."):
			parts := strings.Split(expr, ".")
			if len(parts) == 4 && parts[2] == "outputs" {
				return r.outputs[parts[1]][parts[3]]
			}
		}
		r.t.Fatalf("%s: the test does not know this expression", m)
		return ""
	})
}

// step runs one shell step and reports whether it succeeded.
func (r *actionRun) step(s actionStep) bool {
	t := r.t
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"GITHUB_OUTPUT": "output", "GITHUB_STEP_SUMMARY": "summary.md", "GITHUB_PATH": "path", "GITHUB_ENV": "env"}
	env := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "GITHUB_") && !strings.HasPrefix(k, "RUNNER_") && !strings.HasPrefix(k, "ACTIONS_") && !strings.HasPrefix(k, "INPUT_") {
			env[k] = v
		}
	}
	for k, v := range r.env {
		env[k] = v
	}
	for k, name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		env[k] = p
	}
	for k, v := range s.Env {
		env[k] = r.eval(v)
	}
	env["PATH"] = strings.Join(append(slices.Clone(r.path), env["PATH"]), string(os.PathListSeparator))
	script := filepath.Join(dir, "script.sh")
	if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = r.workspace
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	fmt.Fprintf(&r.logs, "== %s\n%s", s.Name, out.String())
	read := func(k string) string {
		b, err := os.ReadFile(env[k])
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	r.summary.WriteString(read("GITHUB_STEP_SUMMARY"))
	for _, line := range strings.Split(read("GITHUB_PATH"), "\n") {
		if line != "" {
			r.path = append([]string{line}, r.path...)
		}
	}
	if s.ID != "" {
		r.outputs[s.ID] = parseOutputs(t, read("GITHUB_OUTPUT"))
	}
	if err != nil {
		r.failed = s.Name
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
		} else {
			t.Fatalf("step %q: %v", s.Name, err)
		}
		return false
	}
	return true
}

// report reads the JSON report the report-json output names.
func (r *actionRun) report(t *testing.T) *report.Report {
	t.Helper()
	name := r.outputs["check"]["report-json"]
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("report-json: %v", err)
	}
	var rep report.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report-json %s: %v", name, err)
	}
	return &rep
}

// parseOutputs reads a GITHUB_OUTPUT file: name=value lines, and
// name<<DELIMITER blocks.
func parseOutputs(t *testing.T, text string) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var lines []string
			for sc.Scan() && sc.Text() != delim {
				lines = append(lines, sc.Text())
			}
			out[name] = strings.Join(lines, "\n")
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("GITHUB_OUTPUT line %q is neither name=value nor name<<DELIMITER", line)
		}
		out[name] = value
	}
	return out
}

const fakeToken = "ghs_fakeRunnerToken0123456789"

const prHead = "0123456789abcdef0123456789abcdef01234567"

// buildOnce runs the action's build step once for every scenario and
// returns the GITHUB_PATH it added (the binary the later steps run).
func buildOnce(t *testing.T, a *action, workspace string) []string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH: the build step cannot run")
	}
	temp := t.TempDir()
	r := &actionRun{t: t, a: a, workspace: workspace, temp: temp, outputs: map[string]map[string]string{},
		env: map[string]string{"RUNNER_TEMP": temp}}
	for _, s := range a.Runs.Steps {
		if s.Name == "Build archdrift" {
			if !r.step(s) {
				t.Fatalf("build step failed:\n%s", r.logs.String())
			}
			if len(r.path) != 1 {
				t.Fatalf("build step added %v to GITHUB_PATH, want the binary's directory", r.path)
			}
			return r.path
		}
	}
	t.Fatal("no step named Build archdrift")
	return nil
}

func TestActionRuns(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	a := readAction(t)
	workspace, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	bin := buildOnce(t, a, workspace)

	tests := []struct {
		name      string
		event     string
		inputs    map[string]string
		setup     func(srv *ghtest.Server)
		failed    string // the step that fails, "" for none
		code      int
		outputs   map[string]string
		requests  []string
		check     func(t *testing.T, r *actionRun, srv *ghtest.Server)
		sarifFile bool
		stale     bool // the report has doc.stale
	}{
		{
			name:   "pull request with drift",
			event:  "pull_request",
			inputs: map[string]string{"path": "testdata/shopflow", "sarif": "SARIF"},
			setup: func(srv *ghtest.Server) {
				srv.SetPullRequestFiles(7, "testdata/shopflow/deploy/k8s/main/order-service.yaml", "README.md")
			},
			failed:  "Gate on drift",
			code:    1,
			outputs: map[string]string{"exit-code": "1"},
			stale:   true,
			requests: []string{
				"GET /repos/acme/shop/pulls/7/files?per_page=100",
				"GET /repos/acme/shop/issues/7/comments?per_page=100",
				"POST /repos/acme/shop/issues/7/comments",
				"POST /repos/acme/shop/check-runs",
			},
			sarifFile: true,
			check: func(t *testing.T, r *actionRun, srv *ghtest.Server) {
				comments := srv.Comments(7)
				if len(comments) != 1 || !strings.HasPrefix(comments[0].Body, reporters.MarkdownMarker) || !strings.Contains(comments[0].Body, "doc.stale") {
					t.Errorf("want one sticky comment reporting doc.stale, got %+v", comments)
				}
				if !strings.Contains(comments[0].Body, "https://github.com/acme/shop/blob/"+prHead+"/testdata/shopflow/deploy/k8s/main/order-service.yaml#L10") {
					t.Errorf("the comment does not link the finding to the pull request's head:\n%s", comments[0].Body)
				}
				located := 0
				for _, f := range r.report(t).Findings {
					if f.Location != nil {
						located++
					}
				}
				runs := srv.CheckRuns()
				if len(runs) != 1 || runs[0].HeadSHA != prHead || runs[0].Conclusion != "failure" || len(runs[0].Annotations) != located {
					t.Fatalf("check runs %+v: want one on the head, failed, with %d annotations", runs, located)
				}
				if p := runs[0].Annotations[0]["path"]; !strings.HasPrefix(p.(string), "testdata/shopflow/") {
					t.Errorf("annotation path %v is not relative to the repository", p)
				}
				if !strings.Contains(r.logs.String(), "element.undocumented") {
					t.Errorf("the text report is not in the log:\n%s", r.logs.String())
				}
			},
		},
		{
			name:    "fork pull request with a read-only token",
			event:   "pull_request",
			inputs:  map[string]string{"path": "testdata/shopflow", "fail-on": "never"},
			setup:   func(srv *ghtest.Server) { srv.SetReadOnly(true) },
			outputs: map[string]string{"exit-code": "0"},
			requests: []string{
				"GET /repos/acme/shop/pulls/7/files?per_page=100",
				"GET /repos/acme/shop/issues/7/comments?per_page=100",
				"POST /repos/acme/shop/issues/7/comments",
				"POST /repos/acme/shop/check-runs",
			},
			check: func(t *testing.T, r *actionRun, srv *ghtest.Server) {
				if !strings.Contains(r.logs.String(), "::warning title=archdrift::archdrift could not comment on pull request #7: GitHub answered 403") {
					t.Errorf("no warning about the read-only token:\n%s", r.logs.String())
				}
				if !strings.HasPrefix(r.summary.String(), "> [!WARNING]\n> archdrift could not comment on pull request #7") {
					t.Errorf("the job summary does not open with the warning:\n%.300s", r.summary.String())
				}
			},
		},
		{
			name:    "nightly report",
			event:   "schedule",
			inputs:  map[string]string{"path": "testdata/shopflow", "fail-on": "never", "comment": "false"},
			outputs: map[string]string{"exit-code": "0"},
			requests: []string{
				"GET /repos/acme/shop/issues?direction=desc&labels=archdrift&per_page=100&sort=created&state=all",
				"POST /repos/acme/shop/issues",
			},
			check: func(t *testing.T, r *actionRun, srv *ghtest.Server) {
				issues := srv.Issues()
				if len(issues) != 1 || issues[0].Title != ghaction.IssueTitle || !slices.Equal(issues[0].Labels, []string{"archdrift"}) || !strings.HasPrefix(issues[0].Body, reporters.MarkdownMarker) {
					t.Errorf("want one drift issue, got %+v", issues)
				}
			},
		},
		{
			name:    "pull-request mode on a push is bad input",
			event:   "push",
			inputs:  map[string]string{"path": "testdata/shopflow", "mode": "pull-request"},
			failed:  "Check architecture drift",
			code:    2,
			outputs: map[string]string{},
			check: func(t *testing.T, r *actionRun, srv *ghtest.Server) {
				if !strings.Contains(r.logs.String(), `archdrift: github: mode pull-request needs a pull_request or pull_request_target event, not "push"`) {
					t.Errorf("log:\n%s", r.logs.String())
				}
			},
		},
		{
			name:    "inputs cannot inject shell",
			event:   "push",
			inputs:  map[string]string{"path": "testdata/shopflow", "model": `$(touch PWNED)"; touch PWNED; echo "`, "scanners": "`touch PWNED`"},
			failed:  "Check architecture drift",
			code:    2,
			outputs: map[string]string{},
			check: func(t *testing.T, r *actionRun, srv *ghtest.Server) {
				if _, err := os.Stat(filepath.Join(r.workspace, "PWNED")); err == nil {
					os.Remove(filepath.Join(r.workspace, "PWNED"))
					t.Error("an input ran as shell")
				}
			},
		},
		{
			name:    "comment must be a boolean",
			event:   "push",
			inputs:  map[string]string{"path": "testdata/shopflow", "comment": "maybe"},
			failed:  "Check architecture drift",
			code:    2,
			outputs: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := ghtest.New(t)
			if tt.setup != nil {
				tt.setup(srv)
			}
			temp := t.TempDir()
			inputs := map[string]string{}
			for k, v := range tt.inputs {
				inputs[k] = strings.ReplaceAll(v, "SARIF", filepath.Join(temp, "results", "archdrift.sarif"))
			}
			event := filepath.Join(temp, "event.json")
			payload := fmt.Sprintf(`{"number": 7, "pull_request": {"number": 7, "head": {"sha": %q}}}`, prHead)
			if err := os.WriteFile(event, []byte(payload), 0o644); err != nil {
				t.Fatal(err)
			}
			r := &actionRun{t: t, a: a, inputs: inputs, workspace: workspace, temp: temp, path: bin, outputs: map[string]map[string]string{},
				env: map[string]string{
					"CI": "true", "GITHUB_ACTIONS": "true",
					"GITHUB_EVENT_NAME": tt.event, "GITHUB_EVENT_PATH": event,
					"GITHUB_REPOSITORY": "acme/shop", "GITHUB_SHA": "fedcba9876543210fedcba9876543210fedcba98",
					"GITHUB_RUN_ID": "42", "GITHUB_API_URL": srv.URL, "GITHUB_SERVER_URL": "https://github.com",
					"GITHUB_WORKSPACE": workspace, "RUNNER_TEMP": temp,
				}}
			for _, s := range a.Runs.Steps {
				if s.Uses != "" || s.Name == "Build archdrift" {
					continue
				}
				if !r.step(s) {
					break
				}
			}
			if r.failed != tt.failed || r.code != tt.code {
				t.Fatalf("failed step %q (exit %d), want %q (exit %d); log:\n%s", r.failed, r.code, tt.failed, tt.code, r.logs.String())
			}
			got := r.outputs["check"]
			for k, want := range tt.outputs {
				if got[k] != want {
					t.Errorf("output %s = %q, want %q (all: %v)", k, got[k], want, got)
				}
			}
			if tt.failed != "Check architecture drift" {
				rep := r.report(t)
				sum := rep.Summary
				if want := fmt.Sprintf("%d %d %d", sum.Errors, sum.Warnings, sum.Notices); got["errors"]+" "+got["warnings"]+" "+got["notices"] != want || sum.Errors == 0 {
					t.Errorf("outputs errors, warnings, notices = %s %s %s; want the report's %s", got["errors"], got["warnings"], got["notices"], want)
				}
				stale := slices.ContainsFunc(rep.Findings, func(f report.Finding) bool { return f.Rule == "doc.stale" })
				if stale != tt.stale {
					t.Errorf("doc.stale in the report: %v, want %v", stale, tt.stale)
				}
				if !strings.Contains(r.summary.String(), reporters.MarkdownMarker) {
					t.Errorf("the job summary lacks the Markdown report:\n%.300s", r.summary.String())
				}
			}
			if tt.sarifFile {
				if _, err := os.Stat(inputs["sarif"]); err != nil {
					t.Errorf("sarif input: %v", err)
				}
			}
			reqs := srv.Requests()
			var lines []string
			for _, q := range reqs {
				lines = append(lines, q.String())
				if q.Token != fakeToken {
					t.Errorf("%s sent token %q, want the github-token input", q, q.Token)
				}
			}
			if d := cmp.Diff(tt.requests, lines); d != "" {
				t.Errorf("requests (-want +got):\n%s", d)
			}
			if strings.Contains(r.logs.String()+r.summary.String(), fakeToken) {
				t.Error("the token appears in the log or the job summary")
			}
			if tt.check != nil {
				tt.check(t, r, srv)
			}
		})
	}
}

// TestExampleWorkflows keeps docs/examples in step with action.yml: they
// use only its inputs and outputs, declare their permissions, and keep
// expressions out of run text.
func TestExampleWorkflows(t *testing.T) {
	a := readAction(t)
	names, err := filepath.Glob(filepath.Join("..", "..", "docs", "examples", "*.yml"))
	if err != nil || len(names) < 2 {
		t.Fatalf("example workflows: %v, %v; want the pull-request gate and the nightly report", names, err)
	}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var wf struct {
				Permissions map[string]string
				Jobs        map[string]struct {
					Steps []actionStep
				}
			}
			if err := yaml.Unmarshal(b, &wf); err != nil {
				t.Fatal(err)
			}
			if wf.Permissions["contents"] != "read" {
				t.Errorf("permissions %v: want them declared, contents: read", wf.Permissions)
			}
			used := false
			for _, job := range wf.Jobs {
				for _, s := range job.Steps {
					if strings.Contains(s.Run, "${{") {
						t.Errorf("step %q has ${{ }} in its run text", s.Name)
					}
					if !strings.HasPrefix(s.Uses, "archdrift/archdrift@") {
						continue
					}
					used = true
					for k := range s.With {
						if _, ok := a.Inputs[k]; !ok {
							t.Errorf("with: %s is not an input of action.yml", k)
						}
					}
				}
			}
			if !used {
				t.Error("the workflow does not use archdrift/archdrift")
			}
			for _, m := range regexp.MustCompile(`steps\.archdrift\.outputs\.([a-z-]+)`).FindAllStringSubmatch(string(b), -1) {
				if _, ok := a.Outputs[m[1]]; !ok {
					t.Errorf("output %s is not an output of action.yml", m[1])
				}
			}
		})
	}
}
