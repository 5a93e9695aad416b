package dev.helloasync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chapter's two pages as fingerprints, so that the tests check the bytes served against the
 * chapter and not against whatever is in src/main/resources today.
 */
final class ChapterPages {

    static final String TEXT_HTML = "text/html; charset=utf-8";

    static final int HELLO_LENGTH = 175;
    static final String HELLO_SHA256 = "a45e0f45bc7f3a7bbce1103e2be4b4273aac8bbc667de155435daf0883c20078";

    static final int NOT_FOUND_LENGTH = 205;
    static final String NOT_FOUND_SHA256 = "b03e4aa414959a96ad760e6356ce841243ea18c80bb5f6df495240296f612193";

    private ChapterPages() {
    }

    static void assertHelloPage(byte[] body) {
        assertEquals(HELLO_LENGTH, body.length, "hello.html length");
        assertEquals(HELLO_SHA256, sha256(body), "hello.html bytes");
    }

    static void assertNotFoundPage(byte[] body) {
        assertEquals(NOT_FOUND_LENGTH, body.length, "404.html length");
        assertEquals(NOT_FOUND_SHA256, sha256(body), "404.html bytes");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
