package gitdiff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// newRepo makes a git repository in a temporary directory with the given
// files committed, isolated from the user's and the system's git config.
func newRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.com")
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, files)
	commit(t, dir, "initial")
	return dir
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func commit(t *testing.T, dir, msg string) {
	t.Helper()
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", msg)
}

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestChangedFiles(t *testing.T) {
	repo := newRepo(t, map[string]string{
		"shop/deploy/a.yaml":    "a: 1\n",
		"shop/deploy/old.yaml":  "old: 1\n",
		"shop/workspace.dsl":    "workspace {}\n",
		"other/b.yaml":          "b: 1\n",
		"shop/.gitignore":       "*.log\n",
		"shop/deploy/keep.yaml": "keep: 1\n",
	})
	run(t, repo, "branch", "base")
	// Committed since base: a modification, a rename, a change outside shop.
	write(t, repo, map[string]string{"shop/deploy/a.yaml": "a: 2\n", "other/b.yaml": "b: 2\n"})
	run(t, repo, "mv", "shop/deploy/old.yaml", "shop/deploy/new name.yaml")
	commit(t, repo, "change")
	// Uncommitted: a modification, an untracked file, an ignored file.
	write(t, repo, map[string]string{"shop/workspace.dsl": "workspace { }\n", "shop/deploy/extra.yaml": "x: 1\n", "shop/debug.log": "noise\n"})

	got, err := ChangedFiles(context.Background(), filepath.Join(repo, "shop"), "base")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"deploy/a.yaml", "deploy/extra.yaml", "deploy/new name.yaml", "deploy/old.yaml", "workspace.dsl"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ChangedFiles (-want +got):\n%s", d)
	}

	// HEAD~1 is the usual pull-request base.
	got, err = ChangedFiles(context.Background(), repo, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"other/b.yaml", "shop/deploy/a.yaml", "shop/deploy/extra.yaml", "shop/deploy/new name.yaml", "shop/deploy/old.yaml", "shop/workspace.dsl"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ChangedFiles from the top (-want +got):\n%s", d)
	}

	prefix, err := Prefix(context.Background(), filepath.Join(repo, "shop", "deploy"))
	if err != nil || prefix != "shop/deploy/" {
		t.Errorf("Prefix = %q, %v; want shop/deploy/", prefix, err)
	}
}

func TestChangedFilesErrors(t *testing.T) {
	repo := newRepo(t, map[string]string{"a.yaml": "a: 1\n"})
	tests := []struct {
		name, dir, base, want string
	}{
		{"unknown base", repo, "no-such-branch", "git merge-base no-such-branch HEAD in " + repo},
		{"option as base", repo, "--output=/tmp/x", `base revision "--output=/tmp/x"`},
		{"empty base", repo, "", `base revision ""`},
		{"not a repository", t.TempDir(), "HEAD", "not a git repository"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ChangedFiles(context.Background(), tt.dir, tt.base)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ChangedFiles(%q) error = %v, want it to contain %q", tt.base, err, tt.want)
			}
		})
	}
}

func TestBoundedBuffer(t *testing.T) {
	b := boundedBuffer{max: 4}
	b.Write([]byte("abc"))
	b.Write([]byte("def"))
	if b.String() != "abcd" || !b.overflow {
		t.Errorf("bounded buffer = %q, overflow %v; want \"abcd\", true", b.String(), b.overflow)
	}
}
