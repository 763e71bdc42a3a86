package org.xstudy.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.xstudy.explain.JsonText;

/** An imported labelled text data set; its rows are in {@code dataset_row} and never change after the import. */
@Entity
@Table(name = "dataset")
public class Dataset extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "owner_id")
    public long ownerId;

    public String name;

    /** The uploaded file's name. */
    public String source;

    /** {@code csv} or {@code jsonl}. */
    public String format;

    /** The distinct labels in first-seen order, as a JSON array; see {@link #labels()}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "labels")
    public String labelsJson;

    @Column(name = "row_count")
    public int rowCount;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    private static final ObjectMapper JSON = new ObjectMapper();

    public List<String> labels() {
        return JsonText.read(JSON, labelsJson, new TypeReference<List<String>>() { });
    }

    public void labels(List<String> labels) {
        labelsJson = JsonText.write(JSON, labels);
    }

    /** The data set if it belongs to {@code ownerId}; someone else's data set is not found. */
    public static Optional<Dataset> findOwned(long id, long ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResultOptional();
    }

    public static List<Dataset> listOwned(long ownerId) {
        return list("ownerId = ?1 order by createdAt desc, id desc", ownerId);
    }

    public static boolean nameTaken(long ownerId, String name) {
        return count("ownerId = ?1 and name = ?2", ownerId, name) > 0;
    }
}
