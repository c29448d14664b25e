/*
 * ShopFlow: the C4 model as the team documented it.
 *
 * It is deliberately out of date (see ../../README.md), so that
 * `archdrift check testdata/shopflow` shows every rule firing.
 */
workspace "ShopFlow" "An e-commerce platform running on one Kubernetes cluster." {

    !identifiers hierarchical

    model {
        customer = person "Customer" "Browses the catalogue and buys products."
        admin = person "Admin" "Manages the catalogue, prices and orders."

        stripe = softwareSystem "Stripe" "Card payments." {
            tags "External"
        }
        messaging = softwareSystem "Email/SMS Provider" "Sends e-mail and text messages." {
            tags "External"
        }

        shopflow = softwareSystem "ShopFlow" "The online shop." {
            group "Edge" {
                webapp = container "ShopFlow WebApp" "The storefront single-page app and the server that ships it." "React, NGINX" "Web Browser"
                gateway = container "API Gateway" "Routes API calls to the services." "Kong"
            }
            group "Services" {
                catalog = container "Product Catalog" "Products, prices and stock levels." "Go" {
                    api = component "API" "REST endpoints for products and search." "Go"
                    store = component "Store" "Reads and writes products." "Go"
                    search = component "Search" "Finds products by name." "Go"
                }
                orders = container "Order Service" "Places and tracks orders." "Java and Spring Boot" {
                    api = component "Orders API" "REST endpoints for orders." "Spring MVC"
                    checkout = component "Checkout" "Turns a cart into a paid order." "Spring Bean"
                    repository = component "Order Repository" "Stores and loads orders." "Spring Data JPA"
                }
                payments = container "Payment Service" "Charges cards through Stripe." "Node.js"
                notifications = container "Notification Service" "Sends order confirmations by e-mail and SMS." "Python"
                reviews = container "Review Service" "Product reviews and ratings." "Go"
            }
            group "Data" {
                cache = container "Cart Cache" "Shopping carts between visits." "Redis" "Cache"
                queue = container "RabbitMQ" "Order and payment events." "RabbitMQ" "Queue"
                db = container "PostgreSQL" "Products and orders." "PostgreSQL" "Database"
                images = container "Product Images" "Product photos." "Amazon S3" "Bucket"
            }
        }

        customer -> shopflow.webapp "Browses and buys" "HTTPS"
        admin -> shopflow.webapp "Manages the catalogue" "HTTPS"
        shopflow.webapp -> shopflow.gateway "Calls the API" "JSON/HTTPS"
        shopflow.gateway -> shopflow.catalog "Routes product calls" "JSON/HTTP"
        shopflow.gateway -> shopflow.orders.api "Routes order calls" "JSON/HTTP"
        shopflow.gateway -> shopflow.reviews "Routes review calls" "JSON/HTTP"
        shopflow.orders.api -> shopflow.orders.checkout "Starts checkout"
        shopflow.orders.checkout -> shopflow.payments "Charges the customer" "JSON/HTTP"
        shopflow.orders.checkout -> shopflow.cache "Reads the cart" "Redis protocol"
        shopflow.orders.checkout -> shopflow.orders.repository "Saves the order"
        shopflow.orders.repository -> shopflow.db "Reads and writes orders" "JDBC"
        shopflow.orders -> shopflow.queue "Publishes order events" "AMQP"
        shopflow.payments -> shopflow.queue "Publishes payment events" "AMQP"
        shopflow.queue -> shopflow.notifications "Delivers order events" "AMQP"
        shopflow.catalog -> shopflow.db "Reads and writes products" "SQL"
        shopflow.catalog -> shopflow.images "Stores product photos" "HTTPS"
        shopflow.payments -> stripe "Charges cards" "JSON/HTTPS"
        shopflow.notifications -> messaging "Sends e-mail and SMS" "JSON/HTTPS"
        shopflow.catalog.api -> shopflow.catalog.store "Loads products"
        shopflow.catalog.api -> shopflow.catalog.search "Searches products"
    }

    views {
        systemContext shopflow "Context" {
            include *
            autolayout lr
        }
        container shopflow "Containers" {
            include *
            autolayout lr
        }
        component shopflow.orders "OrderComponents" {
            include *
            autolayout tb
        }
        component shopflow.catalog "CatalogComponents" {
            include *
            autolayout tb
        }
        styles {
            element "Person" {
                shape person
            }
            element "Database" {
                shape cylinder
            }
            element "Queue" {
                shape pipe
            }
            element "External" {
                background #999999
            }
        }
    }
}
