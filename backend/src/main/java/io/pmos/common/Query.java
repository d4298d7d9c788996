package io.pmos.common;

/** Query-string numbers, with a 400 naming the parameter when one is not a number. */
public final class Query {

    private Query() {
    }

    public static Integer optionalInt(String value, String name) {
        Long parsed = optionalLong(value, name);
        if (parsed == null) {
            return null;
        }
        if (parsed < 0 || parsed > Integer.MAX_VALUE) {
            throw ApiException.badRequest("Query parameter '" + name + "' is out of range.");
        }
        return parsed.intValue();
    }

    public static Long optionalLong(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Query parameter '" + name + "' must be a whole number.");
        }
    }
}
