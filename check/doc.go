// Package check runs archdrift's main job end to end: read the documented
// model, run the scanners, diff the two graphs, let the policies judge the
// drift, and assemble the report. The CLI only parses flags and calls Run,
// Observe or Document, so every entry point (CLI, GitHub Action, tests)
// shares one pipeline.
package check
