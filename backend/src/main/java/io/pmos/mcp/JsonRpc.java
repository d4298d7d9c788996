package io.pmos.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * JSON-RPC 2.0 message shapes for MCP. A private mapper on purpose: the application's mapper is strict about
 * unknown fields for PMOS's own API, while servers add fields to MCP messages all the time.
 */
final class JsonRpc {

    static final int METHOD_NOT_FOUND = -32601;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private JsonRpc() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ObjectNode request(long id, String method, JsonNode params) {
        ObjectNode node = object().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            node.set("params", params);
        }
        return node;
    }

    static ObjectNode notification(String method, JsonNode params) {
        ObjectNode node = object().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            node.set("params", params);
        }
        return node;
    }

    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode node = object().put("jsonrpc", "2.0");
        node.set("id", id);
        node.set("result", result);
        return node;
    }

    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode node = object().put("jsonrpc", "2.0");
        node.set("id", id);
        node.set("error", object().put("code", code).put("message", message));
        return node;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Parses one JSON document; null when the bytes are not exactly one JSON value. */
    static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean isRequest(JsonNode m) {
        return m.path("method").isTextual() && m.has("id") && !m.get("id").isNull();
    }

    static boolean isNotification(JsonNode m) {
        return m.path("method").isTextual() && (!m.has("id") || m.get("id").isNull());
    }

    static boolean isResponse(JsonNode m) {
        return !m.has("method") && m.has("id") && (m.has("result") || m.has("error"));
    }

    /** Whether a response id is the id of our request; a server echoing it as a string is tolerated. */
    static boolean idMatches(JsonNode id, long expected) {
        if (id == null) {
            return false;
        }
        if (id.isIntegralNumber()) {
            return id.canConvertToLong() && id.asLong() == expected;
        }
        return id.isTextual() && id.asText().equals(Long.toString(expected));
    }
}
