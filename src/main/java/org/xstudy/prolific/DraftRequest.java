package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/**
 * The body of {@code PUT /api/studies/{id}/prolific}: what Prolific shows participants and pays them. Money is in
 * the smallest unit of the workspace's currency (pence or cents), as Prolific's {@code reward} is.
 *
 * @param filters Prolific's {@code filters} array, passed on as given
 * @param screenOutRewardCents what a screened-out participant is paid (FIXED_SCREENOUT); default: two minutes at
 *        the study's rate
 */
public record DraftRequest(String title, String description, Integer rewardCents, Integer places,
        Integer estimatedMinutes, Integer maxMinutes, List<String> deviceCompatibility, JsonNode filters,
        Integer screenOutRewardCents) {

    private static final Set<String> DEVICES = Set.of("desktop", "tablet", "mobile");

    /** Checks every field, naming each bad one. */
    public DraftRequest validated() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (title == null || title.isBlank() || title.length() > 120) {
            errors.add(new Problem.FieldError("/title", "Give a title of 1 to 120 characters."));
        }
        if (description == null || description.isBlank() || description.length() > 10_000) {
            errors.add(new Problem.FieldError("/description", "Give a description (what participants will do)."));
        }
        if (rewardCents == null || rewardCents < 1) {
            errors.add(new Problem.FieldError("/rewardCents", "Give the reward in pence or cents, at least 1."));
        }
        if (places == null || places < 1 || places > 100_000) {
            errors.add(new Problem.FieldError("/places", "Give the number of places, 1 or more."));
        }
        if (estimatedMinutes == null || estimatedMinutes < 1 || estimatedMinutes > 1440) {
            errors.add(new Problem.FieldError("/estimatedMinutes", "Give the estimated minutes, 1 to 1440."));
        }
        if (maxMinutes != null && (estimatedMinutes != null && maxMinutes < estimatedMinutes || maxMinutes > 1440)) {
            errors.add(new Problem.FieldError("/maxMinutes", "The maximum minutes must be at least the estimate."));
        }
        if (deviceCompatibility != null && (deviceCompatibility.isEmpty()
                || !DEVICES.containsAll(deviceCompatibility))) {
            errors.add(new Problem.FieldError("/deviceCompatibility", "Use desktop, tablet and/or mobile."));
        }
        if (filters != null && !filters.isNull() && !filters.isArray()) {
            errors.add(new Problem.FieldError("/filters", "Give Prolific's filters as an array."));
        }
        if (screenOutRewardCents != null && (screenOutRewardCents < 0
                || rewardCents != null && screenOutRewardCents >= rewardCents)) {
            errors.add(new Problem.FieldError("/screenOutRewardCents", "At least 0 and less than the reward "
                    + "(Prolific pays a screened-out participant less than one who completes)."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }

    int screenOutReward() {
        return screenOutRewardCents != null ? screenOutRewardCents
                : Math.min(rewardCents - 1, Math.max(1, (int) Math.ceil(rewardCents * 2.0 / estimatedMinutes)));
    }
}
