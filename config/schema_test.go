package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

const schemaPath = "../schema/config.json"

// TestSchemaMatchesConfig keeps the published JSON Schema and the Go struct
// in step: the same top-level keys, no more, no fewer.
func TestSchemaMatchesConfig(t *testing.T) {
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var inSchema, inStruct []string
	for k := range doc.Properties {
		inSchema = append(inSchema, k)
	}
	ty := reflect.TypeFor[Config]()
	for i := 0; i < ty.NumField(); i++ {
		if tag := ty.Field(i).Tag.Get("yaml"); tag != "" && tag != "-" {
			inStruct = append(inStruct, strings.Split(tag, ",")[0])
		}
	}
	slices.Sort(inSchema)
	slices.Sort(inStruct)
	if !slices.Equal(inSchema, inStruct) {
		t.Errorf("schema keys %v != Config keys %v", inSchema, inStruct)
	}
}

// TestSchemaAgreesWithParse validates config files against the schema and
// checks that the schema and Parse accept and reject the same ones.
func TestSchemaAgreesWithParse(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"valid.yaml":        "exclude: [\"kubernetes:monitoring/**\"]\nrules:\n  relationship.missing: off\nignore:\n  - rule: \"*\"\n    path: \"legacy/**\"\n    reason: being rewritten\nfail-on: warning\n",
		"unknown-key.yaml":  "excludes: []\n",
		"no-reason.yaml":    "ignore:\n  - rule: x\n    element: y\n",
		"bad-severity.yaml": "rules:\n  element.missing: fatal\n",
		"bad-fail-on.yaml":  "fail-on: sometimes\n",
		"no-target.yaml":    "ignore:\n  - rule: x\n    reason: y\n",
	}
	shop, err := os.ReadFile(filepath.Join("..", "testdata", "shopflow", FileName))
	if err != nil {
		t.Fatal(err)
	}
	files["shopflow.yaml"] = string(shop)
	for name, src := range files {
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Round-trip through JSON so the validator sees JSON types.
		jb, _ := json.Marshal(v)
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(jb)))
		if err != nil {
			t.Fatal(err)
		}
		schemaOK := sch.Validate(inst) == nil
		_, perr := Parse(name, []byte(src))
		if schemaOK != (perr == nil) {
			t.Errorf("%s: schema valid=%v but Parse error=%v", name, schemaOK, perr)
		}
	}
}
