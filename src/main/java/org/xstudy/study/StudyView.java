package org.xstudy.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.xstudy.study.spec.SpecWarning;

/**
 * A study as the researcher API shows it. {@code warnings} are the design problems of its spec (see
 * {@link org.xstudy.study.spec.LeakCheck}); the list of studies leaves them out.
 */
public record StudyView(
        long id,
        String slug,
        String title,
        String status,
        int specVersion,
        int revision,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime openedAt,
        OffsetDateTime closedAt,
        Map<String, Long> participants,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<SpecWarning> warnings) {

    static StudyView of(Study s, Map<String, Long> counts, List<SpecWarning> warnings) {
        return new StudyView(s.id, s.slug, s.title, s.status, s.specVersion, s.revision, s.createdAt, s.updatedAt,
                s.openedAt, s.closedAt, counts, warnings);
    }
}
