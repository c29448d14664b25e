package ghaction

import (
	"fmt"
	"strings"
)

// Secret is a value that must never be printed: it formats as "***".
type Secret string

// String implements fmt.Stringer.
func (Secret) String() string { return "***" }

// GoString implements fmt.GoStringer.
func (Secret) GoString() string { return `"***"` }

// Env is the standard GitHub Actions environment, as the runner sets it.
// None of it comes from the repository under check.
type Env struct {
	EventName   string // GITHUB_EVENT_NAME: pull_request, schedule, …
	EventPath   string // GITHUB_EVENT_PATH: the webhook payload, as JSON
	Repository  string // GITHUB_REPOSITORY: owner/name
	SHA         string // GITHUB_SHA
	RunID       string // GITHUB_RUN_ID
	APIURL      string // GITHUB_API_URL: https://api.github.com, or GHES' …/api/v3
	ServerURL   string // GITHUB_SERVER_URL: https://github.com
	Token       Secret // GITHUB_TOKEN
	Workspace   string // GITHUB_WORKSPACE: where actions/checkout put the repository
	StepSummary string // GITHUB_STEP_SUMMARY: a file; Markdown appended here shows on the run's page
	Output      string // GITHUB_OUTPUT: a file of name=value step outputs
}

// EnvFrom reads the environment through getenv (os.Getenv in the CLI).
func EnvFrom(getenv func(string) string) Env {
	return Env{
		EventName:   getenv("GITHUB_EVENT_NAME"),
		EventPath:   getenv("GITHUB_EVENT_PATH"),
		Repository:  getenv("GITHUB_REPOSITORY"),
		SHA:         getenv("GITHUB_SHA"),
		RunID:       getenv("GITHUB_RUN_ID"),
		APIURL:      getenv("GITHUB_API_URL"),
		ServerURL:   getenv("GITHUB_SERVER_URL"),
		Token:       Secret(getenv("GITHUB_TOKEN")),
		Workspace:   getenv("GITHUB_WORKSPACE"),
		StepSummary: getenv("GITHUB_STEP_SUMMARY"),
		Output:      getenv("GITHUB_OUTPUT"),
	}
}

// ownerRepo splits GITHUB_REPOSITORY.
func (e Env) ownerRepo() (string, string, error) {
	owner, repo, ok := strings.Cut(e.Repository, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return "", "", fmt.Errorf("GITHUB_REPOSITORY %q: want owner/name (is this running inside GitHub Actions?)", e.Repository)
	}
	return owner, repo, nil
}

// Mode says what a run publishes.
type Mode string

// Modes: ModeAuto picks pull-request mode for pull_request and
// pull_request_target events and nightly mode for schedule and
// workflow_dispatch; other events (push) only write the job summary.
const (
	ModeAuto        Mode = "auto"
	ModePullRequest Mode = "pull-request"
	ModeNightly     Mode = "nightly"
)

// ParseMode reads a --github-mode value ("" is auto).
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case "":
		return ModeAuto, nil
	case ModeAuto, ModePullRequest, ModeNightly:
		return m, nil
	}
	return "", fmt.Errorf("mode %q: want auto, pull-request or nightly", s)
}

// kind is what a run does, once the mode met the event.
type kind int

const (
	kindSummaryOnly kind = iota
	kindPullRequest
	kindNightly
)

func resolveKind(m Mode, eventName string) (kind, error) {
	isPR := eventName == "pull_request" || eventName == "pull_request_target"
	switch m {
	case ModePullRequest:
		if !isPR {
			return 0, fmt.Errorf("mode pull-request needs a pull_request or pull_request_target event, not %q", eventName)
		}
		return kindPullRequest, nil
	case ModeNightly:
		return kindNightly, nil
	}
	switch {
	case isPR:
		return kindPullRequest, nil
	case eventName == "schedule" || eventName == "workflow_dispatch":
		return kindNightly, nil
	}
	return kindSummaryOnly, nil
}
