// Package mermaid reads Mermaid C4 diagrams — C4Context, C4Container,
// C4Component, C4Dynamic and C4Deployment — into a model.Graph, the
// documented side of archdrift's diff, and writes a graph back out as one.
//
// # Reading
//
// ParseFiles reads .mmd files and the fenced ```mermaid blocks of Markdown
// files (found with goldmark, so that positions are those of the Markdown
// file). Mermaid blocks that are not C4 diagrams (flowcharts, sequence
// diagrams …) are ignored. A lexer gives every token its file, line and
// column; a recursive-descent parser follows Mermaid's C4 grammar
// (c4Diagram.jison): a header line, then one statement per line —
// element and relationship macros with positional and $named arguments,
// boundaries that open a { } block, title/accTitle/accDescr/direction lines,
// and %% comments.
//
// # Mapping
//
//   - Person and Person_Ext are people; System, SystemDb, SystemQueue and
//     their _Ext forms are software systems; Container… and Component…
//     likewise; Deployment_Node, Node, Node_L and Node_R are deployment
//     nodes (nested nodes have the enclosing node as parent).
//   - _Ext adds the tag "External", …Db the tag "Database" and …Queue the tag
//     "Queue", so that model.InferClass gives the class the shape shows;
//     $tags adds more (split on "," and "+"), $link is the "url" property.
//   - System_Boundary and Container_Boundary (and Boundary with type
//     "system" or "container") are the software system or container they
//     draw when they hold containers or components, or when their alias is
//     also declared as an element; otherwise, like Enterprise_Boundary and a
//     plain Boundary, they are groups: Element.Group is the path of group
//     labels between an element and its parent, joined with "/".
//   - Several diagrams (in one file or many) describe one model: elements
//     are merged by alias, the first non-empty value of each field wins, and
//     an element takes its parent from the diagram that nests it.
//   - Element.ID is the path of aliases from the top-level element, joined
//     with ".", as with Structurizr's !identifiers hierarchical: Container
//     "webapp" inside System_Boundary "shop" is "shop.webapp". An alias that
//     already holds a "." is taken as the whole ID.
//   - Rel, Rel_U/Up, Rel_D/Down, Rel_L/Left, Rel_R/Right, Rel_Neighbor and
//     RelIndex are relationships from the first alias to the second (label
//     as description, then technology); Rel_Back points the other way and
//     BiRel both ways. Identical relationships repeated across diagrams are
//     stored once.
//
// # Writing
//
// Write writes a graph as one diagram that ParseFiles reads back as the
// same graph but for what Mermaid cannot say (properties other than the
// url, what a deployment node hosts).
//
// # Errors and diagnostics
//
// Syntax errors (an unknown statement, an unclosed string, parenthesis or
// boundary, a "}" that closes nothing) are fatal: an *Error with
// file:line:col. Problems the rest of the model survives are
// model.Diagnostics: relationships naming unknown aliases (dropped), an
// alias declared as two different kinds, unknown macros (ignored). Input is
// untrusted: file size, nesting and the number of diagnostics are bounded.
package mermaid
