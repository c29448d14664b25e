package reporters

import (
	"bytes"
	"context"

	"html"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	cspMeta   = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`)
	inlineTag = regexp.MustCompile(`(?s)<(script|style)>(.*?)</(?:script|style)>`)
)

// TestHTMLSelfContained checks that the page loads nothing at view time
// and that its policy admits exactly its own inline style and script.
func TestHTMLSelfContained(t *testing.T) {
	for name, build := range goldenCases {
		t.Run(name, func(t *testing.T) {
			out := render(t, "html", build())
			for _, bad := range []string{"<script src", "<link", "@import", "url(", "<iframe", "<object", "<embed", "<img", "xlink:href", "<use"} {
				if strings.Contains(strings.ToLower(out), bad) {
					t.Errorf("page contains %q", bad)
				}
			}
			m := cspMeta.FindStringSubmatch(out)
			if m == nil {
				t.Fatal("no Content-Security-Policy")
			}
			csp := html.UnescapeString(m[1])
			if !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("policy %q does not forbid by default", csp)
			}
			tags := inlineTag.FindAllStringSubmatch(out, -1)
			if len(tags) != 2 {
				t.Fatalf("%d inline style/script blocks, want 2", len(tags))
			}
			for _, tag := range tags {
				if want := "'" + cspHash(tag[2]) + "'"; !strings.Contains(csp, tag[1]+"-src "+want) {
					t.Errorf("policy %q does not admit the inline %s (%s)", csp, tag[1], want)
				}
			}
		})
	}
}

func TestHTMLContent(t *testing.T) {
	in := shopflowInput()
	out := render(t, "html", in)
	for _, f := range in.Report.Findings {
		if !strings.Contains(out, html.EscapeString(f.Message)) {
			t.Errorf("finding %q is not on the page", f.Message)
		}
	}
	for _, want := range []string{
		"<svg", `class="node undocumented"`, `class="node missing"`, `class="edge undocumented"`, // the diagram, with drift drawn
		`data-filter="severity" value="error"`, `data-filter="rule" value="adr.violation"`, // filters
		"Services talk through RabbitMQ",     // the ADR table
		"terraform:aws_db_instance.shop",     // the matches
		"recommendation_service = container", // the fix
		"https://github.com/acme/shopflow/blob/0123456789abcdef0123456789abcdef01234567/deploy/k8s/main/cart-cache.yaml#L1",
	} {
		if !strings.Contains(out, html.EscapeString(want)) && !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	hostile := render(t, "html", hostileInput())
	for _, bad := range []string{"<script>alert", "<img", "Sys <b>", `href="javascript`, "<B>", "font-weight=\"bold\""} {
		if strings.Contains(hostile, bad) {
			t.Errorf("hostile page contains %q", bad)
		}
	}
}

// TestHTMLInChromium opens the ShopFlow page in headless Chromium with
// the network cut off: the script must run (the policy admits it), the
// filters must show every finding, and a screenshot must show the diagram
// with its red, dashed drift. Skipped where chromium is not installed
// (apt-get install chromium).
func TestHTMLInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, []byte(render(t, "html", shopflowInput())), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "report.png")
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir(),
			// No network: every request goes to a proxy that is not there.
			"--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"}
		cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
		}
		return stdout.Bytes()
	}
	dom := string(run("--dump-dom", "file://"+page))
	if !strings.Contains(dom, `class="js"`) {
		t.Error("the inline script did not run (Content-Security-Policy hash?)")
	}
	if !strings.Contains(dom, `<b id="shown">15</b>`) {
		t.Error("the filters do not show all 15 findings")
	}
	run("--screenshot="+shot, "--window-size=1400,1000", "--hide-scrollbars", "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The first screen holds the diagram: count pixels of the drift red
	// (#cf222e, the undocumented outlines and edges) below the verdict
	// banner, which is red too.
	red := countNear(img, color.RGBA{0xcf, 0x22, 0x2e, 0xff}, 300)
	t.Logf("screenshot %v: %d drift-red pixels below y=300", img.Bounds().Size(), red)
	if red < 200 {
		t.Errorf("the screenshot shows no diagram drift (%d red pixels)", red)
	}
	if os.Getenv("ARCHDRIFT_KEEP_SCREENSHOT") != "" {
		data, _ := os.ReadFile(shot)
		_ = os.WriteFile(os.Getenv("ARCHDRIFT_KEEP_SCREENSHOT"), data, 0o644)
	}
}

// countNear counts pixels below y0 within a small distance of c.
func countNear(img image.Image, c color.RGBA, y0 int) int {
	n := 0
	b := img.Bounds()
	for y := max(b.Min.Y, y0); y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			d := abs(int(r>>8)-int(c.R)) + abs(int(g>>8)-int(c.G)) + abs(int(bl>>8)-int(c.B))
			if d < 40 {
				n++
			}
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
