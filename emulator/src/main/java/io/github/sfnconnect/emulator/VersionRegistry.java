package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One state machine's versions and aliases, with the API's rules for publishing and routing; guarded by the owning
 * {@link StateStore}. Sources: the API reference pages of PublishStateMachineVersion, CreateStateMachineAlias,
 * UpdateStateMachineAlias, DeleteStateMachineAlias and DeleteStateMachineVersion.
 */
final class VersionRegistry {
    /** "You can publish up to 1000 versions for each state machine." */
    static final int MAX_VERSIONS = 1000;
    /** "You can create up to 100 aliases for each state machine." */
    static final int MAX_ALIASES = 100;

    private final String stateMachineArn;
    private final TreeMap<Integer, MachineVersion> versions = new TreeMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    /** Numbers are never reused, even after a version is deleted. */
    private int lastNumber;

    VersionRegistry(String stateMachineArn) {
        this.stateMachineArn = stateMachineArn;
    }

    /**
     * PublishStateMachineVersion: "idempotent ... It doesn't create a duplicate state machine version if it already
     * exists for the current revision" - the existing version comes back, whatever the description.
     */
    MachineVersion publish(String definition, String roleArn, String revisionId, String description, Instant now) {
        Optional<MachineVersion> existing = versions.values().stream()
                .filter(v -> v.revisionId().equals(revisionId)).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        if (versions.size() >= MAX_VERSIONS) {
            throw new ApiException(ErrorType.SERVICE_QUOTA_EXCEEDED,
                    "State machine '" + stateMachineArn + "' already has " + MAX_VERSIONS + " versions");
        }
        int number = ++lastNumber;
        MachineVersion version = new MachineVersion(number, stateMachineArn + ":" + number, definition, roleArn,
                description, revisionId, now);
        versions.put(number, version);
        return version;
    }

    Optional<MachineVersion> version(int number) {
        return Optional.ofNullable(versions.get(number));
    }

    Optional<Alias> alias(String name) {
        return Optional.ofNullable(aliases.get(name));
    }

    Collection<Alias> aliases() {
        return List.copyOf(aliases.values());
    }

    /** CreateStateMachineAlias: idempotent on name, description and routing; a different one under the name conflicts. */
    Alias createAlias(String name, String description, List<Alias.Route> routes, Instant now) {
        Alias existing = aliases.get(name);
        String arn = stateMachineArn + ":" + name;
        if (existing != null) {
            if (java.util.Objects.equals(existing.description(), description) && existing.routes().equals(routes)) {
                return existing;
            }
            throw new ApiException(ErrorType.CONFLICT,
                    "Alias '" + arn + "' already exists with a different description or routing configuration");
        }
        if (aliases.size() >= MAX_ALIASES) {
            throw new ApiException(ErrorType.SERVICE_QUOTA_EXCEEDED,
                    "State machine '" + stateMachineArn + "' already has " + MAX_ALIASES + " aliases");
        }
        requireVersions(routes);
        Alias alias = new Alias(name, arn, description, List.copyOf(routes), now, now);
        aliases.put(name, alias);
        return alias;
    }

    Alias updateAlias(Alias alias, String description, List<Alias.Route> routes, Instant now) {
        List<Alias.Route> newRoutes = routes == null ? alias.routes() : List.copyOf(routes);
        String newDescription = description == null ? alias.description() : description;
        if (newRoutes.equals(alias.routes()) && java.util.Objects.equals(newDescription, alias.description())) {
            return alias; // "UpdateStateMachineAlias is an idempotent API"
        }
        requireVersions(newRoutes);
        Alias updated = new Alias(alias.name(), alias.arn(), newDescription, newRoutes, alias.creationDate(), now);
        aliases.put(alias.name(), updated);
        return updated;
    }

    boolean deleteAlias(String name) {
        return aliases.remove(name) != null;
    }

    /**
     * DeleteStateMachineVersion: "You can't delete a state machine version currently referenced by one or more
     * aliases" (ConflictException, the error the page lists for inconsistent states). An unknown version is a no-op:
     * the page lists no not-found error.
     */
    void deleteVersion(int number) {
        MachineVersion version = versions.get(number);
        if (version == null) {
            return;
        }
        List<String> referencing = new ArrayList<>();
        aliases.values().stream().filter(a -> a.routesTo(version.arn())).forEach(a -> referencing.add(a.arn()));
        if (!referencing.isEmpty()) {
            throw new ApiException(ErrorType.CONFLICT, "Version '" + version.arn()
                    + "' is referenced by aliases " + referencing + "; update or delete them first");
        }
        versions.remove(number);
    }

    /** DeleteStateMachine "also deletes all versions and aliases associated with a state machine". */
    void clear() {
        versions.clear();
        aliases.clear();
    }

    private void requireVersions(List<Alias.Route> routes) {
        for (Alias.Route route : routes) {
            String arn = route.versionArn();
            boolean ours = arn.startsWith(stateMachineArn + ":");
            String number = ours ? arn.substring(stateMachineArn.length() + 1) : "";
            if (!ours || !number.matches("[1-9][0-9]{0,9}")
                    || !versions.containsKey(Integer.valueOf(Integer.parseInt(number)))) {
                throw new ApiException(ErrorType.RESOURCE_NOT_FOUND, "Resource not found: '" + arn + "'");
            }
        }
    }
}
