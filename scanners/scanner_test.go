package scanners

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/model"
)

func TestSelfHosted(t *testing.T) {
	tests := []struct {
		e    model.Element
		want bool
	}{
		{model.Element{Kind: model.KindContainer, Class: model.ClassService, Technology: "Go"}, true},
		{model.Element{Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "PostgreSQL"}, true},
		{model.Element{Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "Amazon Aurora PostgreSQL"}, false},
		{model.Element{Kind: model.KindContainer, Class: model.ClassBucket, Technology: "Amazon S3"}, false},
		{model.Element{Kind: model.KindContainer, Class: model.ClassQueue, Technology: "Amazon SQS"}, false},
		{model.Element{Kind: model.KindComponent, Class: model.ClassService}, false},
		{model.Element{Kind: model.KindSystem, Class: model.ClassService}, false},
	}
	for _, tt := range tests {
		if got := SelfHosted(&tt.e); got != tt.want {
			t.Errorf("SelfHosted(%+v) = %v, want %v", tt.e, got, tt.want)
		}
	}
}

func TestReadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"empty":   {Data: nil},
		"small":   {Data: []byte("kind: Service\n")},
		"limit":   {Data: bytes.Repeat([]byte("x"), MaxFileSize)},
		"too-big": {Data: bytes.Repeat([]byte("x"), MaxFileSize+1)},
	}
	for _, tc := range []struct {
		name    string
		size    int
		wantErr string
	}{
		{"empty", 0, ""},
		{"small", 14, ""},
		{"limit", MaxFileSize, ""},
		{"too-big", 0, "too-big: larger than 8 MiB, skipped"},
		{"missing", 0, "file does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ReadFile(fsys, tc.name)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, fsys[tc.name].Data) || len(b) != tc.size {
				t.Errorf("read %d bytes, want %d and the file's bytes", len(b), tc.size)
			}
		})
	}
}
