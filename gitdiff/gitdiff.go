// Package gitdiff asks git which files a change touches, for
// `archdrift check --base REF`: the doc.stale rule needs to know whether a
// change that touched a manifest also touched the model or an ADR.
//
// It runs the git binary on PATH (os/exec) rather than reading the
// repository itself, so that every repository layout git understands
// (worktrees, submodules, packed refs, partial clones) works.
package gitdiff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// maxOutput bounds what one git command may print: a change of a million
// files is not reviewed by archdrift.
const maxOutput = 32 << 20

// ChangedFiles lists the files that differ between the merge base of base
// and HEAD and the working tree of the repository holding dir: the commits
// since base (as in `git diff base...HEAD`), plus uncommitted and untracked
// (not ignored) files, because archdrift checks the working tree, not HEAD.
// A rename counts as both names. Paths are slash paths relative to dir;
// files outside dir are left out. The result is sorted.
func ChangedFiles(ctx context.Context, dir, base string) ([]string, error) {
	if base == "" || strings.HasPrefix(base, "-") {
		return nil, fmt.Errorf("git: base revision %q: want a branch, tag or commit", base)
	}
	mb, err := git(ctx, dir, "merge-base", base, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("%w (a shallow clone lacks the base: fetch it, e.g. actions/checkout with fetch-depth: 0)", err)
	}
	mergeBase := strings.TrimSpace(string(mb))
	// --relative limits the output to dir and makes paths relative to it;
	// --no-renames lists both names of a renamed file; --no-ext-diff and
	// --no-textconv keep drivers a repository configures from running.
	diffOut, err := git(ctx, dir, "diff", "--name-only", "-z", "--relative", "--no-renames", "--no-ext-diff", "--no-textconv", mergeBase, "--")
	if err != nil {
		return nil, err
	}
	untracked, err := git(ctx, dir, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	var files []string
	for _, out := range [][]byte{diffOut, untracked} {
		for f := range strings.SplitSeq(string(out), "\x00") {
			if f != "" {
				files = append(files, f)
			}
		}
	}
	slices.Sort(files)
	return slices.Compact(files), nil
}

// Prefix returns dir's path inside the work tree of its repository, as a
// slash path with a trailing slash ("" at the top), the way `git rev-parse
// --show-prefix` prints it. Paths that GitHub reports relative to the
// repository become relative to dir by trimming it.
func Prefix(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, "rev-parse", "--show-prefix")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// git runs one git command in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	// Reading must not take the index lock another git process may hold.
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	var stdout, stderr boundedBuffer
	stdout.max, stderr.max = maxOutput, 64<<10
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	name := "git " + strings.Join(args[:1], " ")
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("%s: git is not installed or not on PATH: %w", name, err)
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s %s in %s: %s", name, strings.Join(args[1:], " "), dir, msg)
	}
	if stdout.overflow {
		return nil, fmt.Errorf("%s in %s: more than %d bytes of output", name, dir, maxOutput)
	}
	return stdout.Bytes(), nil
}

// boundedBuffer keeps the first max bytes written to it and drops the
// rest, remembering that it did.
type boundedBuffer struct {
	bytes.Buffer
	max      int
	overflow bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); len(p) > room {
		b.overflow = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}
