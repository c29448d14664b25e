package aws

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
	"github.com/archdrift/archdrift/scanners/terraform"
)

// Options configure the scanner.
type Options struct {
	// Regions to scan (--aws-regions); default: the configured region.
	Regions []string
	// RoleARN is a role to assume before scanning (--aws-role-arn).
	RoleARN string
	// Snapshot replays an inventory file instead of calling AWS
	// (--aws-snapshot). It needs no credentials and no network.
	Snapshot string
	// SnapshotWrite writes the inventory of a live scan to a file
	// (--aws-snapshot-write), for later replay.
	SnapshotWrite string
	// Live allows calls to AWS. The pipeline sets it only when the
	// operator named the scanner on the command line, so that a
	// repository's configuration cannot make archdrift use the
	// credentials of whoever runs it.
	Live bool
	// Concurrency bounds the calls in flight (default 8).
	Concurrency int

	// Tests replace the configuration chain, and tune the retryer so that
	// a throttled call is retried without sleeping.
	config     *sdkaws.Config
	retryTweak func(*retry.AdaptiveModeOptions)
}

// Retry settings: adaptive mode (it slows down when AWS throttles), a few
// attempts, and a bounded delay.
const (
	maxAttempts = 5
	maxBackoff  = 20 * time.Second
)

// Scanner observes an AWS account through its APIs.
type Scanner struct {
	opts Options

	mu      sync.Mutex
	scanned bool
	failed  map[callID]bool
	compute bool
}

// New returns an AWS scanner.
func New(opts Options) *Scanner { return &Scanner{opts: opts} }

// Name is "aws": the prefix of every ID the scanner yields.
func (s *Scanner) Name() string { return "aws" }

// Detect is false: nothing in a repository says which account to read.
func (s *Scanner) Detect(fs.FS) bool { return false }

// Online is true: the scanner calls AWS and runs only when named.
func (s *Scanner) Online() bool { return true }

// Scan lists the account (or replays a snapshot) and returns its graph.
// Denied and failed calls are diagnostics; an error means the scan could
// not run at all (no credentials, no region, an unreadable snapshot).
func (s *Scanner) Scan(ctx context.Context, in scanners.Input) (*model.Graph, []model.Diagnostic, error) {
	inv, diags, err := s.inventory(ctx, in)
	if err != nil {
		return nil, diags, err
	}
	s.remember(inv)
	if inv == nil {
		return model.NewGraph(), diags, nil
	}
	g := inv.graph()
	in.Logf("aws: %d regions, %d resources, %d elements, %d problems", len(inv.Regions), len(inv.Resources), g.Len(), len(inv.Problems))
	return g, append(diags, inv.diagnostics()...), nil
}

// inventory reads the snapshot, or scans live when allowed; nil when
// neither.
func (s *Scanner) inventory(ctx context.Context, in scanners.Input) (*Inventory, []model.Diagnostic, error) {
	o := s.opts
	switch {
	case o.Snapshot != "" && o.SnapshotWrite != "":
		return nil, nil, errors.New("aws: --aws-snapshot replays a snapshot and --aws-snapshot-write writes one from a live scan: use one of them")
	case o.Snapshot != "":
		in.Logf("aws: replaying snapshot %s", o.Snapshot)
		return ReadSnapshot(o.Snapshot)
	case !o.Live:
		return nil, []model.Diagnostic{{Severity: model.DiagWarning, Origin: "aws",
			Message: "not scanned: the aws scanner calls AWS only when --scanners names it on the command line (a configuration file cannot turn it on); pass --aws-snapshot FILE to replay a snapshot"}}, nil
	}
	inv, err := s.collect(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	if o.SnapshotWrite != "" {
		if err := WriteSnapshot(o.SnapshotWrite, inv); err != nil {
			return nil, nil, err
		}
		in.Logf("aws: wrote snapshot %s", o.SnapshotWrite)
	}
	return inv, nil, nil
}

// remember keeps what CouldSee needs: which listings failed, and whether
// the account runs workloads at all.
func (s *Scanner) remember(inv *Inventory) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scanned = inv != nil
	s.failed = map[callID]bool{}
	s.compute = false
	if inv == nil {
		return
	}
	for _, p := range inv.Problems {
		for i, c := range calls {
			if c.Action == p.Action {
				s.failed[callID(i)] = true
			}
		}
	}
	for _, r := range inv.Resources {
		if r.Type == "AWS::ECS::Service" || r.Type == "AWS::Lambda::Function" {
			s.compute = true
		}
	}
}

// CouldSee reports whether the scan could have observed a documented
// element: a container of a managed AWS technology whose listing
// succeeded, or a self-hosted workload when the account runs ECS services
// or Lambda functions. A documented queue is not missing because
// sqs:ListQueues was denied.
func (s *Scanner) CouldSee(e *model.Element) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.scanned || e.Kind != model.KindContainer {
		return false
	}
	if ids, ok := listingOf(e.Technology); ok {
		return !slices.ContainsFunc(ids, func(id callID) bool { return s.failed[id] })
	}
	return s.compute && scanners.SelfHosted(e) && !s.failed[ecsListClusters] && !s.failed[ecsListServices] && !s.failed[lambdaListFunctions]
}

// listingOf returns the calls that list elements of a documented
// technology, when it is a managed AWS one.
func listingOf(technology string) ([]callID, bool) {
	for _, t := range model.Technologies(technology) {
		if ids, ok := listings[t.Name]; ok {
			return ids, true
		}
	}
	return nil, false
}

// listings maps the technologies of the type table (and the engines RDS
// refines them to) to the calls that list them.
var listings = func() map[string][]callID {
	m := map[string][]callID{
		"Amazon Aurora PostgreSQL":  {rdsDescribeDBClusters},
		"Amazon Aurora MySQL":       {rdsDescribeDBClusters},
		"Amazon RDS for PostgreSQL": {rdsDescribeDBInstances},
		"Amazon DocumentDB":         {rdsDescribeDBClusters},
		"Amazon Neptune":            {rdsDescribeDBClusters},
	}
	for _, t := range resourceTypes {
		if mp, ok := terraform.LookupMapping(t.Terraform); ok {
			if _, dup := m[mp.Technology]; !dup && isManaged(mp.Technology) {
				m[mp.Technology] = t.Calls
			}
		}
	}
	return m
}()

// isManaged reports whether a technology name is an AWS service rather
// than software that also runs anywhere (Redis, OpenSearch).
func isManaged(name string) bool {
	for _, p := range []string{"Amazon ", "AWS ", "Elastic Load Balancing"} {
		if len(name) >= len(p) && name[:len(p)] == p {
			return true
		}
	}
	return false
}
