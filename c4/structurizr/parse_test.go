package structurizr

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/model"
	"github.com/google/go-cmp/cmp"
)

// describeElement renders an element on one line, with only the fields that
// are set, so that a test lists exactly what it expects.
func describeElement(e *model.Element) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q", e.ID, e.Kind, e.Name)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%s", k, v)
		}
	}
	field("parent", e.Parent)
	field("group", e.Group)
	field("desc", e.Description)
	field("tech", e.Technology)
	field("class", string(e.Class))
	field("tags", strings.Join(e.Tags, "|"))
	for _, k := range slices.Sorted(maps.Keys(e.Properties)) {
		field(k, e.Properties[k])
	}
	return b.String()
}

func describeRelationship(r *model.Relationship) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s", r.From, r.To)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%s", k, v)
		}
	}
	field("id", r.ID)
	field("desc", r.Description)
	field("tech", r.Technology)
	field("tags", strings.Join(r.Tags, "|"))
	for _, k := range slices.Sorted(maps.Keys(r.Properties)) {
		field(k, r.Properties[k])
	}
	return b.String()
}

func describeGraph(ws *Workspace) (els, rels []string) {
	for _, e := range ws.Graph.Elements() {
		els = append(els, describeElement(e))
	}
	for _, r := range ws.Graph.Relationships() {
		rels = append(rels, describeRelationship(r))
	}
	return els, rels
}

// featureCase is one feature: a workspace (inline, or files in fsys) and
// the exact graph it must give, plus substrings the diagnostics must hold.
type featureCase struct {
	name  string
	path  string // of the workspace in the file system; "workspace.dsl" when empty
	src   string
	files fstest.MapFS // extra files, for includes and extends
	els   []string
	rels  []string
	diags []string // each must appear in one diagnostic, in order
	check func(t *testing.T, ws *Workspace)
}

func runFeatureCases(t *testing.T, cases []featureCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.path
			if name == "" {
				name = "workspace.dsl"
			}
			fsys := fstest.MapFS{name: {Data: []byte(tc.src)}}
			maps.Copy(fsys, tc.files)
			ws, err := ParseFile(fsys, name)
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			els, rels := describeGraph(ws)
			if diff := cmp.Diff(tc.els, els); diff != "" {
				t.Errorf("elements (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.rels, rels); diff != "" {
				t.Errorf("relationships (-want +got):\n%s", diff)
			}
			checkDiagnostics(t, ws.Diagnostics, tc.diags)
			if tc.check != nil {
				tc.check(t, ws)
			}
		})
	}
}

// checkDiagnostics requires one diagnostic per wanted substring, in order,
// and no others.
func checkDiagnostics(t *testing.T, got []model.Diagnostic, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d diagnostics, want %d:\n%s", len(got), len(want), diagText(got))
		return
	}
	for i, w := range want {
		if !strings.Contains(got[i].String(), w) {
			t.Errorf("diagnostic %d = %q, want it to contain %q", i, got[i].String(), w)
		}
		if got[i].File == "" || got[i].Line == 0 || got[i].Column == 0 {
			t.Errorf("diagnostic %d has no position: %+v", i, got[i])
		}
	}
}

func diagText(ds []model.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

func TestElements(t *testing.T) {
	runFeatureCases(t, []featureCase{
		{
			name: "short forms",
			src: `workspace "Shop" "What we sell" {
    model {
        customer = person "Customer" "Buys things." "Shopper"
        shop = softwareSystem "Shop" "Sells things." "Internal, Core"
        shop2 = softwareSystem "Payments" "" "Existing System"
        !identifiers flat
    }
}`,
			els: []string{
				`customer person "Customer" desc=Buys things. tags=Shopper`,
				`shop system "Shop" desc=Sells things. class=service tags=Internal|Core`,
				`shop2 system "Payments" class=external tags=Existing System`,
			},
			check: func(t *testing.T, ws *Workspace) {
				if ws.Name != "Shop" || ws.Description != "What we sell" {
					t.Errorf("name, description = %q, %q", ws.Name, ws.Description)
				}
			},
		},
		{
			name: "long form",
			src: `workspace {
    model {
        shop = softwareSystem "Shop" {
            web = container "Web App" "Serves pages." "Java and Spring Boot" "Web"
            db = container "Orders DB" {
                description "Stores orders."
                technology "PostgreSQL 15"
                tags "Database" "Critical,  Tier 1"
                tag "Element"
                url https://example.com/db
                properties {
                    owner "team-orders"
                    "archdrift.source" "terraform:aws_db_instance.orders"
                }
                perspectives {
                    "Security" "Encrypted at rest." "High"
                    perspective Cost {
                        description "Expensive"
                        value 3
                    }
                }
            }
            web -> db "Reads and writes" "JDBC"
            api = container "API" {
                signin = component "Sign In" "Signs users in." "Spring MVC" "Controller"
                component "Audit Log"
                group "Infra"
            }
        }
    }
}`,
			els: []string{
				`api container "API" parent=shop class=service`,
				`api.audit-log component "Audit Log" parent=api class=service`,
				`db container "Orders DB" parent=shop desc=Stores orders. tech=PostgreSQL 15 class=database tags=Database|Critical|Tier 1 archdrift.source=terraform:aws_db_instance.orders owner=team-orders structurizr.perspective.Cost=Expensive structurizr.perspective.Cost.value=3 structurizr.perspective.Security=Encrypted at rest. structurizr.perspective.Security.value=High url=https://example.com/db`,
				`shop system "Shop" class=service`,
				`signin component "Sign In" parent=api desc=Signs users in. tech=Spring MVC class=service tags=Controller`,
				`web container "Web App" parent=shop desc=Serves pages. tech=Java and Spring Boot class=service tags=Web`,
			},
			rels:  []string{`web -> db desc=Reads and writes tech=JDBC`},
			diags: []string{`group "Infra" has no { } block`},
		}})
}

func TestIdentifiers(t *testing.T) {
	runFeatureCases(t, []featureCase{
		{
			name: "derived ids for unnamed elements",
			src: `workspace {
    model {
        person "Back Office Staff"
        softwareSystem "Internet Banking" {
            container "Web  App" {
                component "Sign In"
                component "Sign In"
            }
        }
    }
}`,
			els: []string{
				`.back-office-staff person "Back Office Staff"`,
				`.internet-banking system "Internet Banking" class=service`,
				`.internet-banking.web-app container "Web  App" parent=.internet-banking class=service`,
				`.internet-banking.web-app.sign-in component "Sign In" parent=.internet-banking.web-app class=service`,
				`.internet-banking.web-app.sign-in-2 component "Sign In" parent=.internet-banking.web-app class=service`,
			},
		},
		{
			name: "hierarchical identifiers resolve relative to the scope",
			src: `workspace {
    !identifiers hierarchical
    model {
        a = person "A"
        b = softwareSystem "B" {
            c = container "C" {
                d = component "D"
                a = component "A"
                d -> a "Calls the component, not the person"
            }
            c -> b.c.a
        }
        a -> b.c "Uses"
        a -> B.C.D "Identifiers are case-insensitive"
    }
}`,
			els: []string{
				`a person "A"`,
				`b system "B" class=service`,
				`b.c container "C" parent=b class=service`,
				`b.c.a component "A" parent=b.c class=service`,
				`b.c.d component "D" parent=b.c class=service`,
			},
			rels: []string{
				`a -> b.c desc=Uses`,
				`a -> b.c.d desc=Identifiers are case-insensitive`,
				`b.c -> b.c.a`,
				`b.c.d -> b.c.a desc=Calls the component, not the person`,
			},
		},
		{
			name: "flat identifiers are global and case-insensitive",
			src: `workspace {
    model {
        user = person "User"
        shop = softwareSystem "Shop" {
            webApp = container "Web"
        }
        USER -> WEBAPP "Uses"
    }
}`,
			els: []string{
				`shop system "Shop" class=service`,
				`user person "User"`,
				`webApp container "Web" parent=shop class=service`,
			},
			rels: []string{`user -> webApp desc=Uses`},
		},
	})
}

func TestGroupsAndEnterprise(t *testing.T) {
	runFeatureCases(t, []featureCase{{
		name: "nested groups",
		src: `workspace {
    model {
        customer = person "Customer"
        enterprise "Big Bank" {
            staff = person "Staff"
            group "Retail" {
                group "Online" {
                    ib = softwareSystem "Internet Banking" {
                        group "Edge" {
                            web = container "Web"
                            url https://example.com/edge
                        }
                        db = container "DB"
                    }
                }
            }
        }
        team = group "Platform" {
            infra = softwareSystem "Infra"
        }
    }
}`,
		els: []string{
			`customer person "Customer"`,
			`db container "DB" parent=ib class=service`,
			`ib system "Internet Banking" group=Retail/Online class=service structurizr.enterprise=Big Bank`,
			`infra system "Infra" group=Platform class=service`,
			`staff person "Staff" structurizr.enterprise=Big Bank`,
			`web container "Web" parent=ib group=Edge class=service`,
		},
		diags: []string{`url in group "Edge" ignored: groups are not elements`},
	}})
}

func TestRelationships(t *testing.T) {
	runFeatureCases(t, []featureCase{
		{
			name: "explicit, implicit, this, named, with bodies",
			src: `workspace {
    model {
        user = person "User"
        shop = softwareSystem "Shop" {
            user -> this "Buys from"
            db = container "DB"
            web = container "Web" {
                -> db "Reads" "JDBC" "Sync,Critical"
            }
        }
        !element user {
            -> shop "Browses" "HTTPS"
        }
        r1 = web -> db "Writes" {
            tags "Async"
            technology "AMQP"
            url https://example.com/adr/7
            properties {
                archdrift.ignore "relationship.missing: batch job"
            }
        }
        web -> db "Writes"
        shop -> nobody "Calls"
        shop -> shop.web "Hierarchical path in flat mode"
        this -> shop
    }
}`,
			els: []string{
				`db container "DB" parent=shop class=service`,
				`shop system "Shop" class=service`,
				`user person "User"`,
				`web container "Web" parent=shop class=service`,
			},
			rels: []string{
				`user -> shop desc=Browses tech=HTTPS`,
				`user -> shop desc=Buys from`,
				`web -> db desc=Reads tech=JDBC tags=Sync|Critical`,
				`web -> db desc=Writes`,
				`web -> db id=r1 desc=Writes tech=AMQP tags=Async archdrift.ignore=relationship.missing: batch job url=https://example.com/adr/7`,
			},
			diags: []string{
				`relationship shop -> nobody dropped: "nobody" is not a known identifier`,
				`relationship shop -> shop.web dropped`,
				`relationship this -> shop dropped: this is only meaningful inside an element`,
			},
		},
		{
			name: "forward references are not resolved",
			src: `workspace {
    model {
        a = softwareSystem "A" {
            -> b "Uses"
        }
        b = softwareSystem "B"
    }
}`,
			els: []string{
				`a system "A" class=service`,
				`b system "B" class=service`,
			},
			diags: []string{`relationship this -> b dropped: "b" is not a known identifier (identifiers must be defined before they are used)`},
		},
		{
			name: "remove relationship",
			src: `workspace {
    model {
        a = softwareSystem "A"
        b = softwareSystem "B"
        a -> b "One"
        a -> b "Two"
        a -/> b "One"
        b -/> a
    }
}`,
			els: []string{
				`a system "A" class=service`,
				`b system "B" class=service`,
			},
			rels:  []string{`a -> b desc=Two`},
			diags: []string{`relationship removal ignored: there is no relationship from b to a`},
		},
	})
}

func TestConstantsCommentsAndText(t *testing.T) {
	runFeatureCases(t, []featureCase{{
		name: "constants, comments, continuation, text blocks",
		src: "\uFEFF!constant ORG \"Big Bank\"\n" + `!const TECH "Java"
/* a block comment
   over lines */ workspace "${ORG} landscape" {
    # a hash comment
    // a slash comment
    model {
        !var ENV "prod"
        sys = softwareSystem "${ORG} ${ENV}" "Runs on ${TECH}" // a trailing comment
        !var ENV "test"
        !element sys {
            c = container "Test ${ENV} ${HOME}" {
                technology ${TECH}
            }
        }
        cont = \
            softwareSystem \
            "Long \
            Name"
        doc = person "Doc" {
            description """
                First line.
                  Indented line.
                """
        }
    }
}`,
		els: []string{
			`c container "Test test ${HOME}" parent=sys tech=Java class=service`,
			`cont system "Long Name" class=service`,
			`doc person "Doc" desc=First line.` + "\n  Indented line.",
			`sys system "Big Bank prod" desc=Runs on Java class=service`,
		},
		diags: []string{`${HOME} is not a !constant or !var defined before this line`},
		check: func(t *testing.T, ws *Workspace) {
			if ws.Name != "Big Bank landscape" {
				t.Errorf("name = %q", ws.Name)
			}
		},
	}})
}

func TestEncodings(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		want string
	}{
		{"utf-8", []byte("workspace {\n model {\n  softwareSystem \"Nam\u00e9 \U0001F642\"\n }\n}\n"), "Nam\u00e9 \U0001F642"},
		{"utf-8 with bom", []byte("\xEF\xBB\xBFworkspace {\n model {\n  softwareSystem \"Name\"\n }\n}\n"), "Name"},
		{"iso-8859-1", []byte("workspace {\n model {\n  softwareSystem \"Nam\xe9\"\n }\n}\n"), "Nam\u00e9"},
		{"crlf", []byte("workspace {\r\n model {\r\n  softwareSystem \\\r\n    \"Name\"\r\n }\r\n}\r\n"), "Name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws, err := Parse(nil, "w.dsl", tc.src)
			if err != nil {
				t.Fatal(err)
			}
			els := ws.Graph.Elements()
			if len(els) != 1 || els[0].Name != tc.want {
				t.Fatalf("elements = %v, want one named %q", els, tc.want)
			}
		})
	}
}

func TestDeployment(t *testing.T) {
	runFeatureCases(t, []featureCase{
		{
			name: "environments, nodes, instances, groups",
			src: `workspace {
    model {
        shop = softwareSystem "Shop" {
            api = container "API" "" "Go"
            db = container "DB" "" "PostgreSQL" "Database"
            api -> db "Reads"
        }
        live = deploymentEnvironment "Live" {
            blue = deploymentGroup "Blue"
            aws = deploymentNode "AWS" "Cloud" "Amazon Web Services" "Cloud" {
                group "Region" {
                    deploymentNode "ECS" "" "Fargate" "" "2..4" {
                        apiInstance = containerInstance api blue
                        containerInstance api
                        softwareSystemInstance shop {
                            description "ignored: the instance, not the system"
                        }
                        instances 3
                    }
                    lb = infrastructureNode "ALB" {
                        technology "Application Load Balancer"
                        tags "LB"
                        -> apiInstance "Forwards" "HTTPS"
                    }
                    !include routes.dsl
                }
                rds = deploymentNode "RDS" {
                    dbInstance = containerInstance db "Primary" {
                        healthCheck "Ping" https://example.com/health 60 1000
                    }
                }
                containerInstance nothing
            }
        }
        deploymentEnvironment "Dev" {
            deploymentNode "AWS"
        }
        !ref live {
            deploymentNode "Extra"
        }
    }
}`,
			els: []string{
				`.dev.aws deployment-node "AWS" class=infrastructure structurizr.environment=Dev`,
				`api container "API" parent=shop tech=Go class=service`,
				`aws deployment-node "AWS" desc=Cloud tech=Amazon Web Services class=infrastructure tags=Cloud structurizr.environment=Live`,
				`aws.ecs deployment-node "ECS" parent=aws group=Region tech=Fargate class=service structurizr.environment=Live structurizr.hosts=api,shop structurizr.instances=3`,
				`db container "DB" parent=shop tech=PostgreSQL class=database tags=Database`,
				`lb infrastructure-node "ALB" parent=aws group=Region tech=Application Load Balancer class=load-balancer tags=LB structurizr.environment=Live`,
				`live.extra deployment-node "Extra" class=infrastructure structurizr.environment=Live`,
				`rds deployment-node "RDS" parent=aws class=infrastructure structurizr.environment=Live structurizr.hosts=db`,
				`shop system "Shop" class=service`,
			},
			rels: []string{
				`api -> db desc=Reads`,
				`lb -> api desc=Forwards tech=HTTPS structurizr.environment=Live`,
				`lb -> shop desc=Routes structurizr.environment=Live`,
			},
			files: fstest.MapFS{"routes.dsl": {Data: []byte("lb -> shop \"Routes\"\n")}},
			diags: []string{`containerInstance nothing ignored: "nothing" is not a known identifier`},
		},
		{
			name: "hierarchical deployment identifiers",
			src: `workspace {
    !identifiers hierarchical
    model {
        ss = softwareSystem "SS" {
            c = container "C"
        }
        live = deploymentEnvironment "Live" {
            dn = deploymentNode "DN1" {
                ss = deploymentNode "DN2" {
                    softwareSystemInstance ss
                    ci = containerInstance ss.c
                }
                in = infrastructureNode "IN" {
                    -> ss.ci "Sends to"
                }
            }
        }
    }
}`,
			els: []string{
				`live.dn deployment-node "DN1" class=infrastructure structurizr.environment=Live`,
				`live.dn.in infrastructure-node "IN" parent=live.dn class=infrastructure structurizr.environment=Live`,
				`live.dn.ss deployment-node "DN2" parent=live.dn class=infrastructure structurizr.environment=Live structurizr.hosts=ss,ss.c`,
				`ss system "SS" class=service`,
				`ss.c container "C" parent=ss class=service`,
			},
			rels: []string{`live.dn.in -> ss.c desc=Sends to structurizr.environment=Live`},
		},
	})
}

func TestArchetypes(t *testing.T) {
	runFeatureCases(t, []featureCase{{
		name: "element and relationship archetypes",
		src: `workspace {
    model {
        archetypes {
            external = softwareSystem {
                tag "External"
                description "Someone else's"
            }
            service = group
            application = container {
                technology "Java"
                tag "Application"
            }
            springBoot = application {
                technology "Spring Boot"
                properties {
                    runtime jvm
                }
            }
            datastore = container {
                technology "MySQL"
                tags "Datastore"
            }
            sync = -> {
                tags "Synchronous"
            }
            https = --sync-> {
                technology "HTTPS"
            }
        }
        stripe = external "Stripe"
        shop = softwareSystem "Shop" {
            orders = service "Orders" {
                api = springBoot "Orders API" "Takes orders" "" "Core"
                db = datastore "Orders DB" {
                    technology "MariaDB"
                }
            }
        }
        api --https-> stripe "Charges cards"
        api -> db
    }
}`,
		els: []string{
			`api container "Orders API" parent=shop group=Orders desc=Takes orders tech=Spring Boot class=service tags=Application|Core runtime=jvm`,
			`db container "Orders DB" parent=shop group=Orders tech=MariaDB class=database tags=Datastore`,
			`shop system "Shop" class=service`,
			`stripe system "Stripe" desc=Someone else's class=external tags=External`,
		},
		rels: []string{
			`api -> db`,
			`api -> stripe desc=Charges cards tech=HTTPS tags=Synchronous`,
		},
	}})
}

func TestReopen(t *testing.T) {
	runFeatureCases(t, []featureCase{{
		name: "!element, !ref and !extend by identifier and canonical name",
		src: `workspace {
    model {
        shop = softwareSystem "Shop" {
            web = container "Web"
        }
        softwareSystem "Legacy"
        !ref shop {
            api = container "API"
            tags "Reopened"
        }
        legacy = !element "SoftwareSystem://Legacy" {
            url https://legacy.example.com
        }
        !extend "Container://Shop.Web" {
            technology "React"
        }
        !element missing {
            tags "Lost"
        }
        r = api -> legacy
        !relationship r {
            description "Calls"
        }
        !elements "element.type==Container" {
            tags "Bulk"
        }
    }
}`,
		els: []string{
			`.legacy system "Legacy" class=service url=https://legacy.example.com`,
			`api container "API" parent=shop class=service`,
			`shop system "Shop" class=service tags=Reopened`,
			`web container "Web" parent=shop tech=React class=service`,
		},
		rels: []string{`api -> .legacy id=r desc=Calls`},
		diags: []string{
			`!element missing: nothing defined earlier has this identifier`,
			`!elements skipped: bulk changes through expressions are not evaluated`,
		},
	}})
}

func TestSkippedAndIgnored(t *testing.T) {
	runFeatureCases(t, []featureCase{{
		name: "scripts, plugins, urls, custom elements, views, unknown keywords",
		src: `workspace {
    !script groovy {
        workspace.model.addPerson("Groovy") { println("}") }
    }
    !plugin com.example.Plugin {
        name Java
    }
    !include https://example.com/model.dsl
    !impliedRelationships false
    properties {
        "structurizr.dslEditor" "false"
    }
    model {
        box = element "Box" "Metadata" "A box"
        sys = softwareSystem "Sys" {
            box -> this
            flavour "vanilla"
            technology "Go"
            !script external.groovy
            !components {
                source src
            }
        }
    }
    views {
        systemLandscape {
            include *
            autolayout lr
        }
        dynamic * {
            sys -> box
            {
                {
                    sys -> box "Parallel"
                }
            }
        }
        styles {
            element "Box" {
                background #ffffff
            }
        }
        theme default
        branding {
            logo logo.png
        }
    }
    configuration {
        scope softwaresystem
    }
}`,
		els: []string{`sys system "Sys" class=service`},
		diags: []string{
			`!script groovy skipped: scripts need a JVM`,
			`!plugin com.example.Plugin skipped`,
			`!include https://example.com/model.dsl skipped: archdrift does not fetch URLs`,
			`custom element "Box" is outside the C4 model`,
			`unknown keyword "flavour" in the body of "Sys" ignored`,
			`technology ignored: only containers, components and deployment or infrastructure nodes have one`,
			`!script external.groovy skipped`,
			`!components skipped`,
		},
		check: func(t *testing.T, ws *Workspace) {
			want := map[string]string{"structurizr.dslEditor": "false", "structurizr.impliedRelationships": "false"}
			if diff := cmp.Diff(want, ws.Properties); diff != "" {
				t.Errorf("properties (-want +got):\n%s", diff)
			}
		},
	}})
}

func TestIncludes(t *testing.T) {
	runFeatureCases(t, []featureCase{{
		name: "file, directory, nested, docs and adrs",
		src: `!constant PART "part"
workspace {
    !docs docs
    model {
        !include model/people.dsl
        shop = softwareSystem "Shop" {
            !include model/shop
            !adrs decisions madr
        }
    }
    views {
        styles {
            !include styles.dsl
        }
    }
}`,
		files: fstest.MapFS{
			"docs/01-context.md":        {Data: []byte("# Context")},
			"model/people.dsl":          {Data: []byte("user = person \"User ${PART}\"\n")},
			"model/shop/a-db.dsl":       {Data: []byte("db = container \"DB\" {\n  !docs ../../docs\n}\n")},
			"model/shop/b-web.dsl":      {Data: []byte("web = container \"Web\" {\n  -> db\n}\n")},
			"model/shop/.hidden.dsl":    {Data: []byte("this is not read\n")},
			"model/shop/README.md":      {Data: []byte("not DSL")},
			"model/shop/sub/c-api.dsl":  {Data: []byte("!include ../../people-ref.dsl\n")},
			"model/people-ref.dsl":      {Data: []byte("api = container \"API\" {\n  user -> this\n}\n")},
			"styles.dsl":                {Data: []byte("element \"Person\" {\n  shape Person\n}\n")},
			"unrelated/other.dsl":       {Data: []byte("not read")},
			"decisions/0001-record.md":  {Data: []byte("# 1. Record")},
			"model/shop/sub/nested.txt": {Data: []byte("not DSL")},
		},
		els: []string{
			`api container "API" parent=shop class=service`,
			`db container "DB" parent=shop class=service structurizr.docs=docs`,
			`shop system "Shop" class=service structurizr.adrs=decisions`,
			`user person "User part"`,
			`web container "Web" parent=shop class=service`,
		},
		rels: []string{
			`user -> api`,
			`web -> db`,
		},
		check: func(t *testing.T, ws *Workspace) {
			wantFiles := []string{"model/people-ref.dsl", "model/people.dsl", "model/shop/a-db.dsl", "model/shop/b-web.dsl", "model/shop/sub/c-api.dsl", "styles.dsl", "workspace.dsl"}
			if diff := cmp.Diff(wantFiles, ws.Files); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"docs"}, ws.DocsPaths); diff != "" {
				t.Errorf("docs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"decisions"}, ws.ADRPaths); diff != "" {
				t.Errorf("adrs (-want +got):\n%s", diff)
			}
			db, _ := ws.Graph.Element("db")
			if db.Sources[0].File != "model/shop/a-db.dsl" || db.Sources[0].Line != 1 || db.Sources[0].Column != 1 {
				t.Errorf("db source = %+v, want model/shop/a-db.dsl:1:1", db.Sources[0])
			}
		},
	}})
}

func TestExtends(t *testing.T) {
	base := `workspace "Base" "The landscape" {
    !identifiers hierarchical
    model {
        user = person "User"
        shop = softwareSystem "Shop" {
            web = container "Web"
        }
        user -> shop.web "Uses"
    }
    views {
        systemLandscape {
            include *
        }
    }
}`
	runFeatureCases(t, []featureCase{
		{
			name: "dsl",
			path: "landscape/workspace.dsl",
			src: `workspace extends ../base/workspace.dsl {
    name "Extended"
    model {
        !element shop {
            api = container "API"
        }
        shop.web -> shop.api "Calls"
    }
    views {
        systemLandscape {
            include *
        }
    }
}`,
			files: fstest.MapFS{"base/workspace.dsl": {Data: []byte(base)}},
			els: []string{
				`shop system "Shop" class=service`,
				`shop.api container "API" parent=shop class=service`,
				`shop.web container "Web" parent=shop class=service`,
				`user person "User"`,
			},
			rels: []string{
				`shop.web -> shop.api desc=Calls`,
				`user -> shop.web desc=Uses`,
			},
			check: func(t *testing.T, ws *Workspace) {
				if ws.Name != "Extended" || ws.Description != "The landscape" {
					t.Errorf("name, description = %q, %q", ws.Name, ws.Description)
				}
				if diff := cmp.Diff([]string{"base/workspace.dsl", "landscape/workspace.dsl"}, ws.Files); diff != "" {
					t.Errorf("files (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "json",
			src: `workspace extends base.json {
    model {
        !extend shop {
            api = container "API"
        }
        user -> api "Uses"
    }
}`,
			files: fstest.MapFS{"base.json": {Data: []byte(`{
  "name": "From JSON",
  "properties": {"structurizr.dsl": "d29ya3NwYWNl", "team": "shop"},
  "model": {
    "people": [{"id": "1", "name": "User", "tags": "Element,Person", "properties": {"structurizr.dsl.identifier": "user"},
                "relationships": [{"id": "5", "sourceId": "1", "destinationId": "3", "description": "Browses", "tags": "Relationship"}]}],
    "softwareSystems": [{"id": "2", "name": "Shop", "tags": "Element,Software System", "properties": {"structurizr.dsl.identifier": "shop"},
      "containers": [{"id": "3", "name": "Web", "technology": "React", "tags": "Element,Container,Web",
                      "properties": {"structurizr.dsl.identifier": "93ea2110-adec-4936-97aa-b55397325115"}}]}],
    "deploymentNodes": [{"id": "4", "name": "AWS", "environment": "Live", "instances": 2,
      "containerInstances": [{"id": "6", "containerId": "3", "environment": "Live",
        "relationships": [{"id": "7", "sourceId": "6", "destinationId": "1", "linkedRelationshipId": "5"}]}]}]
  }
}`)}},
			els: []string{
				`.live.aws deployment-node "AWS" class=infrastructure structurizr.environment=Live structurizr.hosts=shop.web structurizr.instances=2`,
				`api container "API" parent=shop class=service`,
				`shop system "Shop" class=service`,
				`shop.web container "Web" parent=shop tech=React class=service tags=Web`,
				`user person "User"`,
			},
			rels: []string{
				`user -> api desc=Uses`,
				`user -> shop.web desc=Browses`,
			},
			check: func(t *testing.T, ws *Workspace) {
				if ws.Name != "From JSON" || ws.Properties["team"] != "shop" || ws.Properties["structurizr.dsl"] != "" {
					t.Errorf("name = %q, properties = %v", ws.Name, ws.Properties)
				}
			},
		},
		{
			name: "url",
			src: `workspace extends https://example.com/workspace.dsl {
    model {
        softwareSystem "Shop"
    }
}`,
			els:   []string{`.shop system "Shop" class=service`},
			diags: []string{`archdrift does not fetch URLs, so the elements of the base workspace are not seen`},
		},
	})
}

func TestJSONWorkspace(t *testing.T) {
	fsys := fstest.MapFS{
		"workspace.json": {Data: []byte(`{"name": "Exported", "model": {
  "people": [{"id": "1", "name": "User", "properties": {"structurizr.dsl.identifier": "user"},
              "relationships": [{"id": "3", "sourceId": "1", "destinationId": "2", "description": "Uses", "technology": "HTTPS"}]}],
  "softwareSystems": [{"id": "2", "name": "Shop", "tags": "Element,Software System,Internal", "group": "Retail"}]}}`)},
		"broken.json": {Data: []byte("{\n  \"model\": {\n    \"people\": 7\n  }\n}\n")},
	}
	ws, err := ParseFile(fsys, "workspace.json")
	if err != nil {
		t.Fatal(err)
	}
	els, rels := describeGraph(ws)
	wantEls := []string{`.shop system "Shop" group=Retail class=service tags=Internal`, `user person "User"`}
	if diff := cmp.Diff(wantEls, els); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`user -> .shop desc=Uses tech=HTTPS`}, rels); diff != "" {
		t.Errorf("relationships (-want +got):\n%s", diff)
	}
	if ws.Name != "Exported" || ws.Graph.Relationships()[0].Sources[0].File != "workspace.json" {
		t.Errorf("name %q, sources %v", ws.Name, ws.Graph.Relationships()[0].Sources)
	}

	_, err = ParseFile(fsys, "broken.json")
	var e *Error
	if !errors.As(err, &e) || e.File != "broken.json" || e.Line != 3 {
		t.Errorf("error = %v, want broken.json:3:…", err)
	}
}
