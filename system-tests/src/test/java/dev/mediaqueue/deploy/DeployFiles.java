package dev.mediaqueue.deploy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds and reads the files under {@code deploy/} for the deploy tests. */
final class DeployFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DeployFiles() {
    }

    /**
     * The repository root: the first directory from {@code user.dir} upwards that holds {@code deploy/}
     * and a {@code pom.xml} (Maven runs the tests in {@code system-tests/}).
     */
    static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("deploy")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no directory with deploy/ and pom.xml above " + dir);
    }

    static Path deployDir() {
        return repoRoot().resolve("deploy");
    }

    /** Every file under {@code dir} whose name ends with one of {@code extensions}, sorted. */
    static List<Path> filesEndingWith(Path dir, String... extensions) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        for (String ext : extensions) {
                            if (name.endsWith(ext)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All documents of a (possibly multi-document) YAML file, in order. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file)) {
            while (it.hasNextValue()) {
                docs.add(it.nextValue());
            }
        }
        return docs;
    }

    /** The one document of a YAML file. */
    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " YAML documents, expected 1");
        }
        return docs.get(0);
    }

    static JsonNode json(Path file) {
        return JSON.readTree(file.toFile());
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of {@code deploy/k8s/<file>} with the given {@code kind}. */
    static List<JsonNode> k8sObjects(String file, String kind) {
        return yamlDocuments(deployDir().resolve("k8s").resolve(file)).stream()
                .filter(doc -> kind.equals(doc.path("kind").asString("")))
                .toList();
    }
}
