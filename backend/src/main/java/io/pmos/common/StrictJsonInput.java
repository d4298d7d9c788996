package io.pmos.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The object mapper of the REST layer: the application's mapper (see {@link JsonSetup}) with parsers that refuse
 * duplicated keys and text PostgreSQL cannot store. Only request and response bodies use it, so answers of the
 * services PMOS calls are parsed as before.
 */
@Provider
public class StrictJsonInput implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    public StrictJsonInput(ObjectMapper base) {
        this.mapper = base.copyWith(new InputCheckingJsonFactory(base.getFactory()));
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
