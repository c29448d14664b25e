package aws

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awsarn "github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/rogpeppe/go-internal/txtar"
)

// The fake speaks each service's wire protocol, the way the SDK's own
// protocol tests do, so that the scanner runs through the real clients:
// endpoint resolution (BaseEndpoint), SigV4 signing, serialisation,
// pagination, retry and error decoding.
type protocol int

const (
	awsJSON10 protocol = iota // X-Amz-Target, application/x-amz-json-1.0
	awsJSON11                 // X-Amz-Target, application/x-amz-json-1.1
	awsQuery                  // form-encoded Action=…, XML responses
	restJSON                  // method + path, JSON bodies
	restXML                   // method + path, XML bodies (S3)
)

// fakeService describes a service by its SigV4 signing name, which the
// server reads from the credential scope of every request.
type fakeService struct {
	client string // the SDK client: the service of the call table
	proto  protocol
	xmlns  string // query protocol: the response namespace
}

var fakeServices = map[string]fakeService{
	"sts":                  {"sts", awsQuery, "https://sts.amazonaws.com/doc/2011-06-15/"},
	"tagging":              {"resourcegroupstaggingapi", awsJSON11, ""},
	"ecs":                  {"ecs", awsJSON11, ""},
	"lambda":               {"lambda", restJSON, ""},
	"states":               {"sfn", awsJSON10, ""},
	"rds":                  {"rds", awsQuery, "http://rds.amazonaws.com/doc/2014-10-31/"},
	"dynamodb":             {"dynamodb", awsJSON10, ""},
	"elasticache":          {"elasticache", awsQuery, "http://elasticache.amazonaws.com/doc/2015-02-02/"},
	"memorydb":             {"memorydb", awsJSON11, ""},
	"es":                   {"opensearch", restJSON, ""},
	"s3":                   {"s3", restXML, ""},
	"sqs":                  {"sqs", awsJSON10, ""},
	"sns":                  {"sns", awsQuery, "http://sns.amazonaws.com/doc/2010-03-31/"},
	"events":               {"eventbridge", awsJSON11, ""},
	"kinesis":              {"kinesis", awsJSON11, ""},
	"kafka":                {"kafka", restJSON, ""},
	"apigateway":           {"apigateway", restJSON, ""}, // v2 is told apart by its path
	"elasticloadbalancing": {"elasticloadbalancingv2", awsQuery, "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"},
}

// restRoutes map REST requests to operations; the first group, when
// present, is the operation's significant parameter.
var restRoutes = []struct {
	client, method string
	path           *regexp.Regexp
	op             string
}{
	{"lambda", "GET", regexp.MustCompile(`^/2015-03-31/functions/?$`), "ListFunctions"},
	{"lambda", "GET", regexp.MustCompile(`^/2015-03-31/event-source-mappings/?$`), "ListEventSourceMappings"},
	{"opensearch", "GET", regexp.MustCompile(`^/2021-01-01/domain$`), "ListDomainNames"},
	{"opensearch", "POST", regexp.MustCompile(`^/2021-01-01/opensearch/domain-info$`), "DescribeDomains"},
	{"kafka", "GET", regexp.MustCompile(`^/api/v2/clusters$`), "ListClustersV2"},
	{"kafka", "GET", regexp.MustCompile(`^/v1/clusters/([^/]+)/bootstrap-brokers$`), "GetBootstrapBrokers"},
	{"apigateway", "GET", regexp.MustCompile(`^/restapis$`), "GetRestApis"},
	{"apigateway", "GET", regexp.MustCompile(`^/restapis/([^/]+)/resources$`), "GetResources"},
	{"apigatewayv2", "GET", regexp.MustCompile(`^/v2/apis$`), "GetApis"},
	{"apigatewayv2", "GET", regexp.MustCompile(`^/v2/apis/([^/]+)/integrations$`), "GetIntegrations"},
	{"s3", "GET", regexp.MustCompile(`^/$`), "ListBuckets"},
}

// params name the request parameter that selects a fixture, for operations
// asked about one thing (the services of one cluster).
var params = map[string]string{
	"ecs/ListServices": "cluster", "ecs/DescribeServices": "cluster", "ecs/DescribeTaskDefinition": "taskDefinition",
	"sfn/DescribeStateMachine": "stateMachineArn", "rds/DescribeDBProxyTargets": "DBProxyName",
	"eventbridge/ListRules": "EventBusName", "eventbridge/ListTargetsByRule": "Rule",
	"opensearch/DescribeDomains": "DomainNames", "elasticloadbalancingv2/DescribeTargetHealth": "TargetGroupArn",
}

// tokenParams are the pagination parameters of every protocol.
var tokenParams = []string{"nextToken", "NextToken", "PaginationToken", "ExclusiveStartTableName", "Marker", "position", "continuation-token"}

var sigV4Scope = regexp.MustCompile(`Credential=([^/]+)/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

// fakeAWS serves an estate: fixtures of response bodies keyed
// "<region>/<client>/<Operation>[@<param>][#<token>]", read from a txtar
// archive. A key ending in " !throttle" throttles the first request for it,
// " !throttle*N" the first N, " !deny" denies every request. A request without a fixture gets the
// operation's empty response.
type fakeAWS struct {
	t   *testing.T
	srv *httptest.Server

	mu        sync.Mutex
	fixtures  map[string][]byte
	throttle  map[string]int // the first n requests are throttled
	deny      map[string]bool
	inflight  int
	peak      int            // most requests in flight at once
	served    map[string]int // fixture key → requests
	ops       map[string]int // "client/Operation" → requests
	keys      map[string]int // "<access key ID> client/Operation" → requests
	throttled int
	denied    int
}

// newFakeAWS starts a server for the estate in archive file name.
func newFakeAWS(t *testing.T, name string) *fakeAWS {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return newFakeAWSArchive(t, a)
}

// newFakeAWSArchive starts a server for the estate of an archive.
func newFakeAWSArchive(t *testing.T, a *txtar.Archive) *fakeAWS {
	t.Helper()
	f := &fakeAWS{t: t, fixtures: map[string][]byte{}, throttle: map[string]int{}, deny: map[string]bool{}, served: map[string]int{}, ops: map[string]int{}, keys: map[string]int{}}
	for _, file := range a.Files {
		key, fault, _ := strings.Cut(file.Name, " !")
		switch {
		case fault == "throttle":
			f.throttle[key] = 1
		case strings.HasPrefix(fault, "throttle*"):
			n, err := strconv.Atoi(strings.TrimPrefix(fault, "throttle*"))
			if err != nil {
				t.Fatalf("%q: %v", file.Name, err)
			}
			f.throttle[key] = n
		case fault == "deny":
			f.deny[key] = true
		case fault == "":
			f.fixtures[key] = file.Data
		default:
			t.Fatalf("unknown fault %q in %q", fault, file.Name)
		}
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// config is an SDK configuration that reaches the fake with static
// credentials, as a test of the real chain would.
func (f *fakeAWS) config(region string) *sdkaws.Config {
	return &sdkaws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		BaseEndpoint: sdkaws.String(f.srv.URL),
		HTTPClient:   f.srv.Client(),
	}
}

// unused lists fixtures no request asked for: a misspelt key would
// otherwise silently serve the empty response.
func (f *fakeAWS) unused() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for k := range f.fixtures {
		if f.served[k] == 0 {
			out = append(out, k)
		}
	}
	for k := range f.throttle {
		if f.served[k] == 0 {
			out = append(out, k+" !throttle")
		}
	}
	slices.Sort(out)
	return out
}

type fakeRequest struct {
	key                         string // the access key ID that signed it
	region, service, client, op string
	svc                         fakeService
	json                        map[string]any
	form                        url.Values
	query                       url.Values
	pathParam                   string
}

func (f *fakeAWS) serve(w http.ResponseWriter, r *http.Request) {
	req, err := f.parse(r)
	if err != nil {
		f.t.Errorf("fake AWS: %s %s: %v", r.Method, r.URL, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := req.region + "/" + req.client + "/" + req.op
	if p := req.param(); p != "" {
		key += "@" + p
	}
	if tok := req.token(); tok != "" {
		key += "#" + tok
	}
	f.mu.Lock()
	f.inflight++
	f.peak = max(f.peak, f.inflight)
	f.ops[req.client+"/"+req.op]++
	f.keys[req.key+" "+req.client+"/"+req.op]++
	f.served[key]++
	body, ok := f.fixtures[key]
	deny := f.deny[key]
	throttle := f.served[key] <= f.throttle[key]
	if deny {
		f.denied++
	}
	if throttle {
		f.throttled++
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight--
		f.mu.Unlock()
	}()
	switch {
	case deny:
		f.fail(w, req, true)
	case throttle:
		f.fail(w, req, false)
	case ok:
		f.reply(w, req, body)
	default:
		f.reply(w, req, nil)
	}
}

// parse reads the signing scope, the operation and its parameters.
func (f *fakeAWS) parse(r *http.Request) (*fakeRequest, error) {
	m := sigV4Scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		return nil, fmt.Errorf("request is not SigV4-signed: %q", r.Header.Get("Authorization"))
	}
	svc, ok := fakeServices[m[3]]
	if !ok {
		return nil, fmt.Errorf("unknown signing name %q", m[3])
	}
	req := &fakeRequest{key: m[1], region: m[2], service: m[3], client: svc.client, svc: svc, query: r.URL.Query()}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	switch svc.proto {
	case awsJSON10, awsJSON11:
		want := map[protocol]string{awsJSON10: "application/x-amz-json-1.0", awsJSON11: "application/x-amz-json-1.1"}[svc.proto]
		if ct := r.Header.Get("Content-Type"); ct != want {
			return nil, fmt.Errorf("content type %q, want %q", ct, want)
		}
		target := r.Header.Get("X-Amz-Target")
		_, req.op, ok = strings.Cut(target, ".")
		if !ok {
			return nil, fmt.Errorf("no X-Amz-Target")
		}
		if err := json.Unmarshal(body, &req.json); err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
	case awsQuery:
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			return nil, fmt.Errorf("content type %q, want a form", ct)
		}
		if req.form, err = url.ParseQuery(string(body)); err != nil {
			return nil, err
		}
		req.op = req.form.Get("Action")
	case restJSON, restXML:
		if svc.client == "apigateway" && strings.HasPrefix(r.URL.Path, "/v2/") {
			req.client = "apigatewayv2"
		}
		for _, rt := range restRoutes {
			if rt.client == req.client && rt.method == r.Method {
				if mm := rt.path.FindStringSubmatch(r.URL.EscapedPath()); mm != nil {
					req.op = rt.op
					if len(mm) > 1 {
						req.pathParam, _ = url.PathUnescape(mm[1])
					}
				}
			}
		}
		if len(body) > 0 && svc.proto == restJSON {
			if err := json.Unmarshal(body, &req.json); err != nil {
				return nil, fmt.Errorf("body: %w", err)
			}
		}
	}
	if req.op == "" {
		return nil, fmt.Errorf("no operation of %s matches", req.client)
	}
	return req, nil
}

// param is the fixture selector: a name, or the name in an ARN.
func (r *fakeRequest) param() string {
	v := r.pathParam
	if name, ok := params[r.client+"/"+r.op]; ok {
		switch x := r.json[name].(type) {
		case string:
			v = x
		case []any:
			var parts []string
			for _, e := range x {
				parts = append(parts, fmt.Sprint(e))
			}
			v = strings.Join(parts, ",")
		}
		if r.form.Get(name) != "" {
			v = r.form.Get(name)
		}
	}
	if a, err := awsarn.Parse(v); err == nil {
		parts := strings.Split(a.Resource, "/")
		if (a.Service == "kafka" || a.Service == "elasticloadbalancing") && len(parts) > 1 {
			return parts[1] // cluster/<name>/<uuid>, targetgroup/<name>/<id>
		}
		return arnName(v)
	}
	return v
}

func (r *fakeRequest) token() string {
	for _, k := range tokenParams {
		if s, ok := r.json[k].(string); ok && s != "" {
			return s
		}
		if r.form.Get(k) != "" {
			return r.form.Get(k)
		}
		if r.query.Get(k) != "" {
			return r.query.Get(k)
		}
	}
	return ""
}

// reply writes a successful response; body nil is the empty one.
func (f *fakeAWS) reply(w http.ResponseWriter, r *fakeRequest, body []byte) {
	w.Header().Set("X-Amzn-Requestid", "0e5c1f8a-5b7e-4f3c-9d1a-2f4b6c8d0e1f")
	switch r.svc.proto {
	case awsJSON10, awsJSON11:
		w.Header().Set("Content-Type", map[protocol]string{awsJSON10: "application/x-amz-json-1.0", awsJSON11: "application/x-amz-json-1.1"}[r.svc.proto])
		if body == nil {
			body = []byte("{}")
		}
		_, _ = w.Write(body)
	case restJSON:
		w.Header().Set("Content-Type", "application/json")
		if body == nil {
			body = []byte("{}")
		}
		_, _ = w.Write(body)
	case awsQuery:
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, "<%sResponse xmlns=%q>\n  <%sResult>\n%s  </%sResult>\n  <ResponseMetadata>\n    <RequestId>0e5c1f8a-5b7e-4f3c-9d1a-2f4b6c8d0e1f</RequestId>\n  </ResponseMetadata>\n</%sResponse>\n",
			r.op, r.svc.xmlns, r.op, body, r.op, r.op)
	case restXML:
		w.Header().Set("Content-Type", "application/xml")
		if body == nil {
			body = []byte(`<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets></Buckets></ListAllMyBucketsResult>`)
		}
		_, _ = w.Write(body)
	}
}

// fail writes an AccessDenied (deny) or throttling error the way the
// service's protocol does.
func (f *fakeAWS) fail(w http.ResponseWriter, r *fakeRequest, deny bool) {
	action := r.client + ":" + r.op
	if id, ok := callByOperation(r.client, r.op); ok {
		action = calls[id].Action
	}
	denied := "User: arn:aws:sts::123456789012:assumed-role/archdrift-readonly/nightly is not authorized to perform: " + action + " on resource: * because no identity-based policy allows the " + action + " action"
	switch r.svc.proto {
	case awsJSON10, awsJSON11:
		w.Header().Set("Content-Type", map[protocol]string{awsJSON10: "application/x-amz-json-1.0", awsJSON11: "application/x-amz-json-1.1"}[r.svc.proto])
		code, msg := "ThrottlingException", "Rate exceeded"
		if deny {
			code, msg = "AccessDeniedException", denied
			if r.client == "sqs" { // SQS speaks JSON but keeps its query error codes
				code = "com.amazon.coral.service#AccessDeniedException"
				w.Header().Set("X-Amzn-Query-Error", "AccessDenied;Sender")
			}
		}
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
	case restJSON:
		w.Header().Set("Content-Type", "application/json")
		if deny {
			w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `{"Message":%q}`, denied)
			return
		}
		w.Header().Set("X-Amzn-Errortype", "TooManyRequestsException")
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}`)
	case awsQuery:
		w.Header().Set("Content-Type", "text/xml")
		code, msg, status := "Throttling", "Rate exceeded", http.StatusBadRequest
		if deny {
			code, msg, status = "AccessDenied", denied, http.StatusForbidden
			if r.client == "sns" {
				code = "AuthorizationError"
			}
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, "<ErrorResponse xmlns=%q>\n  <Error>\n    <Type>Sender</Type>\n    <Code>%s</Code>\n    <Message>%s</Message>\n  </Error>\n  <RequestId>0e5c1f8a-5b7e-4f3c-9d1a-2f4b6c8d0e1f</RequestId>\n</ErrorResponse>\n", r.svc.xmlns, code, msg)
	case restXML:
		w.Header().Set("Content-Type", "application/xml")
		if deny {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>example</HostId></Error>`)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>example</HostId></Error>`)
	}
}

// golden compares got with a golden file, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test ./scanners/aws -update)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (run go test ./scanners/aws -update and review the diff):\n%s", name, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, a, c)
			shown++
		}
	}
	return b.String()
}
