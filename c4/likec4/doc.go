// Package likec4 reads LikeC4 models (.c4 and .likec4 files) into a
// model.Graph, the documented side of archdrift's diff, and writes a graph
// back out as LikeC4.
//
// # Reading
//
// ParseFiles reads every file of a LikeC4 project together, as LikeC4
// does: specification and model blocks from all files are merged, extend
// blocks attach to their target wherever it is defined, and references are
// resolved once every file is read. A lexer gives every token its file,
// line and column; a recursive-descent parser follows LikeC4's grammar
// (like-c4.langium): specification (element, tag, relationship,
// deploymentNode and color), model (elements as "kind name" or
// "name = kind" with up to four strings — title, summary, technology,
// tags — and bodies with #tags, title, description, summary, technology,
// link, icon, style and metadata; relationships "a -> b", "a -[kind]-> b"
// and "a .kind b" with title, description and technology, nested and
// sourceless ones, this/it; extend), and deployment (nodes and instanceOf).
// Views, global styles and likec4lib blocks are skipped with their braces
// balanced; import statements are skipped with a diagnostic.
//
// # Mapping
//
//   - Element.ID is the fully qualified name ("cloud.backend.api").
//   - The kind comes from the element kind's name in the specification:
//     actor, person, user and the person shape are people; kinds naming a
//     system are software systems, kinds naming a component are
//     components; container, app, service, database, queue, api and the
//     like are containers. Other kinds follow the nesting: a top-level
//     element is a system, one inside a system a container, deeper ones
//     components.
//   - Tags are the #tags of the element and of its kind. Class is
//     model.InferClass of the tags (read with "-" and "_" as spaces, since
//     LikeC4 tags cannot hold spaces: #web-browser is a UI), the kind's
//     shape (storage and cylinder are databases, queue a queue, browser and
//     mobile a UI), the kind's name (database, queue, cache …), then the
//     technology.
//   - Name is the title (the element name when there is none), Description
//     the summary or else the description, Technology the technology (of
//     the element, else of its kind). Metadata entries are properties
//     (array values joined with ","); the keys archdrift_source and
//     archdrift_ignore (or with "-") stand for archdrift.source and
//     archdrift.ignore, which LikeC4 keys cannot spell. The first link is
//     the "url" property.
//   - A relationship's title is its Description, its technology the
//     Technology; a relationship kind's title and technology from the
//     specification are the defaults.
//   - Deployment nodes are model.KindDeploymentNode elements with their
//     fully qualified deployment name as ID; the elements they deploy
//     (instanceOf) are listed in their "structurizr.hosts" property, as the
//     Structurizr reader does. Deployment relationships are not read.
//
// # Writing
//
// Write writes a graph as a specification, a model and a deployment block
// that ParseFiles reads back as the same graph but for what LikeC4 cannot
// say (groups, the spelling of tags with spaces).
//
// # Errors and diagnostics
//
// Syntax errors are fatal: an *Error with file:line:col. Problems the rest
// of the model survives are model.Diagnostics: references that do not
// resolve or are ambiguous (the relationship is dropped), an extend whose
// target does not exist, duplicate names, unknown properties. Input is
// untrusted: sizes, nesting, token counts and diagnostics are bounded.
package likec4
