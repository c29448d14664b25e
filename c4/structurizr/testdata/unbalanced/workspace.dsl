workspace {
    model {
        user = person "User"
        shop = softwareSystem "Shop" {
            web = container "Web"

    }
}
