package gen

import (
	"fmt"
	"strings"
)

// workload is one Kubernetes workload to write.
type workload struct {
	kind, name string
	image      string
	// labels and annotations on the workload's own metadata.
	labels, annotations [][2]string
	// env are literal environment variables, in order.
	env [][2]string
	// config, when set, goes into a ConfigMap the workload reads with
	// envFrom.
	config [][2]string
	// port, when set, is exposed by a Service of the same name.
	port int
	// schedule is a CronJob's.
	schedule string
	replicas int
}

// kubernetes writes deploy/k8s/<namespace>/<workload>.yaml for every
// domain, the platform's gateway and the monitoring stack.
func (e *estate) kubernetes() {
	for _, d := range e.domains {
		e.domainWorkloads(d)
	}
	e.platformWorkloads()
	e.monitoringWorkloads()
}

func (e *estate) domainWorkloads(d *domain) {
	ns := d.slug
	dir := "deploy/k8s/" + ns + "/"
	e.file(dir + "namespace.yaml").WriteString(fmt.Sprintf(`apiVersion: v1
kind: Namespace
metadata:
  name: %s
  labels:
    team: %s
`, ns, ns))
	e.counts.KubernetesFiles++
	img := func(role string) string { return "registry.example.com/" + d.slug + "/" + role + ":" + d.version }

	api := workload{kind: "Deployment", name: d.name("api"), image: img("api"), port: 8080, replicas: d.replicas,
		env: [][2]string{
			{"DB_HOST", d.name("store")},
			{"DB_PORT", "5432"},
			{"EVENTS_QUEUE", d.name("events")},
			{"FILES_BUCKET", d.name("files")},
			{"LOG_FORMAT", "json"},
		},
		config: [][2]string{{"CACHE_URL", "redis://" + d.name("cache") + ":6379/0"}, {"PAGE_SIZE", "50"}},
	}
	if d.prev != nil {
		api.config = append(api.config, [2]string{"UPSTREAM_URL", "http://" + d.prev.name("api") + "." + d.prev.slug + ".svc.cluster.local:8080"})
	}
	e.writeWorkload(dir, ns, api)

	web := workload{kind: "Deployment", name: d.name("web"), image: img("web"), port: 3000, replicas: 2,
		env: [][2]string{{"API_URL", "http://" + d.name("api") + ":8080"}, {"NODE_ENV", "production"}}}
	if d.has(undocumentedRelationship) {
		web.env = append(web.env, [2]string{"SESSION_CACHE", "redis://" + d.name("cache") + ":6379/1"})
		e.plant("relationship.undocumented", d.docID("Web")+"->"+d.docID("Cache"),
			d.k8sID("Deployment", d.name("web"))+"->"+d.k8sID("StatefulSet", d.name("cache")))
	}
	e.writeWorkload(dir, ns, web)

	cacheImage := "redis:7.2-alpine"
	if d.has(cacheTechnology) {
		cacheImage = "memcached:1.6-alpine"
		e.plant("technology.mismatch", d.docID("Cache"), d.k8sID("StatefulSet", d.name("cache")))
	}
	e.writeWorkload(dir, ns, workload{kind: "StatefulSet", name: d.name("cache"), image: cacheImage, port: 6379, replicas: 1})

	for i := range d.workers() {
		w := workload{kind: "Deployment", name: fmt.Sprintf("%s-%d", d.name("worker"), i), image: img("worker"), replicas: 1,
			env: [][2]string{{"EVENTS_QUEUE", d.name("events")}, {"API_URL", "http://" + d.name("api") + ":8080"}, {"CONCURRENCY", fmt.Sprint(4 + i%4)}}}
		if i == 1 && d.has(shortcut) {
			w.env = append(w.env, [2]string{"DB_HOST", d.name("store")})
			obs := d.k8sID("Deployment", w.name) + "->" + d.tfID("aws_db_instance.store")
			e.plant("relationship.undocumented", d.docID("Workers")+"->"+d.docID("Store"), obs)
			e.plant("adr.violation", d.docID("Workers")+"->"+d.docID("Store"), obs)
		}
		e.writeWorkload(dir, ns, w)
	}
	for i := range d.crons {
		name := cronNames[i%len(cronNames)]
		e.writeWorkload(dir, ns, workload{kind: "CronJob", name: d.name(name), image: img("worker"),
			schedule:    fmt.Sprintf("%d %d * * *", (7*i+d.index)%60, (3*i+d.index)%24),
			annotations: [][2]string{{"archdrift.io/element", d.title + " Workers"}},
			env:         [][2]string{{"API_URL", "http://" + d.name("api") + ":8080"}, {"TASK", name}}})
	}
	e.writeWorkload(dir, ns, workload{kind: "Job", name: d.name("migrate"), image: img("api"),
		labels: [][2]string{{"archdrift.io/element", d.docID("Api")}},
		env:    [][2]string{{"DB_HOST", d.name("store")}, {"MIGRATIONS", "/migrations"}}})
	if d.has(undocumentedWorkload) {
		e.writeWorkload(dir, ns, workload{kind: "Deployment", name: d.name("backfill"), image: img("worker"), replicas: 1,
			env: [][2]string{{"API_URL", "http://" + d.name("api") + ":8080"}}})
		e.plant("element.undocumented", "", d.k8sID("Deployment", d.name("backfill")))
	}
}

// platformWorkloads is the edge gateway in front of every domain's API.
func (e *estate) platformWorkloads() {
	gw := workload{kind: "Deployment", name: "edge-gateway", image: "kong:3.6", port: 8000, replicas: 3,
		env: [][2]string{{"KONG_DATABASE", "off"}, {"KONG_PROXY_LISTEN", "0.0.0.0:8000"}}}
	for _, d := range e.domains {
		gw.env = append(gw.env, [2]string{"UPSTREAM_" + strings.ToUpper(d.slug), "http://" + d.name("api") + "." + d.slug + ".svc.cluster.local:8080"})
	}
	e.writeWorkload("deploy/k8s/platform/", "platform", gw)
}

// monitoringWorkloads are supporting infrastructure that the config
// excludes.
func (e *estate) monitoringWorkloads() {
	dir := "deploy/k8s/monitoring/"
	e.writeWorkload(dir, "monitoring", workload{kind: "Deployment", name: "prometheus", image: "prom/prometheus:v2.51.0", port: 9090, replicas: 1})
	e.writeWorkload(dir, "monitoring", workload{kind: "Deployment", name: "grafana", image: "grafana/grafana:10.4.0", port: 3000, replicas: 1,
		env: [][2]string{{"GF_DATASOURCE_URL", "http://prometheus:9090"}}})
	e.writeWorkload(dir, "monitoring", workload{kind: "DaemonSet", name: "fluent-bit", image: "fluent/fluent-bit:3.0",
		env: [][2]string{{"LOKI_URL", "http://loki:3100"}}})
	e.writeWorkload(dir, "monitoring", workload{kind: "StatefulSet", name: "loki", image: "grafana/loki:2.9.6", port: 3100, replicas: 1})
}

// writeWorkload writes one file: the workload, its ConfigMap and its
// Service.
func (e *estate) writeWorkload(dir, ns string, w workload) {
	b := e.file(dir + w.name + ".yaml")
	e.counts.KubernetesFiles++
	e.counts.KubernetesWorkloads++
	if len(w.config) > 0 {
		fmt.Fprintf(b, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s-config\n  namespace: %s\ndata:\n", w.name, ns)
		for _, kv := range w.config {
			fmt.Fprintf(b, "  %s: %s\n", kv[0], yamlString(kv[1]))
		}
		b.WriteString("---\n")
	}
	apiVersion := "apps/v1"
	switch w.kind {
	case "Job", "CronJob":
		apiVersion = "batch/v1"
	}
	fmt.Fprintf(b, "apiVersion: %s\nkind: %s\nmetadata:\n  name: %s\n  namespace: %s\n  labels:\n", apiVersion, w.kind, w.name, ns)
	fmt.Fprintf(b, "    app.kubernetes.io/name: %s\n    app.kubernetes.io/part-of: %s\n", w.name, ns)
	for _, kv := range w.labels {
		fmt.Fprintf(b, "    %s: %s\n", kv[0], yamlString(kv[1]))
	}
	if len(w.annotations) > 0 {
		b.WriteString("  annotations:\n")
		for _, kv := range w.annotations {
			fmt.Fprintf(b, "    %s: %s\n", kv[0], yamlString(kv[1]))
		}
	}
	b.WriteString("spec:\n")
	pad := "  "
	switch w.kind {
	case "Deployment", "StatefulSet":
		fmt.Fprintf(b, "  replicas: %d\n", max(w.replicas, 1))
		if w.kind == "StatefulSet" {
			fmt.Fprintf(b, "  serviceName: %s\n", w.name)
		}
		fmt.Fprintf(b, "  selector:\n    matchLabels:\n      app.kubernetes.io/name: %s\n", w.name)
	case "DaemonSet":
		fmt.Fprintf(b, "  selector:\n    matchLabels:\n      app.kubernetes.io/name: %s\n", w.name)
	case "CronJob":
		fmt.Fprintf(b, "  schedule: %q\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n", w.schedule)
		pad = "      "
	case "Job":
		b.WriteString("  backoffLimit: 2\n")
	}
	fmt.Fprintf(b, "%stemplate:\n%s  metadata:\n%s    labels:\n%s      app.kubernetes.io/name: %s\n", pad, pad, pad, pad, w.name)
	fmt.Fprintf(b, "%s  spec:\n", pad)
	p := pad + "    "
	if w.kind == "Job" || w.kind == "CronJob" {
		fmt.Fprintf(b, "%srestartPolicy: OnFailure\n", p)
	}
	fmt.Fprintf(b, "%sserviceAccountName: %s\n%scontainers:\n", p, w.name, p)
	fmt.Fprintf(b, "%s  - name: %s\n%s    image: %s\n", p, containerName(w.name, ns), p, w.image)
	c := p + "    "
	if w.port > 0 {
		fmt.Fprintf(b, "%sports:\n%s  - containerPort: %d\n", c, c, w.port)
	}
	if len(w.config) > 0 {
		fmt.Fprintf(b, "%senvFrom:\n%s  - configMapRef:\n%s      name: %s-config\n", c, c, c, w.name)
	}
	if len(w.env) > 0 {
		fmt.Fprintf(b, "%senv:\n", c)
		for _, kv := range w.env {
			fmt.Fprintf(b, "%s  - name: %s\n%s    value: %s\n", c, kv[0], c, yamlString(kv[1]))
		}
	}
	fmt.Fprintf(b, "%sresources:\n%s  requests:\n%s    cpu: 100m\n%s    memory: 128Mi\n%s  limits:\n%s    memory: 512Mi\n", c, c, c, c, c, c)
	if w.port > 0 && w.kind != "Job" && w.kind != "CronJob" {
		fmt.Fprintf(b, "%sreadinessProbe:\n%s  tcpSocket:\n%s    port: %d\n%s  periodSeconds: 10\n", c, c, c, w.port, c)
		fmt.Fprintf(b, "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: %s\n  namespace: %s\nspec:\n  selector:\n    app.kubernetes.io/name: %s\n  ports:\n    - port: %d\n      targetPort: %d\n",
			w.name, ns, w.name, w.port, w.port)
	}
}

// containerName is the workload's name without its namespace prefix: the
// container of billing-api is "api".
func containerName(name, ns string) string {
	if rest, ok := strings.CutPrefix(name, ns+"-"); ok {
		return rest
	}
	return name
}

// yamlString quotes a value when YAML would read it as something else.
func yamlString(s string) string {
	if s == "" || strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`") || strings.TrimLeft(s, "0123456789.") == "" ||
		s == "true" || s == "false" || s == "off" || s == "on" || s == "yes" || s == "no" {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// compose writes dev/<domain>/compose.yaml, the stack the team runs on a
// laptop: the same services under the same names, a local Redis and
// PostgreSQL labelled with the documented elements they stand for, and the
// AWS resources reached by name.
func (e *estate) compose() {
	for _, d := range e.domains {
		b := e.file("dev/" + d.slug + "/compose.yaml")
		e.counts.ComposeFiles++
		img := func(role string) string { return "registry.example.com/" + d.slug + "/" + role + ":" + d.version }
		fmt.Fprintf(b, `# Local development stack of the %[1]s domain: docker compose up.
name: %[2]s

services:
  %[3]s:
    image: %[4]s
    ports:
      - "8080:8080"
    environment:
      DB_HOST: postgres
      CACHE_URL: redis://redis:6379/0
      EVENTS_QUEUE: %[5]s
      FILES_BUCKET: %[6]s
    depends_on:
      - postgres
      - redis

  %[7]s:
    image: %[8]s
    ports:
      - "3000:3000"
    environment:
      API_URL: http://%[3]s:8080
    depends_on:
      - %[3]s

  %[9]s:
    image: %[10]s
    environment:
      API_URL: http://%[3]s:8080
      EVENTS_QUEUE: %[5]s
    depends_on:
      - %[3]s

  redis:
    image: redis:7.2-alpine
    labels:
      archdrift.io/element: %[11]s

  postgres:
    image: postgres:15
    labels:
      archdrift.io/element: %[12]s
    environment:
      POSTGRES_DB: %[2]s
      POSTGRES_PASSWORD: local-only
    volumes:
      - store:/var/lib/postgresql/data

volumes:
  store:
`, d.title, d.slug, d.name("api"), img("api"), d.name("events"), d.name("files"),
			d.name("web"), img("web"), d.name("worker"), img("worker"), d.docID("Cache"), d.docID("Store"))
	}
}
