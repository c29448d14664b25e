package aws

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

// describeServicesBatch is the most services DescribeServices takes.
const describeServicesBatch = 10

// collectECS lists the services of every cluster with their task
// definitions: images, environment (references), secrets (names only) and
// the target groups they are registered in.
func collectECS(ctx context.Context, rs *regionScan) error {
	c := ecs.NewFromConfig(rs.cfg)
	var clusters []string
	p := ecs.NewListClustersPaginator(c, &ecs.ListClustersInput{}, func(o *ecs.ListClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, ecsListClusters, p.HasMorePages, func() error {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		clusters = append(clusters, out.ClusterArns...)
		return nil
	}); err != nil {
		return err
	}
	taskDefs := map[string]*ecstypes.TaskDefinition{}
	for _, cluster := range clusters {
		clusterName := arnName(cluster)
		var arns []string
		sp := ecs.NewListServicesPaginator(c, &ecs.ListServicesInput{Cluster: sdkaws.String(cluster)}, func(o *ecs.ListServicesPaginatorOptions) { o.StopOnDuplicateToken = true })
		if err := rs.pages(ctx, ecsListServices, sp.HasMorePages, func() error {
			out, err := sp.NextPage(ctx)
			if err != nil {
				return err
			}
			arns = append(arns, out.ServiceArns...)
			return nil
		}); err != nil {
			return err
		}
		for batch := range slices.Chunk(arns, describeServicesBatch) {
			out, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: sdkaws.String(cluster), Services: batch, Include: []ecstypes.ServiceField{ecstypes.ServiceFieldTags}})
			if err != nil {
				if err := rs.check(ctx, ecsDescribeServices, err); err != nil {
					return err
				}
				// The listing still says the services exist.
				for _, a := range batch {
					rs.add(Resource{Type: "AWS::ECS::Service", Region: rs.region, ARN: a, Name: arnName(a), Scope: clusterName})
				}
				continue
			}
			for _, svc := range out.Services {
				r := Resource{Type: "AWS::ECS::Service", Region: rs.region, ARN: sdkaws.ToString(svc.ServiceArn), Name: sdkaws.ToString(svc.ServiceName), Scope: clusterName, Tags: ecsTags(svc.Tags)}
				for _, lb := range svc.LoadBalancers {
					if lb.TargetGroupArn != nil {
						r.Refs = append(r.Refs, Ref{Verb: verbMember, Value: *lb.TargetGroupArn})
					}
				}
				if td := sdkaws.ToString(svc.TaskDefinition); td != "" {
					def, seen := taskDefs[td]
					if !seen {
						got, err := c.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: sdkaws.String(td)})
						if err != nil {
							if err := rs.check(ctx, ecsDescribeTaskDefinition, err); err != nil {
								return err
							}
						} else {
							def = got.TaskDefinition
						}
						taskDefs[td] = def
					}
					r.Properties = map[string]string{"task-definition": arnName(td)}
					addTaskDefinition(&r, def)
				}
				rs.add(r)
			}
		}
	}
	return nil
}

// addTaskDefinition takes the images, environment and secret names of a
// task definition's containers.
func addTaskDefinition(r *Resource, def *ecstypes.TaskDefinition) {
	if def == nil {
		return
	}
	var images, secrets []string
	for _, cd := range def.ContainerDefinitions {
		if img := sdkaws.ToString(cd.Image); img != "" {
			images = appendNew(images, img)
		}
		for _, kv := range cd.Environment {
			r.Refs = append(r.Refs, Ref{Verb: "uses", Via: "env " + sdkaws.ToString(kv.Name), Value: sdkaws.ToString(kv.Value)})
		}
		for _, s := range cd.Secrets {
			// Names only: a secret lives in Secrets Manager or Parameter
			// Store, which are no part of the topology.
			secrets = appendNew(secrets, sdkaws.ToString(s.Name))
		}
	}
	slices.Sort(secrets)
	if len(images) > 0 {
		r.Properties["image"] = strings.Join(images, ", ")
	}
	if len(secrets) > 0 {
		r.Properties["secrets"] = strings.Join(secrets, ", ")
	}
}

func ecsTags(tags []ecstypes.Tag) map[string]string {
	return tagMap(tags, func(t ecstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// tagMap turns a service's own tag list into a map; each SDK has its own Tag
// type with the same two fields.
func tagMap[T any](tags []T, kv func(T) (key, value *string)) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		m[sdkaws.ToString(k)] = sdkaws.ToString(v)
	}
	return m
}

// collectLambda lists functions with their environment, and the event
// source mappings that feed them.
func collectLambda(ctx context.Context, rs *regionScan) error {
	c := lambda.NewFromConfig(rs.cfg)
	var fns []Resource
	byARN := map[string]int{}
	p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{}, func(o *lambda.ListFunctionsPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, lambdaListFunctions, p.HasMorePages, func() error {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, f := range out.Functions {
			r := Resource{Type: "AWS::Lambda::Function", Region: rs.region, ARN: sdkaws.ToString(f.FunctionArn), Name: sdkaws.ToString(f.FunctionName), Properties: map[string]string{}}
			if f.Runtime != "" {
				r.Properties["runtime"] = string(f.Runtime)
			} else if f.PackageType != "" {
				r.Properties["package"] = string(f.PackageType)
			}
			if f.Environment != nil {
				for _, k := range sortedKeys(f.Environment.Variables) {
					r.Refs = append(r.Refs, Ref{Verb: "uses", Via: "env " + k, Value: f.Environment.Variables[k]})
				}
			}
			byARN[r.ARN] = len(fns)
			fns = append(fns, r)
		}
		return nil
	}); err != nil {
		return err
	}
	mp := lambda.NewListEventSourceMappingsPaginator(c, &lambda.ListEventSourceMappingsInput{}, func(o *lambda.ListEventSourceMappingsPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, lambdaListEventSourceMappings, mp.HasMorePages, func() error {
		out, err := mp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, m := range out.EventSourceMappings {
			fn := sdkaws.ToString(m.FunctionArn)
			i, ok := byARN[fn]
			if !ok {
				// A qualified ARN (…:function:name:alias) belongs to its function.
				if j := strings.LastIndexByte(fn, ':'); j > 0 {
					i, ok = byARN[fn[:j]]
				}
			}
			if !ok {
				continue
			}
			if src := sdkaws.ToString(m.EventSourceArn); src != "" {
				fns[i].Refs = append(fns[i].Refs, Ref{Verb: "consumes", Via: "event source mapping", Value: src})
			}
			if m.SelfManagedEventSource != nil {
				for _, k := range sortedKeys(m.SelfManagedEventSource.Endpoints) {
					for _, e := range m.SelfManagedEventSource.Endpoints[k] {
						fns[i].Refs = append(fns[i].Refs, Ref{Verb: "consumes", Via: "event source mapping", Value: e})
					}
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	rs.add(fns...)
	return nil
}

// collectStepFunctions lists state machines and what their definitions
// name (Lambda functions, queues, tables …).
func collectStepFunctions(ctx context.Context, rs *regionScan) error {
	c := sfn.NewFromConfig(rs.cfg)
	var machines []Resource
	p := sfn.NewListStateMachinesPaginator(c, &sfn.ListStateMachinesInput{}, func(o *sfn.ListStateMachinesPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, sfnListStateMachines, p.HasMorePages, func() error {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, m := range out.StateMachines {
			machines = append(machines, Resource{Type: "AWS::StepFunctions::StateMachine", Region: rs.region, ARN: sdkaws.ToString(m.StateMachineArn), Name: sdkaws.ToString(m.Name)})
		}
		return nil
	}); err != nil {
		return err
	}
	for i := range machines {
		out, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: sdkaws.String(machines[i].ARN)})
		if err != nil {
			if err := rs.check(ctx, sfnDescribeStateMachine, err); err != nil {
				return err
			}
			continue
		}
		for _, s := range jsonStrings(sdkaws.ToString(out.Definition)) {
			machines[i].Refs = append(machines[i].Refs, Ref{Verb: "calls", Via: "definition", Value: s})
		}
	}
	rs.add(machines...)
	return nil
}

// maxJSONStrings bounds the strings read from one document.
const maxJSONStrings = 4096

// jsonStrings returns the string values of a JSON document (a state
// machine definition), each of which may name a resource.
func jsonStrings(doc string) []string {
	if len(doc) > maxValueBytes*16 {
		return nil
	}
	var v any
	if json.Unmarshal([]byte(doc), &v) != nil {
		return nil
	}
	var out []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if len(out) >= maxJSONStrings || depth > 64 {
			return
		}
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			for _, k := range sortedKeys(x) {
				walk(x[k], depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
