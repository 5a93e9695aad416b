package dev.helloasync;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class WarmUpReadinessIT extends WarmUpReadinessTest {
}
