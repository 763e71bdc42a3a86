package org.xstudy.analysis.ordinal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.stats.FitCache;

/**
 * One cumulative link mixed model per rating scale, {@code rating ~ condition + (1|participant) + (1|item)}, on the
 * rating answers that belong to an item.
 */
public final class RatingModels {

    /** The R formula fitted for each scale (without condition when only one condition has ratings). */
    public static final String FORMULA = "rating ~ condition + (1 | participant) + (1 | item)";

    private RatingModels() {
    }

    /**
     * The model of one scale: its fit, or why there is none.
     *
     * @param conditions the condition levels in the data, the first the reference
     */
    public record ScaleModel(String scale, List<String> conditions, ClmmFit fit, String note) {
    }

    /** The rating scales with at least one rating of an item, sorted. */
    /** Fits by their data: the analysis pages ask again on every view ({@link FitCache}). */
    private static final FitCache<ClmmFit> FITS = new FitCache<>(64);

    public static List<String> scales(List<Answer> answers) {
        return List.copyOf(new TreeSet<>(ratings(answers, null).stream().map(Answer::ratingScale).toList()));
    }

    /** Fits the model of one scale; {@code conditionOrder} orders the levels (the first present is the reference). */
    public static ScaleModel fit(List<Answer> answers, String scale, List<String> conditionOrder) {
        List<Answer> rows = ratings(answers, scale);
        List<String> present = conditionOrder.stream()
                .filter(c -> rows.stream().anyMatch(a -> c.equals(a.condition()))).toList();
        List<RatingObservation> obs = rows.stream().filter(a -> present.contains(a.condition()))
                .map(a -> new RatingObservation(a.participantId(), a.itemKey(), a.condition(), a.ratingValue()))
                .toList();
        long participants = obs.stream().map(RatingObservation::participant).distinct().count();
        long items = obs.stream().map(RatingObservation::item).distinct().count();
        long values = obs.stream().map(RatingObservation::rating).distinct().count();
        if (participants < 2 || items < 2 || values < 2) {
            return new ScaleModel(scale, present, null, "Needs ratings from at least 2 participants on at least 2 items"
                    + " with at least 2 different values; has " + participants + " participants, " + items
                    + " items, " + values + " values.");
        }
        OrdinalData data = RatingObservation.modelData(obs, present);
        ClmmFit fit = FITS.get(FitCache.key("clmm").ints(data.y()).rows(data.x()).ints(data.groupA())
                .ints(data.groupB()).texts(data.categoryNames()).texts(data.columnNames()).texts(data.levelsA())
                .texts(data.levelsB()), () -> ClmmFitter.fit(data, "participant", "item"));
        return new ScaleModel(scale, present, fit, null);
    }

    private static List<Answer> ratings(List<Answer> answers, String scale) {
        List<Answer> out = new ArrayList<>();
        for (Answer a : answers) {
            if (a.kind() == Answer.Kind.RATING && a.ratingValue() != null && a.itemKey() != null
                    && a.condition() != null && a.ratingScale() != null
                    && (scale == null || Objects.equals(scale, a.ratingScale()))) {
                out.add(a);
            }
        }
        return out;
    }
}
