package io.pmos.connectors;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** Request and answer bodies of /api/pmos/connectors and /api/pmos/onboarding. */
public final class ConnectorDtos {

    private ConnectorDtos() {
    }

    /** PUT body: each section present replaces that part; a missing or null secret keeps the stored one, "" clears it. */
    public record ConnectorsUpdate(FlowPiecesInput flowPieces, List<McpInput> mcp, AiInput ai) {
    }

    public record FlowPiecesInput(String preset, String url, String authMode, String email, String projectId, String secret) {
    }

    public record McpInput(String name, String preset, String url, String authMode, String headerName, String identityTool,
                           String secret) {
    }

    public record AiInput(String provider, String model, String baseUrl, String secret) {
    }

    public record TestRequest(String connector) {
    }

    /** A secret as the API shows it: whether one is stored, and its mask. */
    public record SecretView(boolean set, String mask) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlowPiecesView(String url, String authMode, String email, String projectId, SecretView secret,
                                 Object lastTest) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record McpView(String name, String url, String authMode, String headerName, String identityTool,
                          SecretView secret, Object lastTest) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AiView(String provider, String model, String baseUrl, SecretView secret, Object lastTest) {
    }

    /**
     * What a member or viewer may see of a connector: whether it is set up, whether its last test passed, and its
     * state (passed, unverified, failed; absent before the first test).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusView(String connector, String kind, boolean configured, Boolean passed, String state,
                             Long checkedAtMs) {
    }

    /** A local stand-in service the wizard can offer ("local"), with its address only. */
    public record LocalChoice(String label, String url) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectorsAnswer(boolean ok, boolean canEdit, FlowPiecesView flowPieces, List<McpView> mcp, AiView ai,
                                   Map<String, LocalChoice> local, List<StatusView> status) {
    }

    public record CheckError(String code, String message, String fix) {
    }

    /**
     * One connector test. {@code ok}: the connection works. {@code status}: {@code passed} (works, and the key was
     * proven), {@code unverified} (works, but nothing proved the key: an MCP server without an identity tool — shown
     * amber as "connected, key not verified", never as passed) or {@code failed}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckResult(String connector, String kind, boolean configured, boolean reachable, boolean authOk,
                              boolean ok, String status, Map<String, Object> details, long latencyMs, long checkedAtMs,
                              CheckError error) {
    }

    public record TestAnswer(boolean ok, long checkedAtMs, List<CheckResult> results) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OnboardingStep(String id, String title, String status, String connector, Long checkedAtMs,
                                 CheckError error) {
    }

    public record OnboardingAnswer(boolean ok, List<OnboardingStep> steps, int completed, int total, String current,
                                   boolean ready) {
    }
}
