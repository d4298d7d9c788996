package io.pmos.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/** One tool from tools/list; the schemas stay JSON because PMOS passes them on (to forms, to the model) unchanged. */
public record McpTool(String name, String title, String description, JsonNode inputSchema, JsonNode outputSchema,
                      McpToolAnnotations annotations) {
}
