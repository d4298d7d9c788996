package io.pmos.testing;

import io.pmos.mcp.ReferenceMcpServerResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Local stand-ins of the external services, started once for every @QuarkusTest. */
@QuarkusTestResource(LocalFlowPieces.class)
@QuarkusTestResource(ReferenceMcpServerResource.class)
public final class TestResources {

    private TestResources() {
    }
}
