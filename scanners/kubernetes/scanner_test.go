package kubernetes

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// deployment writes a Deployment whose pods carry app=<name>. env holds
// NAME=value pairs.
func deployment(ns, name, image string, env ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n", name)
	if ns != "" {
		fmt.Fprintf(&b, "  namespace: %s\n", ns)
	}
	fmt.Fprintf(&b, "spec:\n  selector:\n    matchLabels: {app: %s}\n  template:\n    metadata:\n      labels: {app: %s}\n"+
		"    spec:\n      containers:\n      - name: main\n        image: %s\n", name, name, image)
	if len(env) > 0 {
		b.WriteString("        env:\n")
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			fmt.Fprintf(&b, "        - name: %s\n          value: %q\n", k, v)
		}
	}
	return b.String()
}

// svcYAML writes a ClusterIP Service selecting app=<app>.
func svcYAML(ns, name, app string) string {
	return fmt.Sprintf("apiVersion: v1\nkind: Service\nmetadata:\n  name: %s\n  namespace: %s\nspec:\n  selector: {app: %s}\n  ports: [{port: 80}]\n", name, ns, app)
}

// docs joins documents into one multi-document stream.
func docs(parts ...string) string { return strings.Join(parts, "---\n") }

// scanFiles runs the scanner over an in-memory tree.
func scanFiles(t *testing.T, files map[string]string) (*model.Graph, []model.Diagnostic) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	g, diags, err := New().Scan(context.Background(), scanners.Input{FS: fsys, Root: "test"})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return g, diags
}

// short drops the scanner prefix from an ID, to keep the tables readable.
func short(id string) string { return strings.TrimPrefix(id, "kubernetes:") }

func edgeString(r *model.Relationship) string {
	s := short(r.From) + " -> " + short(r.To) + ": " + r.Description
	if r.Technology != "" {
		s += " [" + r.Technology + "]"
	}
	return s
}

type scanCase struct {
	name  string
	files map[string]string
	// elements is every element, by short ID.
	elements []string
	// edges is every relationship, as "from -> to: description [technology]".
	edges []string
	// classes maps short IDs to "kind/class/technology".
	classes map[string]string
	// props maps short IDs to properties the element must have.
	props map[string]map[string]string
	// absent maps short IDs to properties the element must not have.
	absent map[string][]string
	// sources maps short IDs, and edges as "from -> to", to their sources
	// (Source.String, several joined by " ").
	sources map[string]string
	// diags is every diagnostic, as Diagnostic.String.
	diags []string
}

var scanCases = []scanCase{
	{
		name: "deployment becomes a container",
		files: map[string]string{"deploy/web.yaml": `# a comment first
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
    tier: frontend
spec:
  template:
    metadata:
      labels:
        app: web
        track: stable
    spec:
      containers:
      - name: web
        image: ghcr.io/acme/web:1.2
      - name: cache
        image: redis:7
`},
		elements: []string{"shop/deployment/web"},
		classes:  map[string]string{"shop/deployment/web": "container/cache/Redis"},
		props: map[string]map[string]string{"shop/deployment/web": {
			"type": "Deployment", "namespace": "shop",
			"image": "ghcr.io/acme/web:1.2", "images": "ghcr.io/acme/web:1.2,redis:7",
			"label:app": "web", "label:tier": "frontend", "label:track": "stable",
		}},
		sources: map[string]string{"shop/deployment/web": "deploy/web.yaml:2:1"},
	},
	{
		name: "every workload kind, namespace default when absent",
		files: map[string]string{"all.yaml": docs(
			"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: postgres:16}]\n",
			"apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: fluent/fluentd:v1}]\n",
			"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
			"apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
			"apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: python:3.12}]\n",
			"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: mysql:8}]\n",
			"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: rabbitmq:3}]\n",
		)},
		elements: []string{"default/cronjob/cj", "default/daemonset/d", "default/job/j", "default/pod/p",
			"default/replicaset/r", "default/replicationcontroller/rc", "default/statefulset/s"},
		classes: map[string]string{
			"default/statefulset/s": "container/database/PostgreSQL", "default/daemonset/d": "container/infrastructure/Fluentd",
			"default/replicaset/r": "container/service/", "default/job/j": "container/service/Python",
			"default/cronjob/cj": "container/database/MySQL", "default/pod/p": "container/queue/RabbitMQ",
		},
		props: map[string]map[string]string{
			"default/cronjob/cj": {"type": "CronJob", "namespace": "default", "image": "mysql:8"},
			"default/pod/p":      {"type": "Pod"},
		},
		sources: map[string]string{"default/statefulset/s": "all.yaml:1:1", "default/pod/p": "all.yaml:52:1"},
	},
	{
		name: "sidecars do not name the workload",
		files: map[string]string{"w.yaml": docs(
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: meshed-db}\nspec:\n  template:\n    spec:\n      containers:\n"+
				"      - {name: istio-proxy, image: docker.io/istio/proxyv2:1.20}\n      - {name: db, image: postgres:16}\n",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: meshed-app}\nspec:\n  template:\n    spec:\n      containers:\n"+
				"      - {name: app, image: ghcr.io/acme/app:1}\n      - {name: log, image: fluent/fluent-bit:3}\n      - {name: envoy, image: envoyproxy/envoy:v1.29}\n",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: edge}\nspec:\n  template:\n    spec:\n      containers:\n"+
				"      - {name: envoy, image: envoyproxy/envoy:v1.29}\n",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: exported}\nspec:\n  template:\n    spec:\n      containers:\n"+
				"      - {name: metrics, image: bitnami/redis-exporter:1}\n      - {name: redis, image: redis:7}\n",
		)},
		elements: []string{"default/deployment/edge", "default/deployment/exported", "default/deployment/meshed-app", "default/deployment/meshed-db"},
		classes: map[string]string{
			"default/deployment/meshed-db":  "container/database/PostgreSQL",
			"default/deployment/meshed-app": "container/service/",
			"default/deployment/edge":       "container/gateway/Envoy",
			"default/deployment/exported":   "container/cache/Redis",
		},
		props: map[string]map[string]string{"default/deployment/meshed-db": {
			"image": "docker.io/istio/proxyv2:1.20", "images": "docker.io/istio/proxyv2:1.20,postgres:16",
		}},
	},
	{
		name: "explicit mapping from labels and annotations",
		files: map[string]string{"m.yaml": docs(
			"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  labels: {archdrift.io/element: shopflow.orders}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec:\n  template:\n    metadata:\n      annotations: {c4.element: Payment Service}\n    spec:\n      containers: [{name: c, image: x}]\n",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: c\n  labels: {c4.element: label-value}\n  annotations: {archdrift.io/element: Annotation Value}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
		)},
		elements: []string{"default/deployment/a", "default/deployment/b", "default/deployment/c", "default/deployment/d"},
		props: map[string]map[string]string{
			"default/deployment/a": {model.PropElement: "shopflow.orders"},
			"default/deployment/b": {model.PropElement: "Payment Service"},
			"default/deployment/c": {model.PropElement: "Annotation Value"},
		},
		absent: map[string][]string{"default/deployment/d": {model.PropElement}},
	},
	{
		name: "YAML that is not Kubernetes is ignored silently",
		files: map[string]string{
			"docker-compose.yml":       "services:\n  web:\n    image: nginx\n",
			".archdrift.yaml":          "mappings:\n  shopflow.web: kubernetes:default/deployment/web\n",
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
			"chart/values.yaml":        "image:\n  repository: web\nkind: frontend\n",
			"chart/Chart.yaml":         "apiVersion: v2\nname: web\nversion: 1.0.0\n",
			"kustomization.yaml":       "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [web.yaml]\n",
			"crd.yaml":                 "apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: custom}\nspec: {}\n",
			"knative.yaml":             "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{image: x}]\n",
			"scalar.yaml":              "just a string\n---\n- a\n- list\n---\n",
			"web.yaml":                 deployment("", "web", "nginx:1.27"),
		},
		elements: []string{"default/deployment/web"},
		classes:  map[string]string{"default/deployment/web": "container/gateway/NGINX"},
	},
	{
		name: "kinds that are not workloads are not elements",
		files: map[string]string{"infra.yaml": docs(
			"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules: [{host: shop.example.com}]\n",
			"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: b}\n",
			"apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {URL: 'http://db:5432'}\n",
			"apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules: []\n",
			"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: cr}\nrules: []\n",
			"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\nroleRef: {kind: Role, name: r}\n",
			"apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n",
			"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {}\n",
			"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: hpa}\nspec: {}\n",
			"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb}\nspec: {}\n",
			"apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n",
			"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: things.example.com}\nspec: {}\n",
			svcYAML("default", "web", "web"),
		)},
		elements: nil,
	},
	{
		name: "List kinds are unpacked",
		files: map[string]string{"list.yaml": `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: a}
  spec:
    template:
      spec:
        containers: [{name: c, image: x}]
- apiVersion: apps/v1
  kind: DeploymentList
  items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: b}
    spec:
      template:
        spec:
          containers: [{name: c, image: x}]
`},
		elements: []string{"default/deployment/a", "default/deployment/b"},
		sources:  map[string]string{"default/deployment/a": "list.yaml:4:3", "default/deployment/b": "list.yaml:14:5"},
	},
	{
		name: "Services resolve by label subset in the same namespace",
		files: map[string]string{
			"api.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: api, tier: backend}
    spec:
      containers: [{name: c, image: x}]
`,
			"other.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: other}
spec:
  template:
    metadata:
      labels: {app: api, tier: backend}
    spec:
      containers: [{name: c, image: x}]
`,
			"svc.yaml": docs(svcYAML("shop", "api-svc", "api"),
				"apiVersion: v1\nkind: Service\nmetadata: {name: strict, namespace: shop}\nspec:\n  selector: {app: api, version: v2}\n",
				"apiVersion: v1\nkind: Service\nmetadata: {name: manual, namespace: shop}\nspec:\n  ports: [{port: 80}]\n"),
			"client.yaml": deployment("shop", "client", "x", "API=api-svc:80", "STRICT=strict:80", "MANUAL=manual:80"),
		},
		elements: []string{"other/deployment/api", "shop/deployment/api", "shop/deployment/client"},
		edges:    []string{"shop/deployment/client -> shop/deployment/api: env API"},
		sources:  map[string]string{"shop/deployment/client -> shop/deployment/api": "client.yaml:17:11"},
	},
	{
		name: "cluster DNS forms, URLs and broker lists",
		files: map[string]string{
			"main.yaml": docs(
				deployment("main", "postgres", "postgres:16"), svcYAML("main", "postgres", "postgres"),
				deployment("main", "rabbitmq", "rabbitmq:3"), svcYAML("main", "rabbitmq", "rabbitmq"),
				"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: kafka, namespace: main}\nspec:\n  template:\n    metadata:\n      labels: {app: kafka}\n    spec:\n      containers: [{name: k, image: confluentinc/cp-kafka:7}]\n",
				"apiVersion: v1\nkind: Service\nmetadata: {name: kafka, namespace: main}\nspec:\n  clusterIP: None\n  selector: {app: kafka}\n",
				deployment("main", "worker", "x", "BROKERS=kafka-0.kafka:9092,kafka-1.kafka:9092", "API=http://api.shop.svc:8080/x"),
			),
			"shop.yaml": docs(
				deployment("shop", "api", "x"), svcYAML("shop", "api", "api"),
				deployment("shop", "client", "x",
					"DB_HOST=postgres.main",
					"AMQP_URL=amqp://user:pw@rabbitmq.main:5672",
					"DATABASE_URL=postgres://app:secret@postgres.main.svc.cluster.local/db",
					"KAFKA=kafka-0.kafka.main.svc.cluster.local:9092",
					"NOT_A_POD=web-0.api:80",
				),
			),
		},
		elements: []string{"main/deployment/postgres", "main/deployment/rabbitmq", "main/deployment/worker", "main/statefulset/kafka",
			"shop/deployment/api", "shop/deployment/client"},
		edges: []string{
			"main/deployment/worker -> main/statefulset/kafka: env BROKERS",
			"main/deployment/worker -> shop/deployment/api: env API [HTTP]",
			"shop/deployment/client -> main/deployment/postgres: env DATABASE_URL, DB_HOST",
			"shop/deployment/client -> main/deployment/rabbitmq: env AMQP_URL [AMQP]",
			"shop/deployment/client -> main/statefulset/kafka: env KAFKA",
		},
		classes: map[string]string{"main/statefulset/kafka": "container/stream/Apache Kafka"},
	},
	{
		name: "bare names are exact tokens, never substrings",
		files: map[string]string{"app.yaml": docs(
			deployment("", "order-service", "x"), svcYAML("default", "order-service", "order-service"),
			deployment("", "cart", "x"), svcYAML("default", "cart", "cart"),
			deployment("", "client", "x",
				"ORDER=order",
				"SENTENCE=put the cart in the trolley",
				"SUFFIXED=order-service-v2:80",
				"PREFIXED=my-cart:80",
				"PATH_ONLY=/var/cart",
				"CART=cart",
			),
		)},
		elements: []string{"default/deployment/cart", "default/deployment/client", "default/deployment/order-service"},
		edges:    []string{"default/deployment/client -> default/deployment/cart: env CART"},
	},
	{
		name: "a workload never depends on itself",
		files: map[string]string{"app.yaml": docs(
			deployment("", "web", "x", "SELF=web:80", "SELF_URL=http://web.default.svc.cluster.local/", "PEER=api:80"),
			svcYAML("default", "web", "web"),
			deployment("", "api", "x"), svcYAML("default", "api", "api"),
		)},
		elements: []string{"default/deployment/api", "default/deployment/web"},
		edges:    []string{"default/deployment/web -> default/deployment/api: env PEER"},
	},
	{
		name: "one edge per pair, every variable in the description, first source kept",
		files: map[string]string{"app.yaml": docs(
			deployment("", "api", "x"), svcYAML("default", "api", "api"), svcYAML("default", "api-alt", "api"),
			`apiVersion: apps/v1
kind: Deployment
metadata: {name: client}
spec:
  template:
    spec:
      containers:
      - name: main
        image: x
        args: ["--api", "api:80"]
        env:
        - {name: Z_ADDR, value: "api:80"}
        - {name: A_URL, value: "http://api-alt/x"}
        - {name: M, value: api}
`)},
		elements: []string{"default/deployment/api", "default/deployment/client"},
		edges:    []string{"default/deployment/client -> default/deployment/api: env A_URL, M, Z_ADDR; args [HTTP]"},
		sources:  map[string]string{"default/deployment/client -> default/deployment/api": "app.yaml:43:25"},
	},
	{
		name: "ConfigMaps resolve the environment; Secrets are not read",
		files: map[string]string{
			"config.yaml": docs(
				"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\ndata:\n  ORDERS_URL: http://orders:8080\n  LEVEL: debug\n",
				"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: peers, namespace: shop}\ndata:\n  CART: cart:7070\n  SHADOWED: audit:80\n",
				"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: elsewhere}\ndata:\n  ORDERS_URL: http://audit:80\n",
				"apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: shop}\nstringData:\n  DB: payments:5432\n",
			),
			"svc.yaml": docs(
				deployment("shop", "orders", "x"), svcYAML("shop", "orders", "orders"),
				deployment("shop", "cart", "x"), svcYAML("shop", "cart", "cart"),
				deployment("shop", "audit", "x"), svcYAML("shop", "audit", "audit"),
				deployment("shop", "payments", "x"), svcYAML("shop", "payments", "payments"),
			),
			"client.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: main
        image: x
        envFrom:
        - secretRef: {name: creds}
        - prefix: P_
          configMapRef: {name: peers}
        - configMapRef: {name: missing, optional: true}
        env:
        - name: ORDERS
          valueFrom:
            configMapKeyRef: {name: cfg, key: ORDERS_URL}
        - name: P_SHADOWED
          value: "off"
        - name: DB
          valueFrom:
            secretKeyRef: {name: creds, key: DB}
        - name: GONE
          valueFrom:
            configMapKeyRef: {name: cfg, key: NOPE}
`,
		},
		elements: []string{"shop/deployment/audit", "shop/deployment/cart", "shop/deployment/client", "shop/deployment/orders", "shop/deployment/payments"},
		edges: []string{
			"shop/deployment/client -> shop/deployment/cart: env P_CART",
			"shop/deployment/client -> shop/deployment/orders: env ORDERS [HTTP]",
		},
		sources: map[string]string{
			"shop/deployment/client -> shop/deployment/cart":   "client.yaml:12:11",
			"shop/deployment/client -> shop/deployment/orders": "client.yaml:16:11",
		},
	},
	{
		name: "command and args, of init containers too",
		files: map[string]string{"app.yaml": docs(
			deployment("", "db", "postgres:16"), svcYAML("default", "db", "db"),
			deployment("", "redis", "redis:7"), svcYAML("default", "redis", "redis"),
			deployment("", "queue", "x"), svcYAML("default", "queue", "queue"),
			`apiVersion: apps/v1
kind: Deployment
metadata: {name: client}
spec:
  template:
    spec:
      initContainers:
      - name: wait
        image: busybox
        args: ["queue"]
      containers:
      - name: main
        image: x
        command:
        - sh
        - -c
        - |
          until nc -z db 5432; do sleep 1; done
          exec app --cache=redis:6379
`)},
		elements: []string{"default/deployment/client", "default/deployment/db", "default/deployment/queue", "default/deployment/redis"},
		edges: []string{
			"default/deployment/client -> default/deployment/queue: args",
			"default/deployment/client -> default/deployment/redis: command",
		},
		sources: map[string]string{"default/deployment/client -> default/deployment/redis": "app.yaml:89:11"},
	},
	{
		name: "ExternalName Services are external systems, unless they alias a Service",
		files: map[string]string{"app.yaml": docs(
			"apiVersion: v1\nkind: Service\nmetadata: {name: stripe, namespace: shop}\nspec:\n  type: ExternalName\n  externalName: api.stripe.com\n",
			"apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  type: ExternalName\n  externalName: postgres.data.svc.cluster.local\n",
			"apiVersion: v1\nkind: Service\nmetadata: {name: loop-a, namespace: shop}\nspec:\n  type: ExternalName\n  externalName: loop-b\n",
			"apiVersion: v1\nkind: Service\nmetadata: {name: loop-b, namespace: shop}\nspec:\n  type: ExternalName\n  externalName: loop-a\n",
			deployment("data", "postgres", "postgres:16"), svcYAML("data", "postgres", "postgres"),
			deployment("shop", "payment", "x", "STRIPE_URL=https://stripe/v1", "DB=db:5432", "LOOP=loop-a:1"),
		)},
		elements: []string{"data/deployment/postgres", "shop/deployment/payment", "shop/external/stripe"},
		edges: []string{
			"shop/deployment/payment -> data/deployment/postgres: env DB",
			"shop/deployment/payment -> shop/external/stripe: env STRIPE_URL [HTTPS]",
		},
		classes: map[string]string{"shop/external/stripe": "system/external/"},
		props: map[string]map[string]string{"shop/external/stripe": {
			"externalName": "api.stripe.com", "type": "Service", "namespace": "shop",
		}},
		sources: map[string]string{"shop/external/stripe": "app.yaml:1:1"},
	},
	{
		name: "workloads created by a scanned controller are the controller's",
		files: map[string]string{"export.yaml": docs(
			deployment("", "web", "x"),
			"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-5d4f\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-5d4f-abcde\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f, uid: u2, controller: true}]\nspec:\n  containers: [{name: c, image: x}]\n",
			"apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: orphan\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: gone, uid: u3, controller: true}]\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
		)},
		elements: []string{"default/deployment/web", "default/replicaset/orphan"},
	},
	{
		name: "the same workload in two files is one element with two sources",
		files: map[string]string{
			"base/web.yaml":          deployment("", "web", "x"),
			"overlays/prod/web.yaml": "# prod\n" + deployment("", "web", "x"),
		},
		elements: []string{"default/deployment/web"},
		sources:  map[string]string{"default/deployment/web": "base/web.yaml:1:1 overlays/prod/web.yaml:2:1"},
	},
	{
		name: "malformed YAML is a diagnostic with its line and the scan goes on",
		files: map[string]string{
			"bad.yaml": docs(
				deployment("", "a", "x"),
				"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\n  labels: [unclosed\n",
				deployment("", "b", "x"),
			),
			"tabs.yml": "apiVersion: v1\nkind: Service\n\tmetadata: {}\n",
			"good.yml": deployment("", "c", "x"),
		},
		elements: []string{"default/deployment/a", "default/deployment/b", "default/deployment/c"},
		diags: []string{
			"kubernetes: bad.yaml:20: invalid YAML: did not find expected ',' or ']'",
			"kubernetes: tabs.yml:2: invalid YAML: found a tab character that violates indentation",
		},
	},
	{
		name: "objects that do not fit their type are diagnostics",
		files: map[string]string{"app.yaml": docs(
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  replicas: three\n",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {namespace: x}\nspec: {}\n",
			deployment("", "good", "x"),
		)},
		elements: []string{"default/deployment/good"},
		diags: []string{
			"kubernetes: app.yaml:1:1: Deployment default/bad: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
			"kubernetes: app.yaml:7:1: Deployment without metadata.name; skipped",
		},
	},
	{
		name: "unrendered Helm templates: one diagnostic per file",
		files: map[string]string{
			"chart/templates/deployment.yaml": `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  template:
    spec:
      containers:
      - name: web
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
{{- end }}
`,
			"chart/templates/service.yaml": `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector: {app: web}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: literal
spec:
  template:
    spec:
      containers:
      - name: web
        image: "{{ .Values.image }}"
`,
		},
		elements: []string{"default/deployment/literal"},
		diags: []string{
			"kubernetes: chart/templates/deployment.yaml:1: looks like an unrendered Helm or Go template (did not find expected node content); file skipped: render it (helm template) and scan the output",
			"kubernetes: chart/templates/service.yaml:1:1: looks like an unrendered Helm or Go template (Service named by a template expression); objects that could not be read skipped: render it (helm template) and scan the output",
		},
	},
}

func TestScan(t *testing.T) {
	for _, tt := range scanCases {
		t.Run(tt.name, func(t *testing.T) {
			g, diags := scanFiles(t, tt.files)
			checkGraph(t, tt, g, diags)
		})
	}
}

func checkGraph(t *testing.T, tt scanCase, g *model.Graph, diags []model.Diagnostic) {
	t.Helper()
	var ids, edges, ds []string
	sources := map[string]string{}
	srcString := func(ss []model.Source) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.String())
		}
		return strings.Join(out, " ")
	}
	for _, e := range g.Elements() {
		ids = append(ids, short(e.ID))
		sources[short(e.ID)] = srcString(e.Sources)
	}
	for _, r := range g.Relationships() {
		edges = append(edges, edgeString(r))
		sources[short(r.From)+" -> "+short(r.To)] = srcString(r.Sources)
	}
	for _, d := range diags {
		ds = append(ds, d.String())
	}
	empty := cmpopts.EquateEmpty()
	if diff := cmp.Diff(tt.elements, ids, empty); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tt.edges, edges, empty); diff != "" {
		t.Errorf("relationships (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tt.diags, ds, empty); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	for id, want := range tt.classes {
		e, ok := g.Element("kubernetes:" + id)
		if !ok {
			t.Errorf("no element %s", id)
			continue
		}
		if got := fmt.Sprintf("%s/%s/%s", e.Kind, e.Class, e.Technology); got != want {
			t.Errorf("%s: kind/class/technology = %q, want %q", id, got, want)
		}
	}
	for id, want := range tt.props {
		e, ok := g.Element("kubernetes:" + id)
		if !ok {
			t.Errorf("no element %s", id)
			continue
		}
		for k, v := range want {
			if got, ok := e.Properties[k]; !ok || got != v {
				t.Errorf("%s: property %q = %q (set %v), want %q", id, k, got, ok, v)
			}
		}
	}
	for id, keys := range tt.absent {
		e, ok := g.Element("kubernetes:" + id)
		if !ok {
			t.Errorf("no element %s", id)
			continue
		}
		for _, k := range keys {
			if v, ok := e.Properties[k]; ok {
				t.Errorf("%s: property %q = %q, want it absent", id, k, v)
			}
		}
	}
	for what, want := range tt.sources {
		if got := sources[what]; got != want {
			t.Errorf("source of %s = %q, want %q", what, got, want)
		}
	}
}

func TestElementFields(t *testing.T) {
	g, _ := scanFiles(t, map[string]string{"web.yaml": deployment("shop", "web", "redis:7")})
	got, ok := g.Element("kubernetes:shop/deployment/web")
	if !ok {
		t.Fatal("no element kubernetes:shop/deployment/web")
	}
	want := &model.Element{
		ID: "kubernetes:shop/deployment/web", Name: "web", Kind: model.KindContainer, Class: model.ClassCache, Technology: "Redis",
		Group: "shop",
		Properties: map[string]string{"type": "Deployment", "namespace": "shop", "image": "redis:7", "images": "redis:7",
			"label:app": "web"},
		Sources: []model.Source{{Scanner: "kubernetes", File: "web.yaml", Line: 1, Column: 1, Address: "shop/web"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("element (-want +got):\n%s", diff)
	}
}

// TestFileOrder checks that which file holds what does not change the graph:
// the Service may come before or after the workloads it selects.
func TestFileOrder(t *testing.T) {
	client := deployment("", "client", "x", "API=api:80")
	api := docs(deployment("", "api", "x"), svcYAML("default", "api", "api"))
	var want []byte
	for i, files := range []map[string]string{
		{"a.yaml": client, "b.yaml": api},
		{"a.yaml": api, "b.yaml": client},
	} {
		g, _ := scanFiles(t, files)
		for _, e := range g.Elements() {
			e.Sources = nil // the files differ by design
		}
		for _, r := range g.Relationships() {
			r.Sources = nil
		}
		got, err := g.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(got), `"from":"kubernetes:default/deployment/client"`) {
			t.Fatalf("layout %d: no edge from client in %s", i, got)
		}
		if i == 0 {
			want = got
		} else if string(got) != string(want) {
			t.Errorf("layout %d gave\n%s\nwant\n%s", i, got, want)
		}
	}
}

func TestDetect(t *testing.T) {
	pad := strings.Repeat("# licence line\n", detectPeek/15+1)
	tests := []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"manifest", map[string]string{"deploy/web.yaml": deployment("", "web", "x")}, true},
		{"yml manifest after a licence", map[string]string{"k8s/svc.yml": "# Copyright\n" + svcYAML("default", "a", "a")}, true},
		{"compose only", map[string]string{"docker-compose.yml": "services:\n  web:\n    image: nginx\n"}, false},
		{"chart metadata only", map[string]string{"Chart.yaml": "apiVersion: v2\nname: x\n"}, false},
		{"manifest beyond the peek", map[string]string{"late.yaml": pad + deployment("", "web", "x")}, false},
		{"json is not looked at", map[string]string{"x.json": `{"apiVersion": "v1", "kind": "Service"}`}, false},
		{"vendored manifests are skipped", map[string]string{"vendor/x/web.yaml": deployment("", "web", "x")}, false},
		{"empty", map[string]string{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			if got := New().Detect(fsys); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fsys := fstest.MapFS{"web.yaml": &fstest.MapFile{Data: []byte(deployment("", "web", "x"))}}
	if _, _, err := New().Scan(ctx, scanners.Input{FS: fsys}); err == nil {
		t.Error("Scan with a cancelled context returned no error")
	}
}

func TestName(t *testing.T) {
	var s scanners.Scanner = New()
	if s.Name() != "kubernetes" {
		t.Errorf("Name = %q, want kubernetes", s.Name())
	}
}
