package aws

import (
	"context"
	"slices"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/aws/aws-sdk-go-v2/service/memorydb"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// collectRDS lists instances, clusters (Aurora, DocumentDB, Neptune) and
// proxies with their endpoints. An instance of a cluster is no element of
// its own: its endpoint reaches the cluster.
func collectRDS(ctx context.Context, rs *regionScan) error {
	c := rds.NewFromConfig(rs.cfg)
	var out []Resource
	memberHosts := map[string][]string{} // cluster ID → endpoints of its instances
	ip := rds.NewDescribeDBInstancesPaginator(c, &rds.DescribeDBInstancesInput{}, func(o *rds.DescribeDBInstancesPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, rdsDescribeDBInstances, ip.HasMorePages, func() error {
		page, err := ip.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, db := range page.DBInstances {
			var hosts []string
			if db.Endpoint != nil && db.Endpoint.Address != nil {
				hosts = append(hosts, *db.Endpoint.Address)
			}
			if cl := sdkaws.ToString(db.DBClusterIdentifier); cl != "" {
				memberHosts[cl] = append(memberHosts[cl], hosts...)
				continue
			}
			out = append(out, Resource{Type: "AWS::RDS::DBInstance", Region: rs.region, ARN: sdkaws.ToString(db.DBInstanceArn), Name: sdkaws.ToString(db.DBInstanceIdentifier),
				Engine: sdkaws.ToString(db.Engine), Endpoints: hosts, Tags: rdsTags(db.TagList)})
		}
		return nil
	}); err != nil {
		return err
	}
	cp := rds.NewDescribeDBClustersPaginator(c, &rds.DescribeDBClustersInput{}, func(o *rds.DescribeDBClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, rdsDescribeDBClusters, cp.HasMorePages, func() error {
		page, err := cp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cl := range page.DBClusters {
			id := sdkaws.ToString(cl.DBClusterIdentifier)
			hosts := slices.Clone(memberHosts[id])
			for _, h := range []*string{cl.Endpoint, cl.ReaderEndpoint} {
				if h != nil {
					hosts = append(hosts, *h)
				}
			}
			out = append(out, Resource{Type: "AWS::RDS::DBCluster", Region: rs.region, ARN: sdkaws.ToString(cl.DBClusterArn), Name: id,
				Engine: sdkaws.ToString(cl.Engine), Endpoints: hosts, Tags: rdsTags(cl.TagList)})
		}
		return nil
	}); err != nil {
		return err
	}
	var proxies []Resource
	pp := rds.NewDescribeDBProxiesPaginator(c, &rds.DescribeDBProxiesInput{}, func(o *rds.DescribeDBProxiesPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, rdsDescribeDBProxies, pp.HasMorePages, func() error {
		page, err := pp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.DBProxies {
			r := Resource{Type: "AWS::RDS::DBProxy", Region: rs.region, ARN: sdkaws.ToString(p.DBProxyArn), Name: sdkaws.ToString(p.DBProxyName)}
			if p.Endpoint != nil {
				r.Endpoints = []string{*p.Endpoint}
			}
			proxies = append(proxies, r)
		}
		return nil
	}); err != nil {
		return err
	}
	for i := range proxies {
		tp := rds.NewDescribeDBProxyTargetsPaginator(c, &rds.DescribeDBProxyTargetsInput{DBProxyName: sdkaws.String(proxies[i].Name)}, func(o *rds.DescribeDBProxyTargetsPaginatorOptions) { o.StopOnDuplicateToken = true })
		if err := rs.pages(ctx, rdsDescribeDBProxyTargets, tp.HasMorePages, func() error {
			page, err := tp.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, t := range page.Targets {
				var target string
				switch {
				case t.Type == rdstypes.TargetTypeTrackedCluster:
					target = rs.arn("rds", "", "cluster:"+sdkaws.ToString(t.RdsResourceId))
				case t.TrackedClusterId != nil:
					continue // an instance of a tracked cluster: the cluster is the target
				case t.Type == rdstypes.TargetTypeRdsInstance:
					target = rs.arn("rds", "", "db:"+sdkaws.ToString(t.RdsResourceId))
				default:
					continue
				}
				proxies[i].Refs = append(proxies[i].Refs, Ref{Verb: "proxies", Via: "proxy target", Value: target})
			}
			return nil
		}); err != nil {
			return err
		}
	}
	rs.add(append(out, proxies...)...)
	return nil
}

func rdsTags(tags []rdstypes.Tag) map[string]string {
	return tagMap(tags, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value })
}

// collectDynamoDB lists tables. ListTables gives names only: the ARN is
// built, tags come from the tagging API.
func collectDynamoDB(ctx context.Context, rs *regionScan) error {
	c := dynamodb.NewFromConfig(rs.cfg)
	p := dynamodb.NewListTablesPaginator(c, &dynamodb.ListTablesInput{}, func(o *dynamodb.ListTablesPaginatorOptions) { o.StopOnDuplicateToken = true })
	return rs.pages(ctx, dynamodbListTables, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, name := range page.TableNames {
			rs.add(Resource{Type: "AWS::DynamoDB::Table", Region: rs.region, ARN: rs.arn("dynamodb", "", "table/"+name), Name: name})
		}
		return nil
	})
}

// collectElastiCache lists replication groups and the clusters that belong
// to none; a member cluster's node endpoints reach its group.
func collectElastiCache(ctx context.Context, rs *regionScan) error {
	c := elasticache.NewFromConfig(rs.cfg)
	var groups, clusters []Resource
	groupIndex := map[string]int{}
	gp := elasticache.NewDescribeReplicationGroupsPaginator(c, &elasticache.DescribeReplicationGroupsInput{}, func(o *elasticache.DescribeReplicationGroupsPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, elasticacheDescribeReplicationGroups, gp.HasMorePages, func() error {
		page, err := gp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.ReplicationGroups {
			r := Resource{Type: "AWS::ElastiCache::ReplicationGroup", Region: rs.region, ARN: sdkaws.ToString(g.ARN), Name: sdkaws.ToString(g.ReplicationGroupId), Engine: sdkaws.ToString(g.Engine)}
			if r.Engine == "" {
				r.Engine = "redis" // groups predating the field are Redis
			}
			r.Endpoints = appendEndpoints(r.Endpoints, g.ConfigurationEndpoint)
			for _, ng := range g.NodeGroups {
				r.Endpoints = appendEndpoints(r.Endpoints, ng.PrimaryEndpoint, ng.ReaderEndpoint)
				for _, m := range ng.NodeGroupMembers {
					r.Endpoints = appendEndpoints(r.Endpoints, m.ReadEndpoint)
				}
			}
			groupIndex[r.Name] = len(groups)
			groups = append(groups, r)
		}
		return nil
	}); err != nil {
		return err
	}
	cp := elasticache.NewDescribeCacheClustersPaginator(c, &elasticache.DescribeCacheClustersInput{ShowCacheNodeInfo: sdkaws.Bool(true)}, func(o *elasticache.DescribeCacheClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
	if err := rs.pages(ctx, elasticacheDescribeCacheClusters, cp.HasMorePages, func() error {
		page, err := cp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cc := range page.CacheClusters {
			var hosts []string
			hosts = appendEndpoints(hosts, cc.ConfigurationEndpoint)
			for _, n := range cc.CacheNodes {
				hosts = appendEndpoints(hosts, n.Endpoint)
			}
			if g := sdkaws.ToString(cc.ReplicationGroupId); g != "" {
				if i, ok := groupIndex[g]; ok {
					groups[i].Endpoints = append(groups[i].Endpoints, hosts...)
				}
				continue
			}
			clusters = append(clusters, Resource{Type: "AWS::ElastiCache::CacheCluster", Region: rs.region, ARN: sdkaws.ToString(cc.ARN), Name: sdkaws.ToString(cc.CacheClusterId),
				Engine: sdkaws.ToString(cc.Engine), Endpoints: hosts})
		}
		return nil
	}); err != nil {
		return err
	}
	rs.add(append(groups, clusters...)...)
	return nil
}

func appendEndpoints(list []string, eps ...*ectypes.Endpoint) []string {
	for _, e := range eps {
		if e != nil && e.Address != nil {
			list = append(list, *e.Address)
		}
	}
	return list
}

// collectMemoryDB lists clusters with their cluster and node endpoints.
func collectMemoryDB(ctx context.Context, rs *regionScan) error {
	c := memorydb.NewFromConfig(rs.cfg)
	p := memorydb.NewDescribeClustersPaginator(c, &memorydb.DescribeClustersInput{ShowShardDetails: sdkaws.Bool(true)}, func(o *memorydb.DescribeClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
	return rs.pages(ctx, memorydbDescribeClusters, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cl := range page.Clusters {
			r := Resource{Type: "AWS::MemoryDB::Cluster", Region: rs.region, ARN: sdkaws.ToString(cl.ARN), Name: sdkaws.ToString(cl.Name), Engine: sdkaws.ToString(cl.Engine)}
			if cl.ClusterEndpoint != nil && cl.ClusterEndpoint.Address != nil {
				r.Endpoints = append(r.Endpoints, *cl.ClusterEndpoint.Address)
			}
			for _, sh := range cl.Shards {
				for _, n := range sh.Nodes {
					if n.Endpoint != nil && n.Endpoint.Address != nil {
						r.Endpoints = append(r.Endpoints, *n.Endpoint.Address)
					}
				}
			}
			rs.add(r)
		}
		return nil
	})
}

// describeDomainsBatch is the most domains DescribeDomains takes.
const describeDomainsBatch = 5

// collectOpenSearch lists OpenSearch and Elasticsearch domains with their
// public, VPC and custom endpoints. ListDomainNames is not paginated.
func collectOpenSearch(ctx context.Context, rs *regionScan) error {
	c := opensearch.NewFromConfig(rs.cfg)
	list, err := c.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		return rs.check(ctx, opensearchListDomainNames, err)
	}
	var names []string
	for _, d := range list.DomainNames {
		names = append(names, sdkaws.ToString(d.DomainName))
	}
	for batch := range slices.Chunk(names, describeDomainsBatch) {
		out, err := c.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batch})
		if err != nil {
			if err := rs.check(ctx, opensearchDescribeDomains, err); err != nil {
				return err
			}
			for _, n := range batch {
				rs.add(Resource{Type: "AWS::OpenSearchService::Domain", Region: rs.region, ARN: rs.arn("es", "", "domain/"+n), Name: n})
			}
			continue
		}
		for _, d := range out.DomainStatusList {
			r := Resource{Type: "AWS::OpenSearchService::Domain", Region: rs.region, ARN: sdkaws.ToString(d.ARN), Name: sdkaws.ToString(d.DomainName), Engine: sdkaws.ToString(d.EngineVersion)}
			if strings.HasPrefix(r.Engine, "Elasticsearch_") {
				r.Type = "AWS::Elasticsearch::Domain"
			}
			if d.Endpoint != nil {
				r.Endpoints = append(r.Endpoints, *d.Endpoint)
			}
			for _, k := range sortedKeys(d.Endpoints) {
				r.Endpoints = append(r.Endpoints, d.Endpoints[k])
			}
			if o := d.DomainEndpointOptions; o != nil && o.CustomEndpoint != nil {
				r.Endpoints = append(r.Endpoints, *o.CustomEndpoint)
			}
			rs.add(r)
		}
	}
	return nil
}

// collectS3 lists the buckets of the region (ListBuckets filtered by
// region, so that each bucket is seen once, in its own region).
func collectS3(ctx context.Context, rs *regionScan) error {
	c := s3.NewFromConfig(rs.cfg, func(o *s3.Options) { o.UsePathStyle = rs.pathStyle })
	p := s3.NewListBucketsPaginator(c, &s3.ListBucketsInput{BucketRegion: sdkaws.String(rs.region), MaxBuckets: sdkaws.Int32(1000)}, func(o *s3.ListBucketsPaginatorOptions) { o.StopOnDuplicateToken = true })
	return rs.pages(ctx, s3ListBuckets, p.HasMorePages, func() error {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, b := range page.Buckets {
			name := sdkaws.ToString(b.Name)
			a := sdkaws.ToString(b.BucketArn)
			if a == "" {
				a = "arn:" + rs.partition + ":s3:::" + name
			}
			rs.add(Resource{Type: "AWS::S3::Bucket", Region: rs.region, ARN: a, Name: name})
		}
		return nil
	})
}
