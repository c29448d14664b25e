# The core Azure and Google Cloud types, and the grants that link them: a
# role assignment gives a web app's managed identity a storage account, a
# bucket IAM member gives a Cloud Run service's account a bucket.
resource "azurerm_user_assigned_identity" "web" {
  name = "web-identity"
}

resource "azurerm_linux_web_app" "web" {
  name = "storefront"
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.web.id]
  }
  app_settings = {
    DB_HOST = azurerm_postgresql_flexible_server.db.fqdn
    BUS     = azurerm_servicebus_namespace.bus.default_primary_connection_string
  }
}

resource "azurerm_postgresql_flexible_server" "db" {
  name = "storefront-db"
}

resource "azurerm_servicebus_namespace" "bus" {
  name = "storefront-bus"
}

resource "azurerm_storage_account" "media" {
  name = "storefrontmedia"
}

resource "azurerm_role_assignment" "media" {
  scope                = azurerm_storage_account.media.id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_user_assigned_identity.web.principal_id
}

resource "azurerm_linux_function_app" "thumbnails" {
  name = "thumbnails"
  app_settings = {
    MEDIA = azurerm_storage_account.media.primary_blob_endpoint
  }
}

resource "azurerm_redis_cache" "sessions" {
  name = "sessions"
}

resource "azurerm_cosmosdb_account" "catalogue" {
  name = "catalogue"
}

resource "google_service_account" "api" {
  account_id = "api"
}

resource "google_cloud_run_v2_service" "api" {
  name = "api"
  template {
    service_account = google_service_account.api.email
    containers {
      image = "europe-docker.pkg.dev/acme/api:1"
      env {
        name  = "DB"
        value = google_sql_database_instance.main.connection_name
      }
      env {
        name  = "TOPIC"
        value = google_pubsub_topic.events.id
      }
    }
  }
}

resource "google_sql_database_instance" "main" {
  name             = "main"
  database_version = "POSTGRES_15"
}

resource "google_pubsub_topic" "events" {
  name = "events"
}

resource "google_pubsub_subscription" "mailer" {
  name  = "mailer"
  topic = google_pubsub_topic.events.id
  push_config {
    push_endpoint = google_cloudfunctions2_function.mailer.url
  }
}

resource "google_cloudfunctions2_function" "mailer" {
  name = "mailer"
}

resource "google_storage_bucket" "exports" {
  name = "acme-exports"
}

resource "google_storage_bucket_iam_member" "api" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.api.email}"
}
