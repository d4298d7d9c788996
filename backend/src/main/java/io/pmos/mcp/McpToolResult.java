package io.pmos.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The result of tools/call. Content items stay JSON (text, image, audio, resource_link, resource, and kinds yet to
 * come); isError=true is a tool failure reported by the tool, not a protocol failure.
 */
public record McpToolResult(List<JsonNode> content, JsonNode structuredContent, boolean isError) {

    /** The text items joined by newlines; empty when there are none. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (JsonNode item : content) {
            if ("text".equals(item.path("type").asText()) && item.path("text").isTextual()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(item.path("text").asText());
            }
        }
        return out.toString();
    }
}
