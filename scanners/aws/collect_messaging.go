package aws

import (
	"context"
	"net"
	"net/url"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// collectSQS lists queues. ListQueues gives URLs, which hold the account
// and name the ARN is built from.
func collectSQS(ctx context.Context, rs *regionScan) error {
	c := sqs.NewFromConfig(rs.cfg)
	p := sqs.NewListQueuesPaginator(c, &sqs.ListQueuesInput{MaxResults: sdkaws.Int32(1000)}, func(o *sqs.ListQueuesPaginatorOptions) { o.StopOnDuplicateToken = true })
	return rs.pages(ctx, sqsListQueues, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, q := range page.QueueUrls {
			u, err := url.Parse(q)
			if err != nil {
				continue
			}
			parts := strings.Split(strings.Trim(u.Path, "/"), "/")
			if len(parts) != 2 {
				continue
			}
			rs.add(Resource{Type: "AWS::SQS::Queue", Region: rs.region, ARN: rs.arn("sqs", parts[0], parts[1]), Name: parts[1],
				Endpoints: []string{q}, Properties: map[string]string{"url": q}})
		}
		return nil
	})
}

// deliveringProtocols are the subscription protocols whose endpoint is a
// resource or a host; e-mail addresses and phone numbers are never read.
var deliveringProtocols = map[string]bool{"sqs": true, "lambda": true, "firehose": true, "http": true, "https": true}

// collectSNS lists topics and the subscriptions that deliver them.
func collectSNS(ctx context.Context, rs *regionScan) error {
	c := sns.NewFromConfig(rs.cfg)
	var topics []Resource
	byARN := map[string]int{}
	p := sns.NewListTopicsPaginator(c, &sns.ListTopicsInput{}, func(o *sns.ListTopicsPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, snsListTopics, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, t := range page.Topics {
			a := sdkaws.ToString(t.TopicArn)
			byARN[a] = len(topics)
			topics = append(topics, Resource{Type: "AWS::SNS::Topic", Region: rs.region, ARN: a, Name: arnName(a)})
		}
		return nil
	}); err != nil {
		return err
	}
	sp := sns.NewListSubscriptionsPaginator(c, &sns.ListSubscriptionsInput{}, func(o *sns.ListSubscriptionsPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, snsListSubscriptions, sp.HasMorePages, func() error {
		page, err := sp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.Subscriptions {
			i, ok := byARN[sdkaws.ToString(s.TopicArn)]
			if !ok || !deliveringProtocols[sdkaws.ToString(s.Protocol)] {
				continue
			}
			topics[i].Refs = append(topics[i].Refs, Ref{Verb: "delivers to", Via: "subscription", Value: sdkaws.ToString(s.Endpoint)})
		}
		return nil
	}); err != nil {
		return err
	}
	rs.add(topics...)
	return nil
}

// collectEventBridge lists buses, their rules (not the ones AWS services
// manage) and the rules' targets. The default bus, present in every
// region, is no element; its rules are.
func collectEventBridge(ctx context.Context, rs *regionScan) error {
	c := eventbridge.NewFromConfig(rs.cfg)
	var buses []Resource
	if err := rs.tokenPages(ctx, eventsListEventBuses, func(token *string) (*string, error) {
		page, err := c.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, b := range page.EventBuses {
			buses = append(buses, Resource{Type: "AWS::Events::EventBus", Region: rs.region, ARN: sdkaws.ToString(b.Arn), Name: sdkaws.ToString(b.Name)})
		}
		return page.NextToken, nil
	}); err != nil {
		return err
	}
	var rules []Resource
	for i := range buses {
		bus := buses[i].Name
		start := len(rules)
		if err := rs.tokenPages(ctx, eventsListRules, func(token *string) (*string, error) {
			page, err := c.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: sdkaws.String(bus), NextToken: token})
			if err != nil {
				return nil, err
			}
			for _, r := range page.Rules {
				if r.ManagedBy != nil {
					continue
				}
				rules = append(rules, Resource{Type: "AWS::Events::Rule", Region: rs.region, ARN: sdkaws.ToString(r.Arn), Name: sdkaws.ToString(r.Name), Scope: bus})
				buses[i].Refs = append(buses[i].Refs, Ref{Verb: "routes to", Via: "rule", Value: sdkaws.ToString(r.Arn)})
			}
			return page.NextToken, nil
		}); err != nil {
			return err
		}
		for j := start; j < len(rules); j++ {
			rule := &rules[j]
			if err := rs.tokenPages(ctx, eventsListTargetsByRule, func(token *string) (*string, error) {
				page, err := c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: sdkaws.String(rule.Name), EventBusName: sdkaws.String(bus), NextToken: token})
				if err != nil {
					return nil, err
				}
				for _, t := range page.Targets {
					rule.Refs = append(rule.Refs, Ref{Verb: "triggers", Via: "target " + sdkaws.ToString(t.Id), Value: sdkaws.ToString(t.Arn)})
				}
				return page.NextToken, nil
			}); err != nil {
				return err
			}
		}
	}
	for _, b := range buses {
		if b.Name != "default" {
			rs.add(b)
		}
	}
	rs.add(rules...)
	return nil
}

// collectKinesis lists data streams.
func collectKinesis(ctx context.Context, rs *regionScan) error {
	c := kinesis.NewFromConfig(rs.cfg)
	p := kinesis.NewListStreamsPaginator(c, &kinesis.ListStreamsInput{}, func(o *kinesis.ListStreamsPaginatorOptions) { o.StopOnDuplicateToken = true })
	return rs.pages(ctx, kinesisListStreams, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.StreamSummaries {
			rs.add(Resource{Type: "AWS::Kinesis::Stream", Region: rs.region, ARN: sdkaws.ToString(s.StreamARN), Name: sdkaws.ToString(s.StreamName)})
		}
		return nil
	})
}

// collectMSK lists Kafka clusters and their brokers' host names. A
// provisioned cluster's brokers share a domain of their own
// (b-1.orders.x1y2z3.c2.kafka.…), so any broker host reaches the cluster.
func collectMSK(ctx context.Context, rs *regionScan) error {
	c := kafka.NewFromConfig(rs.cfg)
	var clusters []Resource
	p := kafka.NewListClustersV2Paginator(c, &kafka.ListClustersV2Input{}, func(o *kafka.ListClustersV2PaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, kafkaListClustersV2, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cl := range page.ClusterInfoList {
			r := Resource{Type: "AWS::MSK::Cluster", Region: rs.region, ARN: sdkaws.ToString(cl.ClusterArn), Name: sdkaws.ToString(cl.ClusterName), Tags: cl.Tags}
			if cl.ClusterType == kafkatypes.ClusterTypeServerless {
				r.Type = "AWS::MSK::ServerlessCluster"
			}
			clusters = append(clusters, r)
		}
		return nil
	}); err != nil {
		return err
	}
	for i := range clusters {
		out, err := c.GetBootstrapBrokers(ctx, &kafka.GetBootstrapBrokersInput{ClusterArn: sdkaws.String(clusters[i].ARN)})
		if err != nil {
			if err := rs.check(ctx, kafkaGetBootstrapBrokers, err); err != nil {
				return err
			}
			continue
		}
		for _, list := range []*string{out.BootstrapBrokerString, out.BootstrapBrokerStringTls, out.BootstrapBrokerStringSaslIam,
			out.BootstrapBrokerStringSaslScram, out.BootstrapBrokerStringPublicTls, out.BootstrapBrokerStringPublicSaslIam,
			out.BootstrapBrokerStringPublicSaslScram, out.BootstrapBrokerStringVpcConnectivityTls, out.BootstrapBrokerStringVpcConnectivitySaslIam,
			out.BootstrapBrokerStringVpcConnectivitySaslScram} {
			for b := range strings.SplitSeq(sdkaws.ToString(list), ",") {
				host, _, err := net.SplitHostPort(strings.TrimSpace(b))
				if err != nil {
					continue
				}
				clusters[i].Endpoints = appendNew(clusters[i].Endpoints, host)
				if dot := strings.IndexByte(host, '.'); strings.HasPrefix(host, "b-") && dot > 0 {
					clusters[i].Endpoints = appendNew(clusters[i].Endpoints, "*."+host[dot+1:])
				}
			}
		}
	}
	rs.add(clusters...)
	return nil
}
