package dev.helloasync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The same spans over OTLP's gRPC protocol (Quarkus's default), to the same kind of receiver. */
@QuarkusTest
@WithTestResource(value = OtlpReceiver.class, initArgs = @ResourceArg(name = "protocol", value = "grpc"))
public class TracingGrpcTest {

    @Test
    void spansGoOutOverGrpcToo() throws InterruptedException {
        String run = UUID.randomUUID().toString();
        given().get("/?run=" + run).then().statusCode(200);
        Span page = TracingTest.awaitSpan(TracingTest.run(run));
        assertEquals("GET /", page.getName());
        assertEquals(200, TracingTest.integer(page, "http.response.status_code"));
    }
}
