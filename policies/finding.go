package policies

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/archdrift/archdrift/report"
)

// decodeFinding converts one `finding` value, as OPA returns it (JSON types,
// numbers as json.Number), into a report.Finding. rule, severity and message
// are required; observed, documented, location and adr may be absent or
// null. Unknown members are ignored so rules may carry extra data.
func decodeFinding(v any) (report.Finding, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return report.Finding{}, fmt.Errorf("finding %s is not an object", brief(v))
	}
	var f report.Finding
	rule, err := requiredString(obj, "rule")
	if err != nil {
		return f, err
	}
	f.Rule = rule
	severity, err := requiredString(obj, "severity")
	if err != nil {
		return f, fmt.Errorf("rule %s: %w", rule, err)
	}
	f.Severity = report.Severity(severity)
	if f.Severity.Rank() == 0 {
		return f, fmt.Errorf("rule %s: severity %q is not one of error, warning, notice", rule, severity)
	}
	if f.Message, err = requiredString(obj, "message"); err != nil {
		return f, fmt.Errorf("rule %s: %w", rule, err)
	}
	if f.Observed, err = optionalString(obj, "observed"); err != nil {
		return f, fmt.Errorf("rule %s: %w", rule, err)
	}
	if f.Documented, err = optionalString(obj, "documented"); err != nil {
		return f, fmt.Errorf("rule %s: %w", rule, err)
	}
	if f.Location, err = decodeLocation(obj["location"]); err != nil {
		return f, fmt.Errorf("rule %s: location: %w", rule, err)
	}
	if f.ADR, err = decodeADR(obj["adr"]); err != nil {
		return f, fmt.Errorf("rule %s: adr: %w", rule, err)
	}
	return f, nil
}

func decodeLocation(v any) (*report.Location, error) {
	if v == nil {
		return nil, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", brief(v))
	}
	var loc report.Location
	var err error
	if loc.File, err = stringMember(obj, "file"); err != nil {
		return nil, err
	}
	if loc.Line, err = intMember(obj, "line"); err != nil {
		return nil, err
	}
	if loc.Column, err = intMember(obj, "column"); err != nil {
		return nil, err
	}
	if loc == (report.Location{}) {
		return nil, nil
	}
	return &loc, nil
}

func decodeADR(v any) (*report.ADRRef, error) {
	if v == nil {
		return nil, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", brief(v))
	}
	var adr report.ADRRef
	var err error
	if adr.Number, err = intMember(obj, "number"); err != nil {
		return nil, err
	}
	if adr.Title, err = stringMember(obj, "title"); err != nil {
		return nil, err
	}
	if adr.File, err = stringMember(obj, "file"); err != nil {
		return nil, err
	}
	if adr.Line, err = intMember(obj, "line"); err != nil {
		return nil, err
	}
	return &adr, nil
}

func requiredString(obj map[string]any, key string) (string, error) {
	s, err := stringMember(obj, key)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", fmt.Errorf("finding has no %q", key)
	}
	return s, nil
}

// optionalString is nil for an absent, null or empty member.
func optionalString(obj map[string]any, key string) (*string, error) {
	s, err := stringMember(obj, key)
	if err != nil {
		return nil, err
	}
	return report.Str(s), nil
}

// stringMember is "" for an absent or null member.
func stringMember(obj map[string]any, key string) (string, error) {
	switch v := obj[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", fmt.Errorf("%q is %s, not a string", key, brief(v))
	}
}

// intMember is 0 for an absent or null member.
func intMember(obj map[string]any, key string) (int, error) {
	var n float64
	switch v := obj[key].(type) {
	case nil:
		return 0, nil
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return 0, fmt.Errorf("%q: %w", key, err)
		}
		n = f
	case float64:
		n = v
	case int:
		n = float64(v)
	default:
		return 0, fmt.Errorf("%q is %s, not a number", key, brief(v))
	}
	if n != math.Trunc(n) || n < 0 || n > math.MaxInt32 {
		return 0, fmt.Errorf("%q is %v, not a whole number from 0 to 2147483647", key, n)
	}
	return int(n), nil
}

// brief renders a value for an error message, cut short: a policy's output
// can be arbitrarily large.
func brief(v any) string {
	const max = 80
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%T", v)
	}
	if len(b) > max {
		return strings.ToValidUTF8(string(b[:max]), "") + "…"
	}
	return string(b)
}
