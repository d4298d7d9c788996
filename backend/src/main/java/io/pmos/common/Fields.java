package io.pmos.common;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of request fields, each failure a 400 with a sentence naming the field and the rule. */
public final class Fields {

    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");
    public static final int NAME_MIN = 2;
    public static final int NAME_MAX = 100;
    public static final int EMAIL_MAX = 254;
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 256;

    private Fields() {
    }

    public static <T> T body(T body) {
        if (body == null) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        return body;
    }

    public static String required(String value, String field) {
        if (value == null) {
            throw ApiException.badRequest("Field '" + field + "' is required.");
        }
        return value;
    }

    public static String name(String value) {
        String name = required(value, "name").strip();
        if (name.codePointCount(0, name.length()) < NAME_MIN) {
            throw ApiException.badRequest("Name must be at least " + NAME_MIN + " characters.");
        }
        if (name.codePointCount(0, name.length()) > NAME_MAX) {
            throw ApiException.badRequest("Name must be at most " + NAME_MAX + " characters.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("Name must not contain control characters.");
        }
        return name;
    }

    public static String email(String value) {
        String email = required(value, "email").strip().toLowerCase(Locale.ROOT);
        if (email.length() > EMAIL_MAX) {
            throw ApiException.badRequest("Email must be at most " + EMAIL_MAX + " characters.");
        }
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.badRequest("Please enter a valid email address, like name@example.com.");
        }
        return email;
    }

    public static String password(String value, String field) {
        String password = required(value, field);
        if (password.length() < PASSWORD_MIN) {
            throw ApiException.badRequest("Password must be at least " + PASSWORD_MIN + " characters.");
        }
        if (password.length() > PASSWORD_MAX) {
            throw ApiException.badRequest("Password must be at most " + PASSWORD_MAX + " characters.");
        }
        return password;
    }

    public static UUID id(String value, String field) {
        try {
            return UUID.fromString(required(value, field).strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Field '" + field + "' is not a valid id.");
        }
    }

    /** A path id: a malformed one names nothing that exists, so it is answered like an unknown one. */
    public static UUID pathId(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No such " + what + " in your workspace.");
        }
    }
}
