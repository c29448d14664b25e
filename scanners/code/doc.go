// Package code observes a system from its source: which directories are
// deployable units, which technologies each unit talks to, and, for Go, how
// a unit is cut into components.
//
// A deployable unit is a directory with a Dockerfile, a Go module with a
// main package (or a main package outside any module), a Node package with
// a start script or a main entry, a Python project with a __main__ entry or
// declared scripts, a Maven or Gradle project with sources, or a .NET
// project that builds an executable or a web app. Each unit is a container
// element, code:<dir>.
//
// The technologies a unit uses come from its dependency manifests and, for
// Go, from the imports of its non-test files (go/parser, imports only, no
// build): go.mod, package.json, requirements*.txt, pyproject.toml, pom.xml,
// build.gradle(.kts) with its version catalog, and *.csproj. The client
// library table (clients.go) maps libraries to the canonical technologies of
// package model: pgx is PostgreSQL, kafkajs is Apache Kafka. A unit that
// uses a technology gets an edge to code:tech/<technology>, an element that
// stands for "some element of that technology" (model.PropTechnologyOnly):
// the source says a service talks to PostgreSQL, not to which one. The diff
// compares such edges with the model's relationships towards elements of
// that technology. A unit is marked model.PropCallsUnseen: its source shows
// what it uses, not which services it calls, so no documented arrow
// between units is missing for want of an edge the scanner cannot see.
//
// The packages of a Go unit's module are components (code:<dir>/<package
// dir>) with the unit as parent, and its imports within the module are the
// edges between them. Main packages are the unit's entry points, not
// components.
//
// Everything read may come from an untrusted pull request: files are size
// bounded, includes stay inside the root, the walk is bounded, and a file
// that does not parse is a diagnostic while the scan goes on.
package code
