package org.xstudy.represent.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.xstudy.common.Actor;
import org.xstudy.study.PayloadResolver;
import org.xstudy.study.spec.Payload;

/**
 * Resolves {@code "ref": "representation:<id>"} in a study spec to the stored representation's payload, with its id
 * and version in the provenance. The study copies it at import, which freezes the version participants see.
 * A representation made for another text, or someone else's, does not resolve.
 */
@ApplicationScoped
public class RepresentationResolver implements PayloadResolver {

    public static final String PREFIX = "representation:";

    @Inject
    RepresentationStore store;

    @Override
    public Optional<Payload> resolve(String ref, String itemText, Actor who) {
        if (ref == null || !ref.startsWith(PREFIX)) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(ref.substring(PREFIX.length()).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Representation row = RepresentationStore.owned(id, who).orElse(null);
        if (row == null || !row.text.equals(itemText)) {
            return Optional.empty();
        }
        return Optional.of(store.view(row, null).payload());
    }
}
