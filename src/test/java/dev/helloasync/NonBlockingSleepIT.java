package dev.helloasync;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class NonBlockingSleepIT extends NonBlockingSleepTest {
}
