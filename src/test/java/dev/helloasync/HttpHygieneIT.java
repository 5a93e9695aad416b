package dev.helloasync;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class HttpHygieneIT extends HttpHygieneTest {
}
