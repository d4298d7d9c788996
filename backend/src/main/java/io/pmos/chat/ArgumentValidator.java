package io.pmos.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Checks a tool call's arguments against the tool's JSON Schema before anything runs. */
@ApplicationScoped
public class ArgumentValidator {

    private final ObjectMapper json = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** Null when valid; otherwise a short list of what is wrong, fit to send back to the model. */
    public String problems(JsonObject schema, JsonObject arguments) {
        if (schema == null || schema.isEmpty()) {
            return null;
        }
        try {
            JsonSchema s = compiled.computeIfAbsent(schema.encode(), text -> {
                try {
                    return factory.getSchema(json.readTree(text));
                } catch (Exception e) {
                    throw new IllegalArgumentException(e);
                }
            });
            JsonNode args = json.readTree(arguments.encode());
            Set<ValidationMessage> errors = s.validate(args);
            if (errors.isEmpty()) {
                return null;
            }
            return errors.stream().limit(5).map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
        } catch (IllegalArgumentException e) {
            return null;
        } catch (Exception e) {
            return "the arguments could not be read";
        }
    }
}
