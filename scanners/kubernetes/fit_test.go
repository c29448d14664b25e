package kubernetes

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	sharedcorpus "github.com/archdrift/archdrift/internal/corpus"
	"github.com/archdrift/archdrift/internal/estategen/gen"
	"github.com/archdrift/archdrift/scanners/yamlbound"
)

// compareRoutes decodes one file and, for every object the fast path read,
// decodes it again through JSON (the route every object took before) and
// reports any difference: in the body, in the nodes charged to the budget,
// or an error the fast path missed. It returns how many objects went each
// way.
func compareRoutes(t *testing.T, name string, data []byte) (fast, slow int) {
	t.Helper()
	objs, _ := decodeFile(name, data)
	shapes := kindShapes()
	for _, o := range objs {
		f := fitter{shapes: shapes, budget: maxExpandedNodes}
		if !f.fits(o.node, shapes.byKind[o.kind], 0) {
			slow++
			continue
		}
		fast++
		where := name + ": " + o.kind + " " + o.address()
		if o.err != nil {
			t.Errorf("%s: fits, but decoding failed: %v", where, o.err)
			continue
		}
		if nodes, err := yamlbound.Measure(o.node, yamlbound.Limits{Nodes: maxExpandedNodes, Depth: maxDepth}); err != nil || nodes != f.nodes {
			t.Errorf("%s: fitter counted %d nodes, yamlbound %d (%v)", where, f.nodes, nodes, err)
		}
		raw, err := (&fileDecoder{budget: maxExpandedNodes}).toJSON(o.node)
		if err != nil {
			t.Errorf("%s: fits, but the JSON route fails: %v", where, err)
			continue
		}
		want := object{kind: o.kind, node: o.node}
		if err := decodeJSON(&want, raw); err != nil {
			t.Errorf("%s: fits, but the JSON route fails: %v\n%s", where, err, raw)
			continue
		}
		opts := cmp.Options{cmp.AllowUnexported(podTemplate{}, objectMeta{}, ownerReference{}, podSpec{}, container{}, envVar{},
			configMapKey{}, envFromSource{}, serviceSpec{}, pos{}, label{}), cmpopts.EquateEmpty(),
			cmpopts.SortSlices(func(a, b label) bool { return a.key < b.key })}
		// Positions included: both routes must place references alike.
		if diff := cmp.Diff(want.pod, o.pod, opts); diff != "" {
			t.Errorf("%s: pod differs (-JSON +fast):\n%s", where, diff)
		}
		if diff := cmp.Diff(want.service, o.service, opts); diff != "" {
			t.Errorf("%s: service differs (-JSON +fast):\n%s", where, diff)
		}
		if diff := cmp.Diff(want.data, o.data, opts); diff != "" {
			t.Errorf("%s: data differs (-JSON +fast):\n%s", where, diff)
		}
	}
	return fast, slow
}

// fitCases are documents the fast path must judge right, each with the
// route it must take. Every case is also checked against the JSON route.
var fitCases = []struct {
	name string
	doc  string
	fast bool
}{
	{"plain deployment", deployment("a", "web", "redis:7", "A=b:1"), true},
	{"every field the scanner reads", `apiVersion: apps/v1
kind: Deployment
metadata:
  name: full
  labels: {app: full, empty: "", nothing: null}
  annotations: {c4.element: Full}
  ownerReferences:
  - {apiVersion: apps/v1, kind: Deployment, name: x, uid: u, controller: True}
  - {apiVersion: apps/v1, kind: Deployment, name: y, uid: u, controller: false}
  - {apiVersion: apps/v1, kind: Deployment, name: z, uid: u}
  - null
spec:
  replicas: 3
  template:
    metadata: {labels: {app: full}}
    spec:
      initContainers:
      - {name: init, image: busybox, restartPolicy: Always, args: [a, "b", null]}
      containers:
      - name: main
        image: x
        command: []
        args: null
        env:
        - {name: A, value: "1"}
        - {name: B, value: null}
        - {name: C, valueFrom: {configMapKeyRef: {name: cm, key: k, optional: true}}}
        - {name: D, valueFrom: {secretKeyRef: {name: s, key: k}}}
        - {name: E, valueFrom: {configMapKeyRef: null}}
        - {name: F, valueFrom: {configMapKeyRef: {}}}
        - null
        envFrom:
        - {prefix: P_, configMapRef: {name: cm}}
        - {secretRef: {name: s}}
        - {configMapRef: {}}
        - {configMapRef: null}
        ports: [{containerPort: 80, name: http}]
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 1, memory: 1e3, ephemeral-storage: 0.5}
        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 10}
        livenessProbe: {tcpSocket: {port: 8080}}
      - null
status: {replicas: 3}
`, true},
	{"every workload kind", docs(
		"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: postgres:16}]\n",
		"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {a: b}}\n        spec:\n          containers: [{name: c, image: mysql:8}]\n",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: b}}\nspec:\n  containers: [{name: c, image: rabbitmq:3}]\n",
		"apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec: {}\n",
	), true},
	{"services", docs(
		svcYAML("a", "api", "api"),
		"apiVersion: v1\nkind: Service\nmetadata: {name: h}\nspec: {clusterIP: None, selector: {app: h}}\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: e}\nspec: {type: ExternalName, externalName: ' api.example.com '}\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: n}\nspec: null\n",
	), true},
	{"config map", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: x, B: '', C: null}\n", true},
	{"unknown fields of any JSON type", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, x-extra: {a: [1, 2.5, true, null, {b: c}]}}\nextra: -3\n", true},
	{"quoted creation timestamp", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, creationTimestamp: '2024-01-01T00:00:00Z'}\n", true},
	{"null creation timestamp", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, creationTimestamp: null}\n", true},
	{"unquoted creation timestamp, read by metav1.Time", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, creationTimestamp: 2024-01-01T00:00:00Z}\n", true},

	// What the JSON route decides.
	{"integer where a string goes", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {PORT: 8080}\n", false},
	{"string where an integer goes", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  replicas: three\n", false},
	{"float where an integer goes", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 1.0\n", false},
	{"integer overflow", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 4294967296\n", false},
	{"octal integer", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 010\n", false},
	{"key JSON matches case-insensitively", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, Image: x}]\n", false},
	{"non-ASCII key", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, \"\u212aind\": x}\n", false},
	{"duplicate key", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: x, A: y}\n", false},
	{"non-string key", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nextra: {1: x}\n", false},
	{"explicit tag", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: !!str 1}\n", false},
	{"alias", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: &l {a: b}, annotations: *l}\n", false},
	{"merge key", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {<<: {a: b}}\n", false},
	{"unquoted timestamp", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: 2024-01-01}\n", false},
	{"infinity", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nextra: .inf\n", false},
	{"bad quantity", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, resources: {limits: {cpu: lots}}}]\n", false},
	{"bad port", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, livenessProbe: {tcpSocket: {port: true}}}]\n", false},
	{"mapping where a string goes", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: {a: b}}]\n", false},
	{"managed fields (a mapping for metav1.FieldsV1)", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  managedFields: [{manager: kubectl, fieldsV1: {f:data: {}}}]\n", true},
	{"managed fields as kubectl writes them", `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  creationTimestamp: "2024-05-01T10:00:00Z"
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:metadata:
        f:labels:
          .: {}
          f:app: {}
      f:spec:
        f:template:
          f:spec:
            f:containers:
              k:{"name":"web"}:
                .: {}
                f:image: {}
    manager: kubectl-client-side-apply
    operation: Update
    time: "2024-05-01T10:00:00Z"
  - {manager: other, fieldsV1: null, time: null}
  - {manager: scalars, fieldsV1: [1, true, x, null, 1.5]}
spec:
  template:
    spec:
      containers: [{name: web, image: nginx}]
`, true},
	{"managed fields with an infinity", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  managedFields: [{fieldsV1: {f:x: .inf}}]\n", false},
	{"managed fields with a timestamp", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  managedFields: [{fieldsV1: {f:x: 2024-01-01}}]\n", false},
	{"managed fields with a non-string key", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  managedFields: [{fieldsV1: {1: x}}]\n", false},
	{"base64 bytes", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData: {a: aGk=}\n", false},
}

func TestFitCases(t *testing.T) {
	for _, tt := range fitCases {
		t.Run(tt.name, func(t *testing.T) {
			// The JSON route drops an object it cannot convert, so
			// slow cases may have no object left.
			fast, slow := compareRoutes(t, "f.yaml", []byte(tt.doc))
			if tt.fast && (fast == 0 || slow > 0) {
				t.Errorf("%d objects took the fast path, %d the JSON route; want all fast", fast, slow)
			}
			if !tt.fast && fast > 0 {
				t.Errorf("%d objects took the fast path, want none", fast)
			}
		})
	}
}

// TestFastPathCoverage checks that real manifests take the fast path: the
// testdata estates that are not malformed on purpose, the public corpus
// and a generated estate. A manifest that takes the JSON route is still
// read right, only slower; this test keeps that from going unnoticed.
func TestFastPathCoverage(t *testing.T) {
	dirs := []string{filepath.Join("testdata", "basics"), filepath.Join("testdata", "env-resolution")}
	if root := sharedcorpus.Root(); root != "" {
		dirs = append(dirs, filepath.Join(root, "k8s", "online-boutique"), filepath.Join(root, "sock-shop", "kubernetes"))
	}
	estate := t.TempDir()
	if _, err := gen.Generate(estate, gen.Options{Scale: 1, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, estate)
	for _, dir := range dirs {
		fast, slow := 0, 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f, s := compareRoutes(t, p, data)
			fast, slow = fast+f, slow+s
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if fast == 0 || slow > 0 {
			t.Errorf("%s: %d objects took the fast path, %d the JSON route; want all fast", dir, fast, slow)
		}
	}
}

// FuzzFastPath checks, on arbitrary input, that whatever the fast path
// reads, the JSON route would have read the same way without error.
func FuzzFastPath(f *testing.F) {
	for _, tt := range fitCases {
		f.Add([]byte(tt.doc))
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*.y*ml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareRoutes(t, "f.yaml", data)
	})
}
