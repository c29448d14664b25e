// Package structurizr reads a Structurizr DSL workspace — what a team says its
// system is — into a model.Graph, the documented side of archdrift's diff.
//
// # Reading
//
// ParseFile reads a workspace and every file it includes (and the workspace
// it extends) from an fs.FS that is the repository root; Parse does the same
// for source already in memory. A lexer gives every token a file, line and
// column; a recursive-descent parser then follows Structurizr's grammar,
// where a statement is one logical line, a block opens with "{" at the end
// of a line and closes with "}" on a line of its own, and the keywords
// permitted depend on the enclosing block.
//
// The model section is read completely: people, software systems,
// containers, components, groups (nested groups joined with "/"),
// enterprises, deployment environments, deployment and infrastructure
// nodes, custom elements, archetypes, explicit and implicit relationships,
// !element / !ref / !extend, !identifiers, !constant / !var substitution,
// !include of files and directories (only the .dsl files of a directory,
// so a README beside the model cannot break it), and "workspace extends" of
// a local DSL or JSON workspace. Views, styles, themes, branding and
// configuration are read only to keep the braces balanced. A name ending in
// .json is read as a workspace exported by Structurizr (its model only).
//
// # Mapping
//
//   - Element.ID is the Structurizr identifier: "webapp" with flat
//     identifiers, "bank.webapp" with !identifiers hierarchical (top-level
//     deployment nodes take the environment's identifier as prefix). An
//     element without an identifier gets a stable derived ID: its parent's
//     ID ("" at the top, the environment's identifier, or "." and its
//     slugged name, for top-level deployment nodes), a dot, and its
//     lower-case name with white space as "-": ".customer",
//     "shop.web-application", ".live.amazon-web-services". Derived IDs
//     never collide with identifiers, which cannot hold "-" or start with
//     "."; unnamed siblings that share a name get "-2", "-3".
//   - Kinds map one to one (softwareSystem is model.KindSystem); Parent is
//     the enclosing element (groups and enterprises are not elements);
//     Group is the group path; Class is model.InferClass of the final tags
//     and technology.
//   - Structurizr's default tags ("Element", "Person", "Software System",
//     "Container", "Component", "Deployment Node", "Relationship" …) are
//     not stored: the kind already says so.
//   - Properties hold properties { }, "url", perspectives as
//     "structurizr.perspective.<name>" (and ".value"), the deployment
//     environment ("structurizr.environment"), the enterprise
//     ("structurizr.enterprise"), the instance count of a deployment node
//     ("structurizr.instances"), the elements whose instances it hosts
//     ("structurizr.hosts"), and !docs / !adrs paths ("structurizr.docs",
//     "structurizr.adrs").
//   - softwareSystemInstance and containerInstance are not elements: a
//     container deployed twice is still one container. The node records
//     them, and a relationship naming an instance names its element.
//   - Custom elements ("element") are outside the C4 model: they and their
//     relationships get a diagnostic and are not stored.
//   - Only what is written is stored; implied relationships are the diff's
//     business.
//
// # Writing
//
// DSLWriter and JSONWriter write a graph as a DSL or JSON workspace that
// ParseFile reads back as the same graph (DSLWriter: when element IDs are
// identifier paths; JSONWriter records every ID as
// "structurizr.dsl.identifier"). ElementLines and RelationshipLines are
// the statements that document one element or relationship; archdrift's
// suggested fixes use them too. Workspace.Spans locate the model block,
// element definitions and relationships (from their first token to their
// closing brace) so that a fix can be inserted into the source without
// touching anything else.
//
// # Errors and diagnostics
//
// Syntax errors, unbalanced braces, statements in the wrong block, a missing
// include, and an include or extends that escapes the repository root are
// fatal: an *Error with file:line:col and what to fix. Problems the rest of
// the model survives are model.Diagnostics: !script and !plugin (skipped:
// they need a JVM), URL includes and extends (archdrift does not fetch),
// relationships naming unknown identifiers (dropped), unknown keywords in
// element bodies (ignored). ${NAME} is replaced only by !constant and !var
// values, never by environment variables.
//
// Input is untrusted: file sizes, the number of files, include depth, block
// nesting, token count and token length are bounded, so a hostile workspace
// costs bounded time, memory and stack.
package structurizr
