package org.xstudy.model.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one server directory that model files are imported from ({@code xstudy.models.import-dir}, env
 * {@code XSTUDY_IMPORT_DIR}, default {@code $XSTUDY_HOME/imports}). A path names a file in it, absolute or relative
 * to it. Every refusal (outside the directory, missing, not a regular file, unreadable, a symbolic link that leads
 * out of it, no directory at all) is the same answer, so the import cannot be used to learn which files exist
 * elsewhere on the server; a path outside the directory is refused before the file system is asked anything.
 */
record ImportDirectory(Path root) {

    static final String REFUSED = "Give the path of a readable file inside the server's import directory "
            + "(setting xstudy.models.import-dir), absolute or relative to it.";

    ImportDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** The real path of the named file inside the directory, or empty for every kind of refusal. */
    Optional<Path> file(String value) {
        try {
            Path path = root.resolve(value).normalize();
            if (!path.startsWith(root) || path.equals(root)) {
                return Optional.empty();
            }
            Path realRoot = root.toRealPath();
            Path real = path.toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isReadable(real)) {
                return Optional.empty();
            }
            return Optional.of(real);
        } catch (InvalidPathException | IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
