package org.xstudy.common;

/**
 * Who may use an object with an owner column (explanations, representations, imported models): its owner only.
 * An object whose owner is unknown (NULL, made before owners were stored) is visible to admins only. Anyone else
 * gets 404, as if the object did not exist.
 */
public final class Ownership {

    private Ownership() {}

    public static boolean visible(Long ownerId, Actor who) {
        return who != null && (ownerId == null ? who.isAdmin() : ownerId == who.id());
    }

    /** The owner to store for an object {@code who} makes; null when made for nobody (benchmarks). */
    public static Long of(Actor who) {
        return who == null || who.id() <= 0 ? null : who.id();
    }
}
