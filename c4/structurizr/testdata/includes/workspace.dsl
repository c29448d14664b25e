!constant SYSTEM "Billing"

workspace "Includes" {
    !identifiers hierarchical

    model {
        !include model/people.dsl
        billing = softwareSystem "${SYSTEM}" {
            !include model/services
        }
        !include model/relationships.dsl
    }
}
