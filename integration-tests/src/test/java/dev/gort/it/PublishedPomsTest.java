package dev.gort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What Maven Central requires of the published POMs, and a BOM that names every published module:
 * read from the source tree (this module runs in integration-tests/, the root is its parent).
 */
class PublishedPomsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Element pom(String module) throws Exception {
        Path p = module.isEmpty() ? ROOT.resolve("pom.xml") : ROOT.resolve(module).resolve("pom.xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document d = f.newDocumentBuilder().parse(p.toFile());
        return d.getDocumentElement();
    }

    /** The text of a direct child element, or "". */
    static String child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().trim();
            }
        }
        return "";
    }

    static Element childElement(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    static void assertCentralMetadata(Element pom, String what) {
        for (String tag : List.of("name", "description", "url")) {
            assertFalse(child(pom, tag).isEmpty(), what + " lacks <" + tag + ">");
        }
        Element licenses = childElement(pom, "licenses");
        assertTrue(licenses != null && !child(childElement(licenses, "license"), "name").isEmpty(), what + " lacks a license");
        Element scm = childElement(pom, "scm");
        assertTrue(scm != null && !child(scm, "connection").isEmpty() && !child(scm, "url").isEmpty(), what + " lacks <scm>");
        Element devs = childElement(pom, "developers");
        assertTrue(devs != null && !child(childElement(devs, "developer"), "name").isEmpty(), what + " lacks a developer");
    }

    static List<String> runtimeModules() throws Exception {
        List<String> out = new ArrayList<>();
        NodeList ms = childElement(pom(""), "modules").getElementsByTagName("module");
        for (int i = 0; i < ms.getLength(); i++) {
            String m = ms.item(i).getTextContent().trim();
            if (m.startsWith("runtime-")) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void theParentAndTheBomCarryEverythingCentralRequires() throws Exception {
        assertCentralMetadata(pom(""), "gort-parent");
        assertCentralMetadata(pom("gort-bom"), "gort-bom");
        assertTrue(Files.isRegularFile(ROOT.resolve("LICENSE")));
    }

    @Test
    void everyRuntimeModuleHasANameAndADescriptionAndInheritsTheRest() throws Exception {
        List<String> modules = runtimeModules();
        assertTrue(modules.size() >= 5, modules.toString());
        for (String m : modules) {
            Element pom = pom(m);
            assertFalse(child(pom, "name").isEmpty(), m);
            assertFalse(child(pom, "description").isEmpty(), m);
            assertEquals("gort-parent", child(childElement(pom, "parent"), "artifactId"), m);
        }
    }

    @Test
    void theBomManagesExactlyThePublishedRuntimeModules() throws Exception {
        Element dm = childElement(pom("gort-bom"), "dependencyManagement");
        NodeList deps = dm.getElementsByTagName("dependency");
        TreeSet<String> managed = new TreeSet<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertEquals("dev.gort", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"));
            managed.add(child(d, "artifactId"));
        }
        assertEquals(new TreeSet<>(runtimeModules()), managed);
        assertEquals(child(pom(""), "version"), child(pom("gort-bom"), "version"), "the BOM's version follows the parent's");
    }
}
