package adr

import (
	"strings"
	"unicode"
)

// statusWords maps the first word of a status, lower-cased, to a Status.
// Teams write far more than the five canonical words.
var statusWords = map[string]Status{
	"proposed": StatusProposed, "proposal": StatusProposed, "draft": StatusProposed,
	"pending": StatusProposed, "wip": StatusProposed, "rfc": StatusProposed,
	"suggested": StatusProposed, "open": StatusProposed,

	"accepted": StatusAccepted, "accept": StatusAccepted, "approved": StatusAccepted,
	"adopted": StatusAccepted, "agreed": StatusAccepted, "decided": StatusAccepted,
	"implemented": StatusAccepted, "active": StatusAccepted, "ratified": StatusAccepted,
	// adr-tools and the moj legend (♻️) use "amended" for an accepted ADR
	// that a later one amends.
	"amended": StatusAccepted,

	"rejected": StatusRejected, "declined": StatusRejected, "withdrawn": StatusRejected,
	"abandoned": StatusRejected, "refused": StatusRejected,

	"deprecated": StatusDeprecated, "obsolete": StatusDeprecated, "retired": StatusDeprecated,

	"superseded": StatusSuperseded, "superceded": StatusSuperseded,
	"superseeded": StatusSuperseded, "replaced": StatusSuperseded,
}

// statusPhrases are two-word statuses whose first word alone means nothing.
var statusPhrases = map[string]Status{
	"in review": StatusProposed, "under review": StatusProposed,
	"under discussion": StatusProposed, "in progress": StatusProposed,
	"in discussion": StatusProposed, "not accepted": StatusRejected,
}

// statusEmoji is the fallback when the words say nothing known: "🤔
// Incomplete" is proposed by the moj-cloud-platform legend.
var statusEmoji = map[rune]Status{
	'✅': StatusAccepted, '✔': StatusAccepted, '☑': StatusAccepted, '👍': StatusAccepted, '♻': StatusAccepted,
	'🤔': StatusProposed, '❓': StatusProposed, '📝': StatusProposed, '🚧': StatusProposed,
	'❌': StatusRejected, '🚫': StatusRejected, '⛔': StatusRejected, '👎': StatusRejected,
	'⌛': StatusSuperseded, '⏳': StatusSuperseded,
	'⚠': StatusDeprecated, '🗑': StatusDeprecated,
}

// ClassifyStatus turns a status as written into a Status: "✅ Accepted",
// "Superceded by [3. Foo](0003-foo.md)", "accepted on 2020-01-02".
func ClassifyStatus(text string) Status {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	// "2020-01-31 accepted": a leading date says when, not what.
	for len(words) > 0 && strings.Trim(words[0], "0123456789") == "" {
		words = words[1:]
	}
	if len(words) == 0 {
		return fromEmoji(text)
	}
	if len(words) > 1 {
		if s, ok := statusPhrases[words[0]+" "+words[1]]; ok {
			return s
		}
	}
	if s, ok := statusWords[words[0]]; ok {
		return s
	}
	// "Was fine, superseded by …": past the first word, only "superseded
	// by" decides.
	for i := 1; i+1 < len(words); i++ {
		if statusWords[words[i]] == StatusSuperseded && words[i+1] == "by" {
			return StatusSuperseded
		}
	}
	return fromEmoji(text)
}

func fromEmoji(text string) Status {
	for _, r := range text {
		if s, ok := statusEmoji[r]; ok {
			return s
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break // only leading decoration counts
		}
	}
	return StatusUnknown
}

// linkPhrases maps the words before a link ("Superceded by [..](..)") to its
// kind. adr-tools spells supersede with a c; both spellings are accepted.
var linkPhrases = []struct {
	phrase string
	kind   string
}{
	{"superseded by", LinkSupersededBy}, {"superceded by", LinkSupersededBy},
	{"superseeded by", LinkSupersededBy}, {"replaced by", LinkSupersededBy},
	{"supersedes", LinkSupersedes}, {"supercedes", LinkSupersedes},
	{"supersede", LinkSupersedes}, {"replaces", LinkSupersedes},
	{"amended by", LinkAmendedBy}, {"amends", LinkAmends},
	{"clarified by", LinkClarifiedBy}, {"clarifies", LinkClarifies},
	{"relates to", LinkRelatesTo}, {"related to", LinkRelatesTo},
	{"refined by", LinkRelatesTo}, {"refines", LinkRelatesTo},
	{"see also", LinkRelatesTo}, {"see", LinkRelatesTo},
}

// linkKind finds the link kind named at the end of the text written before a
// link ("Status: superseded by", "Amends"), or "".
func linkKind(before string) string {
	words := strings.FieldsFunc(strings.ToLower(before), func(r rune) bool {
		return !unicode.IsLetter(r)
	})
	tail := strings.Join(words[max(len(words)-2, 0):], " ")
	for _, p := range linkPhrases {
		if tail == p.phrase || strings.HasSuffix(tail, " "+p.phrase) {
			return p.kind
		}
	}
	return ""
}
