package io.leadflow.scoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.leadflow.events.Enrichment;
import io.leadflow.events.LeadProfile;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

/**
 * Replays stored leads through a draft rule set next to the one in force, at the same instant, and tallies what would
 * change: grade, temperature, stage, with examples. Fit and qualification are recomputed from the lead's snapshot,
 * enrichment and answers; engagement is re-priced from the stored contributions. Nothing is stored or published.
 */
public final class RuleSetSimulation {

    /** What simulation needs of one stored lead. */
    public record StoredLead(UUID leadId, LeadProfile lead, Enrichment enrichment, Map<String, String> answers,
            List<RuleSet.Earned> earned, boolean salesAccepted) {
    }

    public record Classification(int score, int fitScore, String grade, Temperature temperature, Stage stage) {

        static Classification of(ScoreCard card) {
            return new Classification(card.score(), card.fitScore(), card.grade(), card.temperature(), card.stage());
        }
    }

    public record Example(UUID leadId, Classification before, Classification after) {
    }

    public record Changed(int grade, int temperature, int stage, int any) {
    }

    public record Report(String version, String comparedWith, int days, Instant since, Instant at, int leadsEvaluated,
            boolean truncated, Changed changed, Map<String, Map<String, Integer>> transitions,
            double averageScoreBefore, double averageScoreAfter, List<Example> examples) {
    }

    private final RuleSet inForce;
    private final RuleSet draft;
    private final Instant now;
    private final int maxExamples;
    private final Map<String, Map<String, Integer>> transitions = new TreeMap<>();
    private final List<Example> examples = new ArrayList<>();
    private int evaluated;
    private int gradeChanged;
    private int temperatureChanged;
    private int stageChanged;
    private int anyChanged;
    private long scoreBefore;
    private long scoreAfter;

    public RuleSetSimulation(RuleSet inForce, RuleSet draft, Instant now, int maxExamples) {
        this.inForce = inForce;
        this.draft = draft;
        this.now = now;
        this.maxExamples = maxExamples;
    }

    public void add(StoredLead lead) {
        Classification before = Classification.of(inForce.total(lead.enrichment(), lead.earned(), List.of(), null,
                lead.salesAccepted(), now));
        Classification after = Classification.of(draft.total(lead.enrichment(), redo(lead), List.of(), null,
                lead.salesAccepted(), now));
        evaluated++;
        scoreBefore += before.score();
        scoreAfter += after.score();
        boolean grade = !before.grade().equals(after.grade());
        boolean temperature = before.temperature() != after.temperature();
        boolean stage = before.stage() != after.stage();
        if (grade) {
            gradeChanged++;
            count("grade", before.grade(), after.grade());
        }
        if (temperature) {
            temperatureChanged++;
            count("temperature", before.temperature().wire(), after.temperature().wire());
        }
        if (stage) {
            stageChanged++;
            count("stage", before.stage().wire(), after.stage().wire());
        }
        if (grade || temperature || stage) {
            anyChanged++;
            if (examples.size() < maxExamples) {
                examples.add(new Example(lead.leadId(), before, after));
            }
        }
    }

    public Report report(int days, Instant since, boolean truncated) {
        return new Report(draft.version(), inForce.version(), days, since, now, evaluated, truncated,
                new Changed(gradeChanged, temperatureChanged, stageChanged, anyChanged), transitions,
                average(scoreBefore), average(scoreAfter), List.copyOf(examples));
    }

    /** The lead's contributions as the draft would have priced them. */
    private List<RuleSet.Earned> redo(StoredLead lead) {
        Instant receivedAt = lead.lead().receivedAt() == null ? now : lead.lead().receivedAt();
        List<RuleSet.Earned> earned = new ArrayList<>();
        if (lead.enrichment() != null) {
            draft.fit(lead.lead(), lead.enrichment(), receivedAt)
                    .forEach(c -> earned.add(new RuleSet.Earned(c.rule(), RuleSet.FIT, c.points(), receivedAt)));
        }
        draft.qualification(lead.answers()).forEach(c -> earned.add(new RuleSet.Earned(c.rule(),
                RuleSet.QUALIFICATION, c.points(), receivedAt)));
        earned.addAll(draft.reprice(lead.earned()));
        return earned;
    }

    private void count(String what, String from, String to) {
        transitions.computeIfAbsent(what, k -> new TreeMap<>()).merge(from + "->" + to, 1, Integer::sum);
    }

    private double average(long total) {
        return evaluated == 0 ? 0 : Math.round(total * 10.0 / evaluated) / 10.0;
    }
}
