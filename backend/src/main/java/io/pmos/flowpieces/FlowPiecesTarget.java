package io.pmos.flowpieces;

/**
 * One Flow Pieces project to talk to: base URL, credentials (API key, or email + password for a user token) and
 * project id. {@code cacheKey} scopes the cached user token (one per workspace connector).
 */
public record FlowPiecesTarget(String baseUrl, String apiKey, String email, String password, String projectId,
                               String cacheKey) {

    public boolean usesPassword() {
        return apiKey == null && email != null;
    }

    public FlowPiecesTarget withProject(String project) {
        return new FlowPiecesTarget(baseUrl, apiKey, email, password, project, cacheKey);
    }

    @Override
    public String toString() {
        return "FlowPiecesTarget[" + baseUrl + ", project " + projectId + (usesPassword() ? ", user " + email : ", api key") + "]";
    }
}
