package aws

import (
	"net"
	"net/url"
	"slices"
	"strings"

	awsarn "github.com/aws/aws-sdk-go-v2/aws/arn"
)

// maxValueBytes bounds the text read from one reference value (an
// environment variable, a state machine definition).
const maxValueBytes = 64 << 10

// maxCandidates bounds what one value may name.
const maxCandidates = 256

// candidates splits a value into the parts that could name a resource: ARNs
// (also inside other ARNs, as API Gateway integration URIs hold a Lambda
// ARN), host names (with scheme, credentials, port and path removed), URLs
// without credentials or query (an SQS queue URL), and the whole value or
// an item of a comma list as a bare name (a table or bucket name). The
// returned strings are themselves values: candidates of a candidate is
// itself, which is what lets the inventory store them.
func candidates(v string) []string {
	if len(v) > maxValueBytes {
		v = v[:maxValueBytes]
	}
	var out []string
	add := func(s string) {
		if s != "" && len(out) < maxCandidates && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	// ARNs, wherever they start.
	for i := 0; i < len(v) && len(out) < maxCandidates; {
		j := strings.Index(v[i:], "arn:")
		if j < 0 {
			break
		}
		start := i + j
		end := start
		for end < len(v) && isARNChar(v[end]) {
			end++
		}
		if a := v[start:end]; awsarn.IsARN(a) {
			add(strings.TrimRight(a, ".:/"))
		}
		i = start + 4
	}
	for _, tok := range strings.FieldsFunc(v, isSeparator) {
		if strings.HasPrefix(tok, "arn:") {
			continue
		}
		if i := strings.Index(tok, "://"); i > 0 {
			u, err := url.Parse(tok[strings.LastIndexAny(tok[:i], ":")+1:]) // "jdbc:postgresql://…" → "postgresql://…"
			if err != nil || u.Host == "" {
				continue
			}
			host := normalHost(u.Hostname())
			if u.Scheme == "s3" {
				add(host) // s3://bucket/key names the bucket
				continue
			}
			add(host)
			if p := strings.TrimRight(u.EscapedPath(), "/"); p != "" && strings.Contains(host, ".") {
				add("https://" + host + p)
			}
			continue
		}
		// user:password@host:port/db without a scheme.
		if at := strings.LastIndexByte(tok, '@'); at >= 0 {
			tok = tok[at+1:]
		}
		if i := strings.IndexByte(tok, '/'); i >= 0 {
			tok = tok[:i]
		}
		if h, _, err := net.SplitHostPort(tok); err == nil {
			tok = h
		}
		if strings.Contains(tok, ".") && isHostName(tok) {
			add(normalHost(tok))
		}
	}
	// Bare names: the whole value, or an item of a comma list.
	for item := range strings.SplitSeq(v, ",") {
		if n := strings.TrimSpace(item); isName(n) {
			add(n)
		}
	}
	return out
}

func isARNChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte(":/_.+=@-*$", c) >= 0
}

func isSeparator(r rune) bool {
	return r <= ' ' || strings.ContainsRune(",;|\"'`()<>[]{}\\=", r)
}

func isHostName(s string) bool {
	if len(s) > 253 || s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

func normalHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// isName accepts what a table, bucket, queue or stream can be called.
func isName(s string) bool {
	if len(s) < 3 || len(s) > 255 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// byName lists the types whose bare names a workload's configuration uses
// to reach them (the SDKs take a table name, a bucket name, a queue name).
var byName = map[string]bool{
	"AWS::DynamoDB::Table": true, "AWS::S3::Bucket": true, "AWS::SQS::Queue": true, "AWS::Kinesis::Stream": true,
}

// index resolves reference values to resources of the inventory.
type index struct {
	arns    map[string]int
	hosts   map[string]int
	urls    map[string]int
	domains map[string]int // a host below one of these reaches the resource (MSK brokers)
	names   map[string][]int
	ambig   map[string]bool // hosts claimed by two resources
	res     []Resource
}

// newIndex indexes every ARN, endpoint and name of the inventory.
func newIndex(res []Resource) *index {
	x := &index{arns: map[string]int{}, hosts: map[string]int{}, urls: map[string]int{}, domains: map[string]int{}, names: map[string][]int{}, ambig: map[string]bool{}, res: res}
	claim := func(m map[string]int, k string, i int) {
		if old, ok := m[k]; ok && old != i {
			x.ambig[k] = true
			return
		}
		m[k] = i
	}
	for i, r := range res {
		if r.ARN != "" {
			claim(x.arns, r.ARN, i)
		}
		for _, e := range r.Endpoints {
			switch {
			case strings.HasPrefix(e, "*."):
				claim(x.domains, normalHost(e[2:]), i)
			case strings.Contains(e, "://"):
				if u, err := url.Parse(e); err == nil {
					claim(x.urls, urlKey(u.Hostname(), u.EscapedPath()), i)
				}
			default:
				claim(x.hosts, normalHost(e), i)
			}
		}
		if byName[r.Type] {
			x.names[r.Name] = append(x.names[r.Name], i)
		}
	}
	return x
}

// resolve returns the resource a candidate names, preferring region for a
// bare name held in several regions; ok is false when it names none or
// several.
func (x *index) resolve(c, region string) (int, bool) {
	if strings.HasPrefix(c, "arn:") {
		return x.resolveARN(c)
	}
	if strings.HasPrefix(c, "https://") {
		u, err := url.Parse(c)
		if err != nil {
			return 0, false
		}
		k := urlKey(u.Hostname(), u.EscapedPath())
		i, ok := x.urls[k]
		return i, ok && !x.ambig[k]
	}
	if i, ok := x.hosts[c]; ok {
		return i, !x.ambig[c]
	}
	if strings.Contains(c, ".") {
		// A host below a cluster's domain: b-1.orders.x1y2z3.c2.kafka….
		for h := c; strings.Contains(h, "."); {
			h = h[strings.IndexByte(h, '.')+1:]
			if i, ok := x.domains[h]; ok {
				return i, !x.ambig[h]
			}
		}
		// Virtual-hosted S3: bucket.s3.amazonaws.com, bucket.s3.eu-west-1.amazonaws.com.
		if i := strings.Index(c, ".s3."); i > 0 && strings.HasSuffix(c, ".amazonaws.com") {
			c = c[:i]
		} else if i := strings.Index(c, ".s3-"); i > 0 && strings.HasSuffix(c, ".amazonaws.com") {
			c = c[:i]
		}
	}
	list := x.names[c]
	if len(list) == 1 {
		return list[0], true
	}
	var same []int
	for _, i := range list {
		if x.res[i].Region == region {
			same = append(same, i)
		}
	}
	if len(same) == 1 {
		return same[0], true
	}
	return 0, false
}

// resolveARN finds the resource of an ARN, or of the ARN it is part of: a
// Lambda version or alias, a DynamoDB stream, a Kinesis consumer and an
// ELB listener all belong to a resource whose ARN is a prefix (or, for a
// listener, a rewrite) of theirs.
func (x *index) resolveARN(a string) (int, bool) {
	parsed, err := awsarn.Parse(a)
	if err != nil {
		return 0, false
	}
	if parsed.Service == "elasticloadbalancing" {
		// listener/app/name/id/lid and listener-rule/… → loadbalancer/app/name/id.
		for _, p := range []string{"listener/", "listener-rule/"} {
			if rest, ok := strings.CutPrefix(parsed.Resource, p); ok {
				parts := strings.Split(rest, "/")
				if len(parts) >= 3 {
					parsed.Resource = "loadbalancer/" + strings.Join(parts[:3], "/")
					a = parsed.String()
				}
			}
		}
	}
	header := len(a) - len(parsed.Resource)
	for range 6 {
		if i, ok := x.arns[a]; ok {
			return i, !x.ambig[a]
		}
		cut := strings.LastIndexAny(a, ":/")
		if cut <= header {
			return 0, false
		}
		a = a[:cut]
	}
	return 0, false
}

// reduce replaces every reference of a live inventory by the candidates of
// its value that resolve, and drops the rest, so that what the inventory
// keeps names resources and nothing else (no credentials, no query
// strings, no environment values).
func (inv *Inventory) reduce() {
	x := newIndex(inv.Resources)
	for i := range inv.Resources {
		r := &inv.Resources[i]
		var kept []Ref
		for _, ref := range r.Refs {
			for _, c := range candidates(ref.Value) {
				if j, ok := x.resolve(c, r.Region); ok && j != i {
					kept = append(kept, Ref{Verb: ref.Verb, Via: ref.Via, Value: c})
				}
			}
			if len(kept) >= maxRefs {
				break
			}
		}
		r.Refs = kept
	}
}

// urlKey is the form URLs are compared in: host and path, with the three
// spellings of an SQS queue URL (sqs.<region>.amazonaws.com,
// <region>.queue.amazonaws.com, queue.amazonaws.com) made one.
func urlKey(host, path string) string {
	host = normalHost(host)
	path = strings.TrimRight(path, "/")
	region := ""
	switch {
	case strings.HasPrefix(host, "sqs.") && strings.HasSuffix(host, ".amazonaws.com"):
		region = strings.TrimSuffix(strings.TrimPrefix(host, "sqs."), ".amazonaws.com")
	case strings.HasSuffix(host, ".queue.amazonaws.com"):
		region = strings.TrimSuffix(host, ".queue.amazonaws.com")
	case host == "queue.amazonaws.com":
		region = "us-east-1"
	}
	if region != "" {
		return "sqs://" + region + path
	}
	return "https://" + host + path
}
