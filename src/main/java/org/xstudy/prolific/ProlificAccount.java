package org.xstudy.prolific;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A researcher's Prolific API token, encrypted ({@link TokenCipher}); never serialized. */
@Entity
@Table(name = "prolific_account")
public class ProlificAccount extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(name = "token_enc")
    public byte[] tokenEnc;

    @Column(name = "prolific_user_id")
    public String prolificUserId;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
