// Package ghaction runs archdrift inside GitHub Actions (`archdrift check
// --github`): it reads the runner's environment, and talks to GitHub only
// through go-github, at GITHUB_API_URL (github.com, GitHub Enterprise
// Server, or a test server).
//
// On a pull request it lists the changed files (for the doc.stale rule),
// keeps one sticky comment with the Markdown report (found again by
// reporters.MarkdownMarker, edited, marked resolved when the drift is
// gone) and creates a check run with one annotation per finding. On a
// schedule or a manual run it keeps one issue, "Architecture drift
// report", labelled archdrift: created, updated, closed when the estate is
// clean. Every run writes the report to the job summary and the counts to
// the step outputs.
//
// Rate limits are waited out within a bound (Options.MaxWait). A write
// that GitHub refuses with 403, which is what the read-only token of a
// pull request from a fork gets, degrades to the job summary with a
// warning; it never fails the job on its own. The token never appears in
// output or errors.
package ghaction
