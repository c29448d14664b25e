package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/archdrift/archdrift/scanners/aws"
)

// Options are the inputs of a run. Paths other than Root are as the user
// typed them (relative to the working directory).
type Options struct {
	Root      string
	ModelFile string
	// ModelFiles are more model files (or folders) read with ModelFile
	// and merged with it (--model repeated).
	ModelFiles []string
	ADRDir     string
	ConfigFile string
	Scanners   []string
	PolicyDirs []string
	// PolicyTimeout bounds policy evaluation (default 10s).
	PolicyTimeout time.Duration
	// TerraformState and TerraformPlan point the Terraform scanner at a state
	// or `terraform show -json` plan file.
	TerraformState string
	TerraformPlan  string
	// AWS configures the aws scanner (--aws-regions, --aws-role-arn,
	// --aws-snapshot, --aws-snapshot-write); see check/aws.go.
	AWS aws.Options
	// Baseline is a baseline file (archdrift baseline): the findings it
	// records are suppressed, and the ones that no longer occur are listed
	// as resolved.
	Baseline string
	// Change, when set, is the change under review (a pull request, or
	// `check --base REF`); the doc.stale rule reads it.
	Change *Change
	// Progress, when set, receives short progress lines.
	Progress func(format string, args ...any)
}

func (o *Options) logf(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(format, args...)
	}
}

// InputError is bad input or usage: a missing or unparsable model, config
// or policy. The CLI exits 2 on it.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// relToRoot turns a user path into a slash path inside root, refusing paths
// that leave it: everything archdrift reads is confined to the repository.
func relToRoot(root, p string) (string, error) {
	if p == "" {
		return "", nil
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil && !filepath.IsAbs(p) {
		// Also accept paths relative to the root, the way .archdrift.yaml
		// writes them.
		if _, err2 := os.Stat(filepath.Join(absRoot, p)); err2 == nil {
			abs = filepath.Join(absRoot, p)
		}
	}
	rel, err := filepath.Rel(absRoot, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the repository root %s", p, root)
	}
	return filepath.ToSlash(rel), nil
}
