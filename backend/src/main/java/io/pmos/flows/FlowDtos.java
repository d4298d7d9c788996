package io.pmos.flows;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** Request and answer bodies of the flows, runs and pieces endpoints (flow objects are Flow Pieces' own JSON). */
public final class FlowDtos {

    private FlowDtos() {
    }

    public record CreateFlowRequest(String displayName) {
    }

    public record OperationRequest(String type, Map<String, Object> request) {
    }

    public record TestRunRequest(Map<String, Object> payload) {
    }

    public record OptionsRequest(String pieceName, String pieceVersion, String actionOrTriggerName, String propertyName,
                                 Map<String, Object> input, String flowId, String flowVersionId, String searchValue) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastRun(String id, String status, String created) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlowSummary(String id, String displayName, String status, String updated, String created,
                              String publishedVersionId, boolean valid, LastRun lastRun) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlowsAnswer(boolean ok, List<FlowSummary> flows, String next) {
    }

    /** {@code seq}: the flow topic's last event number; {@code version}: the copy's version (see FlowVersions). */
    public record FlowAnswer(boolean ok, Map<String, Object> flow, long seq, long version) {
    }

    public record TestRunAnswer(boolean ok, String runId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunSummary(String id, String flowId, String status, String created, String startTime, String finishTime,
                             String environment, boolean test) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunsAnswer(boolean ok, List<RunSummary> runs, String next) {
    }

    public record RunAnswer(boolean ok, Map<String, Object> run) {
    }

    /** A run in the workspace-wide runs list, with its flow's name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecentRun(String id, String flowId, String flowName, String status, String created, String startTime,
                            String finishTime, String environment) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecentRunsAnswer(boolean ok, List<RecentRun> runs, String next) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PieceSummary(String name, String displayName, String logoUrl, String description, String version,
                               int actions, int triggers) {
    }

    public record PiecesAnswer(boolean ok, List<PieceSummary> pieces) {
    }

    public record PieceAnswer(boolean ok, Map<String, Object> piece) {
    }

    public record OptionsAnswer(boolean ok, Map<String, Object> options) {
    }

    public record PolicyAnswer(boolean ok, WorkspaceSettingsService.FlowPolicy settings) {
    }
}
