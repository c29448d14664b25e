package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/ghaction"
	"github.com/archdrift/archdrift/gitdiff"
	"github.com/archdrift/archdrift/reporters"
)

// reviewFlags are check's flags for reviewing a change: --base asks git
// what changed, --github runs as a GitHub Action.
type reviewFlags struct {
	base    string
	github  bool
	mode    string
	comment bool
}

func (f *reviewFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.base, "base", "", "review the change since git `revision` (its merge base with HEAD, up to the working tree, untracked files included): reports doc.stale")
	c.Flags().BoolVar(&f.github, "github", false, "run as a GitHub Action: read the Actions environment; on a pull request comment and create a check run, on a schedule update the drift issue; write the job summary and step outputs")
	c.Flags().StringVar(&f.mode, "github-mode", string(ghaction.ModeAuto), "with --github: auto | pull-request | nightly")
	c.Flags().BoolVar(&f.comment, "github-comment", true, "with --github on a pull request: keep one sticky comment with the report")
}

// review is what --base and --github add to one check. Its methods do
// nothing on a nil review.
type review struct {
	session *ghaction.Session
}

// prepare runs before the check: it opens the GitHub session and says what
// changed. The Actions environment is read here only, with --github: the
// runner sets it, the repository under check cannot.
func (f *reviewFlags) prepare(cmd *cobra.Command, opts *check.Options, stderr io.Writer) (*review, error) {
	ctx := cmd.Context()
	if !f.github {
		for _, name := range []string{"github-mode", "github-comment"} {
			if cmd.Flags().Changed(name) {
				return nil, fmt.Errorf("--%s needs --github", name)
			}
		}
	}
	rv := &review{}
	if f.github {
		mode, err := ghaction.ParseMode(f.mode)
		if err != nil {
			return nil, fmt.Errorf("--github-mode: %w", err)
		}
		env := ghaction.EnvFrom(os.Getenv)
		rv.session, err = ghaction.Open(ghaction.Options{
			Env: env, Mode: mode, Comment: f.comment,
			Prefix: repoPrefix(ctx, opts.Root, env.Workspace), Log: stderr,
		})
		if err != nil {
			return nil, err
		}
	}
	switch {
	case f.base != "":
		files, err := gitdiff.ChangedFiles(ctx, opts.Root, f.base)
		if err != nil {
			return nil, fmt.Errorf("--base: %w", err)
		}
		opts.Change = &check.Change{Files: files}
	case rv.session != nil:
		files, ok, err := rv.session.ChangedFiles(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			opts.Change = &check.Change{Files: files}
		}
	}
	return rv, nil
}

// repoPrefix is the checked directory inside its repository ("" at the
// top, else "a/b/"): git knows it; without git, GITHUB_WORKSPACE is where
// actions/checkout put the repository.
func repoPrefix(ctx context.Context, root, workspace string) string {
	if p, err := gitdiff.Prefix(ctx, root); err == nil {
		return p
	}
	if workspace == "" {
		return ""
	}
	absRoot, err1 := filepath.Abs(root)
	absWS, err2 := filepath.Abs(workspace)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(absWS, absRoot)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel) + "/"
}

// decorate links the report's files to the repository on GitHub.
func (rv *review) decorate(in *reporters.Input) {
	if rv != nil && rv.session != nil {
		in.Links = rv.session.Links()
	}
}

// publish sends the report where the GitHub event wants it, after the
// check wrote its own output.
func (rv *review) publish(ctx context.Context, res *check.Result, in reporters.Input, failed bool) error {
	if rv == nil || rv.session == nil {
		return nil
	}
	var md bytes.Buffer
	if err := (reporters.Markdown{Rules: res.Rules}).Write(&md, in); err != nil {
		return err
	}
	return rv.session.Publish(ctx, ghaction.Result{Report: res.Report, Markdown: md.String(), Failed: failed})
}
