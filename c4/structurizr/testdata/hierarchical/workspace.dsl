workspace {
    !identifiers hierarchical

    model {
        user = person "User"
        bank = softwareSystem "Bank" {
            web = container "Web" "" "Java"
            db = container "DB" "" "Oracle" "Database"
            web -> db "Reads"
        }
        user -> bank.web "Uses"

        live = deploymentEnvironment "Live" {
            dc = deploymentNode "Data Centre" {
                lb = infrastructureNode "F5" "" "F5 BIG-IP" "Load Balancer"
                app = deploymentNode "App Server" "" "Ubuntu" "" 4 {
                    webInstance = containerInstance bank.web
                }
                deploymentNode "DB Server" {
                    containerInstance bank.db
                }
                lb -> app.webInstance "Forwards to" "HTTPS"
            }
        }
    }
}
