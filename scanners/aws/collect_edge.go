package aws

import (
	"context"
	"net/url"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
)

// collectRestAPIs lists REST APIs and, through GetResources with embedded
// methods, what each method integrates with (a Lambda function, an HTTP
// host behind a load balancer, a queue).
func collectRestAPIs(ctx context.Context, rs *regionScan) error {
	c := apigateway.NewFromConfig(rs.cfg)
	var apis []Resource
	p := apigateway.NewGetRestApisPaginator(c, &apigateway.GetRestApisInput{}, func(o *apigateway.GetRestApisPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, apigatewayGetRestApis, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.Items {
			id := sdkaws.ToString(a.Id)
			apis = append(apis, Resource{Type: "AWS::ApiGateway::RestApi", Region: rs.region, ARN: "arn:" + rs.partition + ":apigateway:" + rs.region + "::/restapis/" + id,
				Name: sdkaws.ToString(a.Name), Tags: a.Tags, Properties: map[string]string{"api-id": id},
				Endpoints: []string{id + ".execute-api." + rs.region + ".amazonaws.com"}})
		}
		return nil
	}); err != nil {
		return err
	}
	for i := range apis {
		api := &apis[i]
		rp := apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{RestApiId: sdkaws.String(api.Properties["api-id"]), Embed: []string{"methods"}}, func(o *apigateway.GetResourcesPaginatorOptions) { o.StopOnDuplicateToken = true })
		if err := rs.pages(ctx, apigatewayGetResources, rp.HasMorePages, func() error {
			page, err := rp.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, res := range page.Items {
				for _, verb := range sortedKeys(res.ResourceMethods) {
					in := res.ResourceMethods[verb].MethodIntegration
					if in == nil {
						continue
					}
					via := "integration " + verb + " " + sdkaws.ToString(res.Path)
					for _, v := range []*string{in.Uri, in.IntegrationTarget} {
						if v != nil {
							api.Refs = append(api.Refs, Ref{Verb: "routes to", Via: via, Value: *v})
						}
					}
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	rs.add(apis...)
	return nil
}

// collectHTTPAPIs lists HTTP and WebSocket APIs and their integrations.
// The SDK has no paginators for these: NextToken is followed by hand.
func collectHTTPAPIs(ctx context.Context, rs *regionScan) error {
	c := apigatewayv2.NewFromConfig(rs.cfg)
	var apis []Resource
	if err := rs.tokenPages(ctx, apigatewayGetApis, func(token *string) (*string, error) {
		page, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, a := range page.Items {
			id := sdkaws.ToString(a.ApiId)
			r := Resource{Type: "AWS::ApiGatewayV2::Api", Region: rs.region, ARN: "arn:" + rs.partition + ":apigateway:" + rs.region + "::/apis/" + id,
				Name: sdkaws.ToString(a.Name), Tags: a.Tags, Properties: map[string]string{"api-id": id, "protocol": string(a.ProtocolType)}}
			if u, err := url.Parse(sdkaws.ToString(a.ApiEndpoint)); err == nil && u.Hostname() != "" {
				r.Endpoints = []string{u.Hostname()}
			}
			apis = append(apis, r)
		}
		return page.NextToken, nil
	}); err != nil {
		return err
	}
	for i := range apis {
		api := &apis[i]
		if err := rs.tokenPages(ctx, apigatewayGetIntegrations, func(token *string) (*string, error) {
			page, err := c.GetIntegrations(ctx, &apigatewayv2.GetIntegrationsInput{ApiId: sdkaws.String(api.Properties["api-id"]), NextToken: token})
			if err != nil {
				return nil, err
			}
			for _, in := range page.Items {
				if in.IntegrationUri != nil {
					api.Refs = append(api.Refs, Ref{Verb: "routes to", Via: "integration " + sdkaws.ToString(in.IntegrationId), Value: *in.IntegrationUri})
				}
			}
			return page.NextToken, nil
		}); err != nil {
			return err
		}
	}
	rs.add(apis...)
	return nil
}

// collectELB lists load balancers and target groups. A target group is no
// element: it joins its load balancers to its members, which are ECS
// services (they name the group) and, for Lambda and ALB target types, the
// registered targets.
func collectELB(ctx context.Context, rs *regionScan) error {
	c := elb.NewFromConfig(rs.cfg)
	lp := elb.NewDescribeLoadBalancersPaginator(c, &elb.DescribeLoadBalancersInput{}, func(o *elb.DescribeLoadBalancersPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, elbDescribeLoadBalancers, lp.HasMorePages, func() error {
		page, err := lp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, lb := range page.LoadBalancers {
			r := Resource{Type: "AWS::ElasticLoadBalancingV2::LoadBalancer", Region: rs.region, ARN: sdkaws.ToString(lb.LoadBalancerArn), Name: sdkaws.ToString(lb.LoadBalancerName),
				Properties: map[string]string{"load-balancer-type": string(lb.Type)}}
			if lb.DNSName != nil {
				r.Endpoints = []string{*lb.DNSName}
			}
			rs.add(r)
		}
		return nil
	}); err != nil {
		return err
	}
	var groups []Resource
	var types []elbtypes.TargetTypeEnum
	gp := elb.NewDescribeTargetGroupsPaginator(c, &elb.DescribeTargetGroupsInput{}, func(o *elb.DescribeTargetGroupsPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, elbDescribeTargetGroups, gp.HasMorePages, func() error {
		page, err := gp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, tg := range page.TargetGroups {
			r := Resource{Type: "AWS::ElasticLoadBalancingV2::TargetGroup", Region: rs.region, ARN: sdkaws.ToString(tg.TargetGroupArn), Name: sdkaws.ToString(tg.TargetGroupName)}
			for _, lb := range tg.LoadBalancerArns {
				r.Refs = append(r.Refs, Ref{Verb: verbAttached, Value: lb})
			}
			groups = append(groups, r)
			types = append(types, tg.TargetType)
		}
		return nil
	}); err != nil {
		return err
	}
	for i := range groups {
		if types[i] != elbtypes.TargetTypeEnumLambda && types[i] != elbtypes.TargetTypeEnumAlb {
			continue // instances and IPs are no resources of the inventory
		}
		out, err := c.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: sdkaws.String(groups[i].ARN)})
		if err != nil {
			if err := rs.check(ctx, elbDescribeTargetHealth, err); err != nil {
				return err
			}
			continue
		}
		for _, d := range out.TargetHealthDescriptions {
			if d.Target != nil && d.Target.Id != nil {
				groups[i].Refs = append(groups[i].Refs, Ref{Verb: "forwards to", Via: "target", Value: *d.Target.Id})
			}
		}
	}
	rs.add(groups...)
	return nil
}

// collectTags reads every tag of the region through the Resource Groups
// Tagging API: the one call that covers the services whose listings carry
// no tags (S3, SQS, SNS, Lambda, DynamoDB …).
func collectTags(ctx context.Context, rs *regionScan) error {
	c := resourcegroupstaggingapi.NewFromConfig(rs.cfg)
	p := resourcegroupstaggingapi.NewGetResourcesPaginator(c, &resourcegroupstaggingapi.GetResourcesInput{ResourcesPerPage: sdkaws.Int32(100)}, func(o *resourcegroupstaggingapi.GetResourcesPaginatorOptions) { o.StopOnDuplicateToken = true })
	return rs.pages(ctx, tagGetResources, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		rs.mu.Lock()
		defer rs.mu.Unlock()
		for _, m := range page.ResourceTagMappingList {
			a := sdkaws.ToString(m.ResourceARN)
			if rs.tags[a] == nil {
				rs.tags[a] = map[string]string{}
			}
			for _, t := range m.Tags {
				rs.tags[a][sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
			}
		}
		return nil
	})
}
