package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * What a user of the published artifacts sees stays in step with the reactor: ipvs4j-bom manages
 * every published module (a module is published unless it sets {@code maven.deploy.skip}) at the
 * parent's version and nothing else, published modules carry sources and javadoc, and the README's
 * "Use it" block names the BOM's artifacts. It reads the POMs as files: no build output needed.
 */
class PublishingTest {
    private static final String GROUP = "io.github.ipvs4j";
    private static final String BOM = "ipvs4j-bom";

    private static Path root;
    private static Element parent;
    private static Element bom;
    private static Map<String, Element> modules;

    @BeforeAll
    static void readPoms() throws Exception {
        // Surefire runs in the module's directory (examples/); the reactor's root is its parent.
        root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        parent = read(root.resolve("pom.xml"));
        assertThat(text(parent, "artifactId")).isEqualTo("ipvs4j-parent");
        modules = new LinkedHashMap<>();
        for (Element module : children(child(parent, "modules").orElseThrow(), "module")) {
            Element pom = read(root.resolve(module.getTextContent().trim()).resolve("pom.xml"));
            modules.put(text(pom, "artifactId"), pom);
        }
        assertThat(modules).as("the reactor's modules").containsKey(BOM);
        bom = modules.get(BOM);
    }

    @Test
    void bomManagesEveryPublishedModuleAndNothingElse() {
        TreeSet<String> published = new TreeSet<>();
        for (Map.Entry<String, Element> e : modules.entrySet()) {
            if (!e.getKey().equals(BOM) && isPublished(e.getValue())
                    && text(e.getValue(), "packaging", "jar").equals("jar")) {
                published.add(e.getKey());
            }
        }
        assertThat(published).as("published modules").contains("ipvs-api", "ipvs-netlink", "ipvs-testkit");

        TreeSet<String> managed = new TreeSet<>();
        for (Element dependency : managedDependencies(bom)) {
            assertThat(text(dependency, "groupId")).as("a dependency the BOM manages").isEqualTo(GROUP);
            assertThat(text(dependency, "version")).as(text(dependency, "artifactId")).isEqualTo("${project.version}");
            assertThat(child(dependency, "scope")).as(text(dependency, "artifactId")).isEmpty();
            assertThat(child(dependency, "type")).as(text(dependency, "artifactId")).isEmpty();
            managed.add(text(dependency, "artifactId"));
        }
        assertThat(managed)
                .as("ipvs4j-bom/pom.xml must manage each module without maven.deploy.skip, and only those")
                .isEqualTo(published);
    }

    @Test
    void bomIsStandaloneAtTheParentsVersion() {
        assertThat(child(bom, "parent")).as("the BOM has no parent (it would manage junit, jnr-ffi, ...)").isEmpty();
        assertThat(child(bom, "dependencies")).as("the BOM has no dependencies").isEmpty();
        assertThat(text(bom, "packaging")).isEqualTo("pom");
        assertThat(text(bom, "groupId")).isEqualTo(text(parent, "groupId"));
        assertThat(text(bom, "version")).as("ipvs4j-bom's version, written there a second time")
                .isEqualTo(text(parent, "version"));
        for (Map.Entry<String, Element> e : modules.entrySet()) {
            if (!e.getKey().equals(BOM)) {
                Element p = child(e.getValue(), "parent").orElseThrow();
                assertThat(text(p, "artifactId") + ":" + text(p, "version")).as(e.getKey() + "'s parent")
                        .isEqualTo("ipvs4j-parent:" + text(parent, "version"));
            }
        }
    }

    @Test
    void bomCarriesTheParentsCentralMetadataAndPluginVersions() {
        for (String element : List.of("url", "licenses", "developers", "scm")) {
            assertThat(normalized(child(bom, element))).as("<" + element + "> in ipvs4j-bom and the parent")
                    .isNotEmpty().isEqualTo(normalized(child(parent, element)));
        }
        for (String element : List.of("name", "description")) {
            assertThat(text(bom, element)).as(element).isNotBlank();
        }
        Map<String, String> parentPlugins = managedPlugins(parent);
        managedPlugins(bom).forEach((plugin, version) -> assertThat(version).as(plugin + " in ipvs4j-bom")
                .isEqualTo(parentPlugins.get(plugin)));
    }

    @Test
    void publishedModulesCarrySourcesAndJavadocAndTheOthersNothing() {
        for (Map.Entry<String, Element> e : modules.entrySet()) {
            if (e.getKey().equals(BOM)) {
                continue;
            }
            Element pom = e.getValue();
            assertThat(text(pom, "name")).as(e.getKey() + "'s name").isNotBlank();
            assertThat(text(pom, "description")).as(e.getKey() + "'s description").isNotBlank();
            boolean published = isPublished(pom);
            for (String skip : List.of("maven.source.skip", "maven.javadoc.skip")) {
                assertThat(property(pom, skip).orElse("false")).as(e.getKey() + ": " + skip)
                        .isEqualTo(published ? "false" : "true");
            }
        }
    }

    @Test
    void readmeUseItBlockNamesTheBomsArtifactsWithoutVersions() throws IOException {
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = Pattern.compile("(?s)\n## Use it\n.*?```xml\n(.*?)```").matcher(readme);
        assertThat(m.find()).as("README.md: a \"## Use it\" section with an xml block").isTrue();
        Element block = parse("<project>" + m.group(1) + "</project>");

        List<Element> imports = managedDependencies(block);
        assertThat(imports).hasSize(1);
        Element imported = imports.get(0);
        assertThat(List.of(text(imported, "groupId"), text(imported, "artifactId"), text(imported, "version"),
                text(imported, "type"), text(imported, "scope")))
                .containsExactly(GROUP, BOM, text(bom, "version"), "pom", "import");

        Map<String, String> scopes = new LinkedHashMap<>();
        for (Element dependency : children(child(block, "dependencies").orElseThrow(), "dependency")) {
            assertThat(text(dependency, "groupId")).isEqualTo(GROUP);
            assertThat(child(dependency, "version")).as("the BOM gives the version").isEmpty();
            scopes.put(text(dependency, "artifactId"), text(dependency, "scope", "compile"));
        }
        assertThat(scopes).containsExactly(Map.entry("ipvs-api", "compile"), Map.entry("ipvs-netlink", "runtime"),
                Map.entry("ipvs-testkit", "test"));
        TreeSet<String> managed = new TreeSet<>();
        managedDependencies(bom).forEach(d -> managed.add(text(d, "artifactId")));
        assertThat(new TreeSet<>(scopes.keySet())).isEqualTo(managed);
    }

    private static boolean isPublished(Element pom) {
        return !property(pom, "maven.deploy.skip").orElse("false").equals("true");
    }

    private static Optional<String> property(Element pom, String name) {
        return child(pom, "properties").flatMap(p -> child(p, name)).map(e -> e.getTextContent().trim());
    }

    private static List<Element> managedDependencies(Element pom) {
        return child(pom, "dependencyManagement").flatMap(dm -> child(dm, "dependencies"))
                .map(ds -> children(ds, "dependency")).orElse(List.of());
    }

    private static Map<String, String> managedPlugins(Element pom) {
        Map<String, String> versions = new LinkedHashMap<>();
        child(pom, "build").flatMap(b -> child(b, "pluginManagement")).flatMap(pm -> child(pm, "plugins"))
                .ifPresent(plugins -> children(plugins, "plugin").forEach(
                        p -> versions.put(text(p, "artifactId"), text(p, "version"))));
        return versions;
    }

    /** An element's text with its layout (whitespace between and inside elements) left out. */
    private static String normalized(Optional<Element> element) {
        return element.map(e -> e.getTextContent().replaceAll("\\s+", " ").trim()).orElse("");
    }

    private static Element read(Path pom) throws IOException {
        return parse(Files.readString(pom));
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + xml, e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found.size()).as("<" + name + "> elements in <" + parent.getTagName() + ">").isLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    private static String text(Element parent, String name) {
        return child(parent, name)
                .orElseThrow(() -> new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">"))
                .getTextContent().trim();
    }

    private static String text(Element parent, String name, String otherwise) {
        return child(parent, name).map(e -> e.getTextContent().trim()).orElse(otherwise);
    }
}
