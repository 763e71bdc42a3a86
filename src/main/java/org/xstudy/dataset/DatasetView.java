package org.xstudy.dataset;

import java.time.OffsetDateTime;
import java.util.List;

/** A data set as the API shows it. */
public record DatasetView(long id, String name, String source, String format, List<String> labels, int rows,
        OffsetDateTime createdAt) {

    /** One row; {@code position} is its 1-based number among the file's data rows. */
    public record Row(int position, String text, String label) {}

    /** A data set with one page of its rows. */
    public record Page(DatasetView dataset, int page, int size, List<Row> rows) {}

    public static DatasetView of(Dataset d) {
        return new DatasetView(d.id, d.name, d.source, d.format, d.labels(), d.rowCount, d.createdAt);
    }
}
