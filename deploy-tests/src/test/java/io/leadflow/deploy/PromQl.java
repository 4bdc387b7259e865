package io.leadflow.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Every PromQL expression Leadflow ships: the dashboards' panel targets and the alert rules. */
final class PromQl {

    /** Grafana's built-in variables, replaced by what Grafana would send for a six-hour view at a 15 s interval. */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of("$__rate_interval", "1m", "$__range", "6h",
            "$__interval", "15s");

    record Expression(String where, String promql) {
    }

    private PromQl() {
    }

    static List<Path> dashboards() {
        return Repo.files(Repo.DEPLOY.resolve("grafana/dashboards"), ".json");
    }

    static List<Expression> dashboardExpressions() {
        List<Expression> expressions = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = Repo.json(file);
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    expressions.add(new Expression(file.getFileName() + " / " + panel.path("title").asText() + " / "
                            + target.path("refId").asText(), substitute(target.path("expr").asText())));
                }
            }
        }
        return expressions;
    }

    static List<Expression> alertExpressions() {
        List<Expression> expressions = new ArrayList<>();
        JsonNode rules = Repo.yaml(Repo.DEPLOY.resolve("prometheus/alerts.yml"));
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(new Expression("alerts.yml / " + rule.path("alert").asText(),
                        rule.path("expr").asText()));
            }
        }
        return expressions;
    }

    static List<Expression> all() {
        List<Expression> all = new ArrayList<>(dashboardExpressions());
        all.addAll(alertExpressions());
        return all;
    }

    static String substitute(String expr) {
        String result = expr;
        for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        return result;
    }
}
