package model

import "strings"

// classTags maps common Structurizr tags (shapes people tag with) to classes.
var classTags = []struct {
	tag   string
	class Class
}{
	{"database", ClassDatabase}, {"db", ClassDatabase}, {"datastore", ClassDatabase}, {"data store", ClassDatabase},
	{"cache", ClassCache},
	{"queue", ClassQueue}, {"message queue", ClassQueue}, {"message broker", ClassQueue}, {"broker", ClassQueue}, {"message bus", ClassQueue},
	{"topic", ClassTopic}, {"stream", ClassStream}, {"event stream", ClassStream},
	{"bucket", ClassBucket}, {"storage", ClassBucket}, {"object storage", ClassBucket}, {"file storage", ClassBucket},
	{"search", ClassSearch},
	{"gateway", ClassGateway}, {"api gateway", ClassGateway},
	{"load balancer", ClassLoadBalancer},
	{"function", ClassFunction}, {"lambda", ClassFunction}, {"serverless", ClassFunction},
	{"web browser", ClassUI}, {"browser", ClassUI}, {"mobile app", ClassUI}, {"spa", ClassUI}, {"ui", ClassUI}, {"frontend", ClassUI},
	{"external", ClassExternal}, {"external system", ClassExternal}, {"existing system", ClassExternal},
	{"infrastructure", ClassInfrastructure},
}

// InferClass guesses the class of a documented element from its tags, then its
// technology, then its kind. Scanners set classes themselves; readers of
// documentation call this.
func InferClass(e *Element) Class {
	for _, t := range e.Tags {
		lt := strings.ToLower(strings.TrimSpace(t))
		for _, ct := range classTags {
			if lt == ct.tag {
				return ct.class
			}
		}
	}
	for _, t := range Technologies(e.Technology) {
		if t.Class != ClassUnknown && t.Category != CatLanguage {
			return t.Class
		}
	}
	switch e.Kind {
	case KindContainer, KindComponent, KindSystem:
		return ClassService
	case KindInfrastructureNode, KindDeploymentNode:
		return ClassInfrastructure
	}
	return ClassUnknown
}

// classFamilies groups classes that may match each other: a documented
// "Database"-tagged Redis is the observed cache, but a database is never a
// service.
var classFamilies = map[Class]string{
	ClassService: "compute", ClassFunction: "compute", ClassUI: "compute", ClassGateway: "compute", ClassLoadBalancer: "compute",
	ClassDatabase: "data", ClassCache: "data", ClassSearch: "data", ClassBucket: "data",
	ClassQueue: "messaging", ClassTopic: "messaging", ClassStream: "messaging",
}

// CompatibleClasses reports whether elements of classes a and b may be the
// same thing. Unknown and external classes are compatible with anything: they
// say too little to rule a match out. Infrastructure (IAM roles, keys,
// certificates) only matches infrastructure: a role named after a service is
// not that service.
func CompatibleClasses(a, b Class) bool {
	if a == ClassInfrastructure || b == ClassInfrastructure {
		return a == b || a == ClassUnknown || b == ClassUnknown
	}
	fa, oka := classFamilies[a]
	fb, okb := classFamilies[b]
	if !oka || !okb {
		return true
	}
	return fa == fb
}

// IsTransparent reports whether an unmatched observed element of class c is
// plumbing that the diff looks through (A → ALB → B becomes A → B).
func IsTransparent(c Class) bool {
	return c == ClassGateway || c == ClassLoadBalancer
}
