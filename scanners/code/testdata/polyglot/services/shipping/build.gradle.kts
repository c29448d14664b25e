plugins {
    id("org.springframework.boot") version "3.3.0"
    kotlin("jvm") version "2.0.0"
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-amqp")
    implementation(libs.jedis)
    implementation(group = "io.nats", name = "jnats", version = "2.17.6")
    // implementation("org.mongodb:mongodb-driver-sync:5.1.0") is commented out
    testImplementation("org.postgresql:postgresql:42.7.3")
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.3.0"))
}
