clerk -> billing.api "Issues invoices with"
clerk -> billing.unknown "Is dropped"
