/*
 * ShopFlow as its team documents it: the model archdrift compares with the
 * Kubernetes manifests and Terraform of the running system.
 */
!const NAMESPACE "main"

workspace "ShopFlow" "An e-commerce app on one Kubernetes cluster." {

    !adrs decisions
    !docs docs

    model {
        customer = person "Customer" "Buys products online."
        admin = person "Admin" "Manages the catalogue and orders." "Staff"

        stripe = softwareSystem "Stripe" "Card payments." "External"
        mailer = softwareSystem "Email/SMS Provider" "Sends notifications." "External"

        shopflow = softwareSystem "ShopFlow" "Sells products online." {
            group "${NAMESPACE}" {
                webapp = container "ShopFlow WebApp" "The storefront." "React" "UI"
                gateway = container "API Gateway" "Routes API calls." "NGINX" "Gateway"
                catalog = container "Product Catalog" "Lists products." "Go"
                orders = container "Order Service" "Takes orders." "Java and Spring Boot" {
                    properties {
                        archdrift.source "kubernetes:main/deployment/order-service"
                    }
                }
                payments = container "Payment Service" "Charges cards." "Node.js"
                notifications = container "Notification Service" "Sends e-mail and SMS." "Python"
                queue = container "RabbitMQ" "Order events." "RabbitMQ"
                db = container "PostgreSQL" "Products and orders." "PostgreSQL 15" "Database"
            }
        }

        customer -> webapp "Browses and buys using" "HTTPS"
        admin -> webapp "Manages the shop using" "HTTPS"
        webapp -> gateway "Calls" "JSON/HTTPS"
        gateway -> catalog "Routes /products to" "HTTP"
        gateway -> orders "Routes /orders to" "HTTP"
        catalog -> db "Reads products from" "SQL"
        orders -> db "Reads and writes orders" "SQL"
        orders -> payments "Requests payment from" "HTTP"
        orders -> queue "Publishes order events to" "AMQP"
        queue -> notifications "Delivers order events to" "AMQP"
        payments -> stripe "Charges cards using" "HTTPS"
        notifications -> mailer "Sends notifications using" "HTTPS"

        production = deploymentEnvironment "Production" {
            cluster = deploymentNode "Kubernetes" "" "Kubernetes 1.30" {
                ns = deploymentNode "${NAMESPACE}" "" "Namespace" {
                    containerInstance webapp
                    containerInstance gateway
                    containerInstance catalog
                    containerInstance orders
                    containerInstance payments
                    containerInstance notifications
                    containerInstance queue
                }
                ingress = infrastructureNode "Ingress" "" "NGINX Ingress Controller" {
                    -> gateway "Forwards /api to" "HTTPS"
                }
            }
            rds = deploymentNode "Amazon RDS" "" "Amazon RDS for PostgreSQL" {
                containerInstance db
            }
        }
    }

    views {
        container shopflow "Containers" {
            include *
            autoLayout lr
        }
        deployment shopflow production "Production" {
            include *
        }
        theme default
    }
}
