package org.xstudy.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hibernate.Session;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/**
 * Imports, lists, reads and deletes data sets. An import is checked completely first and written in one
 * transaction, so a file with any bad row writes nothing. A data set is visible to its owner only.
 */
@ApplicationScoped
@Transactional
public class DatasetService {

    public static final int MAX_PAGE_SIZE = 200;

    @Inject
    DatasetLimits limits;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    Event<AuditEvent> audit;

    /** An uploaded file: its name as the browser gave it, its bytes, and the requested name and format. */
    public record Upload(String fileName, byte[] bytes, String name, String format) {}

    public Dataset importFile(Upload upload, Actor who) {
        if (who.readOnly()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "A viewer account cannot import data sets."));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        String fileName = upload.fileName() == null || upload.fileName().isBlank() ? "upload" : upload.fileName();
        if (upload.bytes() == null || upload.bytes().length == 0) {
            throw ProblemException.badField("/file", "Choose a CSV or JSONL file.");
        }
        if (upload.bytes().length > limits.maxBytes()) {
            throw new ProblemException(new Problem("about:blank", "File too large", 413,
                    "The file has " + upload.bytes().length + " bytes; at most " + limits.maxBytes() + " are accepted.",
                    List.of(new Problem.FieldError("/file", "At most " + limits.maxBytes() + " bytes."))));
        }
        // one import at a time per researcher, so the name check below holds until the commit (two-int key space:
        // 60 for data sets, apart from the single-key study locks)
        em.createNativeQuery("select pg_advisory_xact_lock(60, cast(?1 as integer))").setParameter(1, who.id())
                .getSingleResult();
        String format = format(upload.format(), fileName, errors);
        String name = upload.name() == null || upload.name().isBlank() ? stem(fileName) : upload.name().strip();
        if (name.length() > 200) {
            errors.add(new Problem.FieldError("/name", "The name has more than 200 characters."));
        } else if (Dataset.nameTaken(who.id(), name)) {
            errors.add(new Problem.FieldError("/name", "You already have a data set named '" + name + "'."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        DatasetParser.Parsed parsed = DatasetParser.parse(upload.bytes(), format, limits, json);
        if (!parsed.errors().isEmpty()) {
            int n = parsed.errors().size();
            String detail = n == 1 ? parsed.errors().get(0).message()
                    : parsed.truncated() ? "The file has at least " + n + " errors; the first " + n + " are listed."
                    : "The file has " + n + " errors.";
            throw new ProblemException(Problem.invalid(detail, parsed.errors()));
        }
        Dataset d = new Dataset();
        d.ownerId = who.id();
        d.name = name;
        d.source = fileName.length() > 200 ? fileName.substring(0, 200) : fileName;
        d.format = format;
        d.labels(parsed.labels());
        d.rowCount = parsed.rows().size();
        d.createdAt = OffsetDateTime.now();
        d.persist();
        insertRows(d.id, parsed.rows());
        audit.fire(new AuditEvent(who, "dataset.import", null,
                d.name + " (" + d.rowCount + " rows, " + d.format + ", id " + d.id + ")"));
        return d;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Dataset> list(Actor who) {
        return Dataset.listOwned(who.id());
    }

    /** The data set if {@code who} owns it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Dataset> find(long id, Actor who) {
        return Dataset.findOwned(id, who.id());
    }

    /** One page (0-based) of the rows of a data set, in file order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DatasetView.Row> rows(long datasetId, int page, int size) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select position, text, label from dataset_row "
                        + "where dataset_id = ?1 order by position")
                .setParameter(1, datasetId).setFirstResult(Math.max(0, page) * size).setMaxResults(size)
                .getResultList();
        return rows.stream().map(r -> new DatasetView.Row(((Number) r[0]).intValue(), (String) r[1], (String) r[2]))
                .toList();
    }

    public boolean delete(long id, Actor who) {
        Optional<Dataset> d = Dataset.findOwned(id, who.id());
        d.ifPresent(x -> {
            x.delete();
            audit.fire(new AuditEvent(who, "dataset.delete", null, x.name + " (id " + x.id + ")"));
        });
        return d.isPresent();
    }

    private void insertRows(long datasetId, List<DatasetView.Row> rows) {
        em.flush();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into dataset_row (dataset_id, position, text, label) values (?, ?, ?, ?)")) {
                int pending = 0;
                for (DatasetView.Row r : rows) {
                    ps.setLong(1, datasetId);
                    ps.setInt(2, r.position());
                    ps.setString(3, r.text());
                    ps.setString(4, r.label());
                    ps.addBatch();
                    if (++pending == 1000) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                ps.executeBatch();
            }
        });
    }

    private static String format(String given, String fileName, List<Problem.FieldError> errors) {
        String f = given == null || given.isBlank() ? null : given.strip().toLowerCase(Locale.ROOT);
        if (f == null) {
            String lower = fileName.toLowerCase(Locale.ROOT);
            f = lower.endsWith(".csv") ? "csv" : lower.endsWith(".jsonl") || lower.endsWith(".ndjson") ? "jsonl" : null;
        }
        if (!"csv".equals(f) && !"jsonl".equals(f)) {
            errors.add(new Problem.FieldError("/format", f == null
                    ? "Give the format (csv or jsonl): it cannot be told from the file name."
                    : "The format must be csv or jsonl."));
        }
        return f;
    }

    private static String stem(String fileName) {
        String base = fileName.replaceAll(".*[/\\\\]", "");
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
