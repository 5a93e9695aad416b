package dev.helloasync;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ProtocolIT extends ProtocolTest {
}
