// Package compose observes a system from its Compose files (docker-compose.yml,
// compose.yaml and their override and variant files), loaded with
// compose-spec/compose-go, the reference loader: interpolation, profiles,
// extends and multi-file merging follow the Compose specification.
//
// Projects. Every directory that holds compose files is one project. Its base
// file (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml,
// first found) is loaded together with its override files
// (<base>.override.yml) and then its variant files (docker-compose.prod.yml,
// compose.logging.yaml ...) in name order, as `docker compose -f base -f ...`
// would: the graph is the union of every variant, because each of them
// describes something that runs.
//
// The C4 mapping:
//
//   - each service is a container, identified as "compose:<dir>/<service>"
//     ("compose:<service>" at the root), its class and technology read from
//     its image through the model's technology table (the table the
//     Kubernetes scanner uses); a service that is only built is a service;
//   - services of every profile are included: a profile decides when a
//     service runs, not whether it is part of the system;
//   - depends_on, links, network_mode/volumes_from "service:" references and
//     environment or command-line values naming another service of the same
//     project are relationships, one per pair of services;
//   - the first network a service joins (by name, the implicit "default"
//     aside) is its group, otherwise the project name: the name attribute,
//     COMPOSE_PROJECT_NAME in .env, the directory's name, or "default" for
//     the root (whose directory name changes from checkout to checkout);
//   - the labels archdrift.io/element and c4.element name the documented
//     element a service implements.
//
// Compose files are untrusted input, and loading them must not reach beyond
// the repository: every file is read through the scanner's fs.FS, never the
// OS; interpolation sees the project's .env file and the defaults written in
// the files, never the process environment (a required variable that is
// unset reads as blank, with a warning, since secrets are never in the
// repository); include is not followed;
// extends and env_file are followed only to files inside the root; nothing is
// pulled, built or run. A file that does not parse is a diagnostic with its
// line, and the rest of the scan goes on.
package compose
