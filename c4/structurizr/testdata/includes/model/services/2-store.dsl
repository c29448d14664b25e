store = container "Invoice Store" "" "MongoDB" {
    api.handler -> this "Saves invoices in"
}
