package io.leadflow.intake.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import io.leadflow.support.api.Problem;
import io.leadflow.support.api.ProblemException;

/** Reads an {@code application/x-www-form-urlencoded} body, refusing a malformed one with a problem. */
final class FormBodies {

    static final int MAX_FIELDS = 100;

    private FormBodies() {
    }

    static MultivaluedMap<String, String> parse(byte[] body) {
        MultivaluedMap<String, String> fields = new MultivaluedHashMap<>();
        if (body == null || body.length == 0) {
            return fields;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String[] pairs = text.split("&");
        if (pairs.length > MAX_FIELDS) {
            throw malformed("has more than " + MAX_FIELDS + " fields");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.add(name, value);
            } catch (IllegalArgumentException e) {
                throw malformed("is not URL-encoded correctly");
            }
        }
        return fields;
    }

    private static ProblemException malformed(String reason) {
        return new ProblemException(Problem.of(400, "Bad Request", "malformed-form", "The form body " + reason + "."));
    }
}
