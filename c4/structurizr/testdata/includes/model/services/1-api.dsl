api = container "${SYSTEM} API" "" "Go" {
    handler = component "Invoice Handler"
}
