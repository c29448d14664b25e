package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awsarn "github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"golang.org/x/sync/errgroup"

	"github.com/archdrift/archdrift/scanners"
)

// maxPages bounds the pages of one listing: a paginator that never ends
// must not hang the scan.
const maxPages = 10000

// callTimeout bounds one HTTP attempt.
const callTimeout = time.Minute

// defaultConcurrency bounds the calls in flight across services and
// regions: enough to scan a few regions quickly, few enough not to be
// throttled at once.
const defaultConcurrency = 8

// collector lists one service in one region.
type collector func(ctx context.Context, rs *regionScan) error

// collectors are the services the scanner lists, each in every region.
var collectors = []collector{
	collectECS, collectLambda, collectStepFunctions,
	collectRDS, collectDynamoDB, collectElastiCache, collectMemoryDB, collectOpenSearch, collectS3,
	collectSQS, collectSNS, collectEventBridge, collectKinesis, collectMSK,
	collectRestAPIs, collectHTTPAPIs, collectELB,
	collectTags,
}

// session is one live scan.
type session struct {
	account, partition string

	mu        sync.Mutex
	resources []Resource
	problems  []Problem
	tags      map[string]map[string]string // ARN → tags, from the tagging API
}

// regionScan is what a collector gets: a configuration for one region and
// the session to report to.
type regionScan struct {
	*session
	cfg       sdkaws.Config
	region    string
	pathStyle bool // S3 behind a custom endpoint (tests, LocalStack)
}

// collect scans every region with every collector, a bounded number at a
// time, and returns the reduced, sorted inventory.
func (s *Scanner) collect(ctx context.Context, in scanners.Input) (*Inventory, error) {
	cfg, err := s.loadConfig(ctx)
	if err != nil {
		return nil, err
	}
	regions := s.opts.Regions
	if len(regions) == 0 && cfg.Region != "" {
		regions = []string{cfg.Region}
	}
	if len(regions) == 0 {
		return nil, errors.New("aws: no region: set one in the AWS configuration (AWS_REGION, a profile) or pass --aws-regions")
	}
	for _, r := range regions {
		if !validRegion(r) {
			return nil, fmt.Errorf("aws: bad region %q", r)
		}
	}
	if cfg.Credentials == nil {
		return nil, errors.New("aws: no credentials (configure the standard chain: environment, profile, SSO; or replay a snapshot with --aws-snapshot)")
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return nil, fmt.Errorf("aws: no credentials (configure the standard chain: environment, profile, SSO; or replay a snapshot with --aws-snapshot): %w", err)
	}
	ses := &session{partition: "aws", tags: map[string]map[string]string{}}
	if err := ses.identify(ctx, cfg, regions[0]); err != nil {
		return nil, err
	}
	in.Logf("aws: scanning account %s in %s", ses.account, strings.Join(regions, ", "))
	limit := s.opts.Concurrency
	if limit <= 0 {
		limit = defaultConcurrency
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for _, region := range regions {
		rcfg := cfg.Copy()
		rcfg.Region = region
		rs := &regionScan{session: ses, cfg: rcfg, region: region, pathStyle: cfg.BaseEndpoint != nil}
		for _, c := range collectors {
			g.Go(func() error { return c(gctx, rs) })
		}
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("aws: %w", err)
	}
	inv := &Inventory{Version: InventoryVersion, Account: ses.account, Partition: ses.partition, Regions: regions, Resources: ses.resources, Problems: ses.problems}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		for k, v := range ses.tags[r.ARN] {
			if _, ok := r.Tags[k]; !ok {
				if r.Tags == nil {
					r.Tags = map[string]string{}
				}
				r.Tags[k] = v
			}
		}
	}
	inv.reduce()
	inv.sort()
	return inv, nil
}

// loadConfig resolves the standard configuration chain (environment,
// shared profiles, SSO, …), with the scanner's retry policy and, with
// --aws-role-arn, an assumed role.
func (s *Scanner) loadConfig(ctx context.Context) (sdkaws.Config, error) {
	var cfg sdkaws.Config
	if s.opts.config != nil {
		cfg = s.opts.config.Copy()
	} else {
		// A call that hangs must not hang the scan: the SDK's default
		// client has no overall deadline.
		opts := []func(*config.LoadOptions) error{config.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(callTimeout))}
		if len(s.opts.Regions) > 0 {
			opts = append(opts, config.WithDefaultRegion(s.opts.Regions[0]))
		}
		var err error
		if cfg, err = config.LoadDefaultConfig(ctx, opts...); err != nil {
			return cfg, fmt.Errorf("aws: configuration: %w", err)
		}
	}
	cfg.Retryer = s.retryer
	cfg.AppID = "archdrift"
	if s.opts.RoleARN != "" {
		if _, err := awsarn.Parse(s.opts.RoleARN); err != nil {
			return cfg, fmt.Errorf("aws: --aws-role-arn %q: %w", s.opts.RoleARN, err)
		}
		if cfg.Region == "" && len(s.opts.Regions) > 0 {
			cfg.Region = s.opts.Regions[0] // STS needs a region to assume the role in
		}
		p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), s.opts.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "archdrift"
		})
		cfg.Credentials = sdkaws.NewCredentialsCache(p)
	}
	return cfg, nil
}

// retryer is adaptive: on throttling it slows the client down as well as
// backing off, with a few attempts and a bounded delay. The retry quota is
// off: a long scan must not start failing calls because earlier ones were
// retried.
func (s *Scanner) retryer() sdkaws.Retryer {
	return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
		o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
			so.MaxAttempts = maxAttempts
			so.MaxBackoff = maxBackoff
			so.RateLimiter = ratelimit.None
		})
		if s.opts.retryTweak != nil {
			s.opts.retryTweak(o)
		}
	})
}

// identify finds the account and partition of the credentials. A denied
// call is a problem (ARNs still carry the account); any other failure
// means AWS cannot be reached as this identity, and ends the scan.
func (ses *session) identify(ctx context.Context, cfg sdkaws.Config, region string) error {
	cfg = cfg.Copy()
	cfg.Region = region
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		if isDenied(err) {
			ses.problem(region, stsGetCallerIdentity, err)
			return nil
		}
		return fmt.Errorf("aws: cannot call AWS as the configured identity: %w", err)
	}
	ses.account = sdkaws.ToString(out.Account)
	if a, err := awsarn.Parse(sdkaws.ToString(out.Arn)); err == nil {
		ses.partition = a.Partition
	}
	return nil
}

// add hands resources to the session.
func (ses *session) add(rs ...Resource) {
	ses.mu.Lock()
	defer ses.mu.Unlock()
	ses.resources = append(ses.resources, rs...)
}

// problem records a denied or failed call.
func (ses *session) problem(region string, id callID, err error) {
	p := Problem{Region: region, Action: calls[id].Action, Denied: isDenied(err)}
	if !p.Denied {
		p.Message = clip(errorText(err))
	}
	ses.mu.Lock()
	defer ses.mu.Unlock()
	ses.problems = append(ses.problems, p)
}

// check records a failed call and returns nil so that the scan goes on,
// unless the scan itself is over (its context is done).
func (rs *regionScan) check(ctx context.Context, id callID, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	rs.problem(rs.region, id, err)
	return nil
}

// pages runs next while more says there are pages, at most maxPages times.
// A failed page ends the listing with a problem; what was read so far
// counts.
func (rs *regionScan) pages(ctx context.Context, id callID, more func() bool, next func() error) error {
	for n := 0; more(); n++ {
		if n == maxPages {
			rs.problem(rs.region, id, fmt.Errorf("more than %d pages, the rest not read", maxPages))
			return nil
		}
		if err := next(); err != nil {
			return rs.check(ctx, id, err)
		}
	}
	return nil
}

// tokenPages is pages for operations the SDK has no paginator for: it
// follows NextToken, stopping on an empty or repeated token.
func (rs *regionScan) tokenPages(ctx context.Context, id callID, next func(token *string) (*string, error)) error {
	var token *string
	first := true
	return rs.pages(ctx, id, func() bool { return first || token != nil }, func() error {
		first = false
		nt, err := next(token)
		if err != nil {
			return err
		}
		if nt == nil || *nt == "" || (token != nil && *nt == *token) {
			token = nil
		} else {
			token = nt
		}
		return nil
	})
}

// arn builds the ARN of a resource the API names but does not give an ARN
// for (a DynamoDB table, an SQS queue).
func (rs *regionScan) arn(service, account, resource string) string {
	if account == "" {
		account = rs.account
	}
	return awsarn.ARN{Partition: rs.partition, Service: service, Region: rs.region, AccountID: account, Resource: resource}.String()
}

// isDenied reports whether a call failed for want of a permission (and not
// because the credentials are invalid or expired).
func isDenied(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch strings.TrimPrefix(ae.ErrorCode(), "com.amazon.coral.service#") {
		case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
			"AuthorizationErrorException", "Forbidden", "ForbiddenException", "UnauthorizedException":
			return true
		case "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch",
			"UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature":
			return false
		}
	}
	var re *awshttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == 403
}

// errorText is the API's own code and message when there is one (not the
// SDK's wrapping with request IDs, which differ on every run).
func errorText(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if m := ae.ErrorMessage(); m != "" {
			return ae.ErrorCode() + ": " + m
		}
		return ae.ErrorCode()
	}
	return err.Error()
}

// arnName returns what follows the last "/" of an ARN's resource, or the
// last ":" when there is no "/".
func arnName(a string) string {
	if i := strings.LastIndexByte(a, '/'); i >= 0 {
		return a[i+1:]
	}
	return a[strings.LastIndexByte(a, ':')+1:]
}
