package model

import "testing"

func TestResolveReferences(t *testing.T) {
	g := NewGraph()
	for _, e := range []*Element{
		{ID: "kubernetes:main/deployment/catalog", Name: "catalog"},
		{ID: "terraform:aws_s3_bucket.images", Name: "shop-images"},
		{ID: "terraform:aws_db_instance.main", Name: "main", Properties: map[string]string{"endpoint": "main.abc.eu-west-1.rds.amazonaws.com:5432"}},
		{ID: "terraform:aws_sqs_queue.a", Name: "dup"},
		{ID: "terraform:aws_sqs_queue.b", Name: "dup"},
		{ID: "kubernetes:main/deployment/api", Name: "api"},
	} {
		if err := g.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	from := "kubernetes:main/deployment/catalog"
	for _, r := range []Reference{
		{From: from, Value: "shop-images", Via: "env BUCKET"},
		{From: from, Value: "postgres://u@main.abc.eu-west-1.rds.amazonaws.com:5432/db", Via: "env DB_URL"},
		{From: from, Value: "dup", Via: "env AMBIGUOUS"},
		{From: from, Value: "api", Via: "env SAME_SCANNER"},
		{From: from, Value: "api.stripe.com", Via: "env UNKNOWN"},
	} {
		g.AddReference(r)
	}
	if n := g.ResolveReferences(); n != 2 {
		t.Errorf("resolved %d references, want 2", n)
	}
	want := map[string]string{"terraform:aws_s3_bucket.images": "env BUCKET", "terraform:aws_db_instance.main": "env DB_URL"}
	for _, r := range g.Relationships() {
		if want[r.To] != r.Description {
			t.Errorf("unexpected relationship %s -> %s (%s)", r.From, r.To, r.Description)
		}
		delete(want, r.To)
	}
	if len(want) != 0 {
		t.Errorf("missing relationships: %v", want)
	}
	if left := g.References(); len(left) != 3 {
		t.Errorf("%d references left unresolved, want 3 (ambiguous, same scanner, unknown)", len(left))
	}
}
