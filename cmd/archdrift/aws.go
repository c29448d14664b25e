package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/scanners/aws"
)

// awsFlags configure the aws scanner on the commands that scan.
type awsFlags struct {
	regions                 []string
	roleARN                 string
	snapshot, snapshotWrite string
}

func (f *awsFlags) register(c *cobra.Command) {
	c.Flags().StringSliceVar(&f.regions, "aws-regions", nil, "comma `list` of AWS regions the aws scanner reads (default: the configured region)")
	c.Flags().StringVar(&f.roleARN, "aws-role-arn", "", "IAM role `ARN` the aws scanner assumes before reading (see archdrift aws policy)")
	c.Flags().StringVar(&f.snapshot, "aws-snapshot", "", "replay the AWS inventory in `file` instead of calling AWS (offline, no credentials)")
	c.Flags().StringVar(&f.snapshotWrite, "aws-snapshot-write", "", "after a live AWS scan, write its inventory to `file` for --aws-snapshot")
}

func (f *awsFlags) options() aws.Options {
	return aws.Options{Regions: f.regions, RoleARN: f.roleARN, Snapshot: f.snapshot, SnapshotWrite: f.snapshotWrite}
}

func newAWSCmd(stdout io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "aws",
		Short: "Help for the aws scanner (the topology deployed in an AWS account)",
		Long: `The aws scanner reads what is deployed in an AWS account through its APIs.
It calls AWS only when named: archdrift check --scanners terraform,aws.

Credentials come from the standard AWS chain (environment, shared profiles,
SSO, instance and container roles); --aws-role-arn assumes a role first.
--aws-regions lists the regions to read (default: the configured region).

--aws-snapshot-write FILE writes the inventory of a live scan to FILE;
--aws-snapshot FILE replays it later instead of calling AWS, offline and
without credentials. A snapshot holds resource names, ARNs, endpoints and
tags, and of environment variables only the parts that name a resource.

A denied call is a diagnostic naming the IAM action; the scan goes on.`,
		Args: cobra.NoArgs,
	}
	c.AddCommand(&cobra.Command{
		Use:   "policy",
		Short: "Print the least-privilege, read-only IAM policy the aws scanner needs",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := stdout.Write(aws.Policy())
			return err
		},
	})
	return c
}
