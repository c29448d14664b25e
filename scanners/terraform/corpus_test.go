package terraform

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/internal/corpus"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// repoRoot is the folder holding go.mod, above the test's directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
}

// corpusDir returns a folder of the shared conformance corpus, or skips.
func corpusDir(t testing.TB, rel string) string {
	t.Helper()
	return corpus.Dir(t, rel)
}

// TestShopFlow checks what the quick-start estate's Terraform yields: the
// PostgreSQL explicitly mapped to shopflow.db, the image bucket named so
// that it matches "Product Images", the order-event queue the model does
// not show, and the order service's role; the subnet group, security group,
// public access block and role policy are plumbing.
func TestShopFlow(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "testdata", "shopflow")
	g, diags, err := New(Options{}).Scan(context.Background(), scanners.Input{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	type elem struct {
		ID, Name, Technology, Element string
		Class                         model.Class
	}
	want := []elem{
		{"terraform:terraform/aws_db_instance.shopflow", "shopflow", "PostgreSQL", "shopflow.db", model.ClassDatabase},
		{"terraform:terraform/aws_s3_bucket.images", "shopflow-product-images", "Amazon S3", "", model.ClassBucket},
		{"terraform:terraform/aws_sqs_queue.order_events", "shopflow-order-events", "Amazon SQS", "", model.ClassQueue},
		{"terraform:terraform/modules/workload-role/module.order_service_role.aws_iam_role.this", "shopflow-order-service", "AWS IAM", "", model.ClassInfrastructure},
	}
	var got []elem
	for _, e := range g.Elements() {
		got = append(got, elem{e.ID, e.Name, e.Technology, e.Properties[model.PropElement], e.Class})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("elements (-want +got):\n%s", d)
	}
}

// TestCorpusECSFullstack scans aws-samples/amazon-ecs-fullstack-app-terraform
// and compares the result with a list made by hand from its .tf files:
//
//   - main.tf calls Modules/ECS/Service twice (ecs_service_server,
//     ecs_service_client): two aws_ecs_service named "Service-${var.name}",
//     name being "${var.environment_name}-server" and "-client".
//   - Modules/ALB is called six times; only alb_server and alb_client pass
//     create_alb = true, so only they have an aws_alb (count = 1), named
//     "alb-${var.name}" with "${var.environment_name}-ser" and "-cli". The
//     four target_group_* calls make aws_alb_target_group, a part.
//   - Modules/Dynamodb (dynamodb_table): one table "assets-table-${env}".
//   - Modules/S3 twice: buckets "codepipeline-${region}-${random}" and
//     "assets-${region}-${random}".
//   - Modules/SNS (sns): one topic "sns-${env}".
//   - Modules/IAM is called five times: create_ecs_role makes the execution
//     and task roles in ecs_role, create_devops_role and
//     create_codedeploy_role one role each; the two policy calls make none.
//     Role names come from the iam_role_name default map. Class
//     infrastructure: matched when documented, never drift.
//   - ECR, CodeBuild, CodeDeploy, CodePipeline, networking, security
//     groups, autoscaling, log groups and alarms are plumbing.
//
// Relationships:
//
//   - alb_server's http_listener forwards to var.target_group =
//     module.target_group_server_blue.arn_tg, which ecs_service_server's
//     load_balancer also names: alb_server → ecs_service_server, and the
//     same for the client. The security groups agree: each ECS task group
//     admits its ALB's group. The ALB is a load balancer, so the diff looks
//     through it.
//   - ecs_role passes [module.dynamodb_table.dynamodb_table_arn] into the
//     ECS task role's policy (policy_for_ecs_task_role, attached by
//     ecs_attachment); both task definitions take that role
//     (module.ecs_role.arn_role_ecs_task_role), and each service runs its
//     task definition: both services → the table.
//   - Nothing else: the topic and the buckets are used only by CodeDeploy
//     and CodePipeline, which are not elements.
func TestCorpusECSFullstack(t *testing.T) {
	dir := corpusDir(t, "terraform/aws-ecs-fullstack")
	g, diags, err := New(Options{}).Scan(context.Background(), scanners.Input{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	type elem struct {
		ID, Name string
		Class    model.Class
	}
	const (
		svcServer = "terraform:Modules/ECS/Service/module.ecs_service_server.aws_ecs_service.ecs_service"
		svcClient = "terraform:Modules/ECS/Service/module.ecs_service_client.aws_ecs_service.ecs_service"
		albServer = "terraform:Modules/ALB/module.alb_server.aws_alb.alb"
		albClient = "terraform:Modules/ALB/module.alb_client.aws_alb.alb"
		table     = "terraform:Modules/Dynamodb/module.dynamodb_table.aws_dynamodb_table.dynamodb_table"
	)
	wantElements := []elem{
		{albClient, "alb-cli", model.ClassLoadBalancer},
		{albServer, "alb-ser", model.ClassLoadBalancer},
		{table, "assets-table", model.ClassDatabase},
		{svcClient, "Service-client", model.ClassService},
		{svcServer, "Service-server", model.ClassService},
		{"terraform:Modules/IAM/module.codedeploy_role.aws_iam_role.codedeploy_role", "CodeDeploy-Role", model.ClassInfrastructure},
		{"terraform:Modules/IAM/module.devops_role.aws_iam_role.devops_role", "DevOps-Role", model.ClassInfrastructure},
		{"terraform:Modules/IAM/module.ecs_role.aws_iam_role.ecs_task_excecution_role", "ECS-task-excecution-Role", model.ClassInfrastructure},
		{"terraform:Modules/IAM/module.ecs_role.aws_iam_role.ecs_task_role", "ECS-task-Role", model.ClassInfrastructure},
		{"terraform:Modules/S3/module.s3_assets.aws_s3_bucket.s3_bucket", "assets", model.ClassBucket},
		{"terraform:Modules/S3/module.s3_codepipeline.aws_s3_bucket.s3_bucket", "codepipeline", model.ClassBucket},
		{"terraform:Modules/SNS/module.sns.aws_sns_topic.sns_notifications", "sns", model.ClassTopic},
	}
	var gotElements []elem
	for _, e := range g.Elements() {
		gotElements = append(gotElements, elem{e.ID, e.Name, e.Class})
	}
	if d := cmp.Diff(wantElements, gotElements); d != "" {
		t.Errorf("elements (-want +got):\n%s", d)
	}
	wantEdges := [][2]string{
		{albClient, svcClient},
		{albServer, svcServer},
		{svcClient, table},
		{svcServer, table},
	}
	var gotEdges [][2]string
	for _, r := range g.Relationships() {
		gotEdges = append(gotEdges, [2]string{r.From, r.To})
	}
	if d := cmp.Diff(wantEdges, gotEdges); d != "" {
		t.Errorf("relationships (-want +got):\n%s", d)
	}
	for _, id := range []string{albServer, albClient} {
		if e, ok := g.Element(id); !ok || !model.IsTransparent(e.Class) {
			t.Errorf("%s is not a transparent element", id)
		}
	}
	// Every element and edge points at a file:line of the estate.
	for _, e := range g.Elements() {
		for _, s := range e.Sources {
			if _, err := os.Stat(filepath.Join(dir, s.File)); err != nil || s.Line == 0 {
				t.Errorf("%s: source %v", e.ID, s)
			}
		}
	}
	for _, r := range g.Relationships() {
		if !slices.ContainsFunc(r.Sources, func(s model.Source) bool { return s.File != "" && s.Line > 0 }) {
			t.Errorf("%s → %s has no file:line", r.From, r.To)
		}
	}
}
