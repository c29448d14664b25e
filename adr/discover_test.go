package adr

import (
	"testing"
	"testing/fstest"
)

func TestDiscover(t *testing.T) {
	dir := &fstest.MapFile{Mode: 0o755 | 1<<31} // fs.ModeDir
	file := &fstest.MapFile{Data: []byte("x")}
	tests := []struct {
		name      string
		fsys      fstest.MapFS
		explicit  string
		model     string
		want      string
		wantFound bool
	}{
		{
			name:     "explicit wins over everything",
			fsys:     fstest.MapFS{"decisions/0001-a.md": file, "docs/adr/0001-a.md": file, ".adr-dir": {Data: []byte("doc/adr\n")}},
			explicit: "./decisions/", model: "docs/adr",
			want: "decisions", wantFound: true,
		},
		{
			name:     "explicit that does not exist is reported, not replaced",
			fsys:     fstest.MapFS{"docs/adr/0001-a.md": file},
			explicit: "nowhere",
			want:     "nowhere", wantFound: false,
		},
		{
			name:     "explicit outside the root is refused",
			fsys:     fstest.MapFS{"docs/adr/0001-a.md": file},
			explicit: "../elsewhere",
			want:     "../elsewhere", wantFound: false,
		},
		{
			name:     "explicit file is not a directory",
			fsys:     fstest.MapFS{"decisions.md": file},
			explicit: "decisions.md",
			want:     "decisions.md", wantFound: false,
		},
		{
			name:  ".adr-dir before the model and the defaults",
			fsys:  fstest.MapFS{".adr-dir": {Data: []byte("  architecture/log \nignored second line\n")}, "architecture/log/0001-a.md": file, "docs/adr/0001-a.md": file},
			model: "docs/decisions",
			want:  "architecture/log", wantFound: true,
		},
		{
			name:  ".adr-dir naming a missing folder falls through",
			fsys:  fstest.MapFS{".adr-dir": {Data: []byte("gone\n")}, "docs/decisions/0001-a.md": file, "docs/adr/0001-a.md": file},
			model: "docs/decisions",
			want:  "docs/decisions", wantFound: true,
		},
		{
			name:  "the Structurizr !adrs path before the defaults",
			fsys:  fstest.MapFS{"architecture/adrs/0001-a.md": file, "docs/adr/0001-a.md": file},
			model: "architecture/adrs",
			want:  "architecture/adrs", wantFound: true,
		},
		{
			name: "defaults in order",
			fsys: fstest.MapFS{"doc/adr/0001-a.md": file, "docs/decisions/0001-a.md": file},
			want: "doc/adr", wantFound: true,
		},
		{
			name: "moj-cloud-platform layout",
			fsys: fstest.MapFS{"architecture-decision-record/001-a.md": file},
			want: "architecture-decision-record", wantFound: true,
		},
		{
			name: "empty default directory still counts",
			fsys: fstest.MapFS{"docs/architecture/decisions": dir},
			want: "docs/architecture/decisions", wantFound: true,
		},
		{
			name: "nothing",
			fsys: fstest.MapFS{"README.md": file},
			want: "", wantFound: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Discover(tt.fsys, tt.explicit, tt.model)
			if got != tt.want || ok != tt.wantFound {
				t.Errorf("Discover = %q, %v, want %q, %v", got, ok, tt.want, tt.wantFound)
			}
		})
	}
}
