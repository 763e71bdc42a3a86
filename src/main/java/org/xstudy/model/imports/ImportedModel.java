package org.xstudy.model.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** A registered import: where its copied files are, its labels and the hash of its weights. */
@Entity
@Table(name = "imported_model")
public class ImportedModel extends PanacheEntityBase {

    @Id
    public String id;

    /** The app_user who imported it; null when unknown (admins only). */
    @Column(name = "owner_id")
    public Long ownerId;

    public String format;

    @Column(name = "model_path")
    public String modelPath;

    @Column(name = "tokenizer_path")
    public String tokenizerPath;

    /** The class names as a JSON array; see {@link #labels()}. */
    @Column(name = "labels")
    public String labelsJson;

    public String sha256;

    @Column(name = "max_length")
    public int maxLength;

    /** {@code import} (an admin's files on the server) or {@code upload} (sent through the API or console). */
    public String origin = "import";

    /** The uploader's display name and model card; null for path imports. */
    public String name;

    @Column(name = "card_source")
    public String cardSource;

    @Column(name = "card_licence")
    public String cardLicence;

    @Column(name = "card_training")
    public String cardTraining;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    private static final ObjectMapper JSON = new ObjectMapper();

    public List<String> labels() {
        try {
            return JSON.readValue(labelsJson, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels of " + id + " are not a JSON array", e);
        }
    }

    public void labels(List<String> labels) {
        try {
            labelsJson = JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
