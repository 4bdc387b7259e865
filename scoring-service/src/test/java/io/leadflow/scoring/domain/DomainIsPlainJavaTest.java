package io.leadflow.scoring.domain;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The build check of the decision core: what scoring decides (rule sets and their definitions, enrichment from a
 * lead and its company, score cards, a batch's scores, history and events) is plain Java. {@code domain} depends on
 * the JDK, the events it reads and writes, its own classes and the parsers of the formats it reads (Jackson for rule
 * set definitions, Commons CSV for firmographic files); no persistence, messaging, HTTP client, metrics or framework
 * class. The transaction scripts that load, decide and store are in {@code handling}, the provider's client in
 * {@code enrichment}.
 */
class DomainIsPlainJavaTest {

    static final JavaClasses SCORING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.leadflow.scoring");

    static ArchRule plainJava(String packageIdentifier) {
        return classes().that().resideInAPackage(packageIdentifier)
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "io.leadflow.events..",
                        "io.leadflow.scoring.domain..", "com.fasterxml.jackson..", "org.apache.commons.csv.."))
                .because("the decision core is plain Java, unit-tested without Quarkus");
    }

    @Test
    void theDomainDependsOnNoPersistenceMessagingOrFramework() {
        assertThat(SCORING.that(resideInAnyPackage("io.leadflow.scoring.domain"))).isNotEmpty();
        plainJava("io.leadflow.scoring.domain..").check(SCORING);
    }

    @Test
    void theCheckFailsOnCodeThatUsesPersistenceOrMessaging() {
        assertThatThrownBy(() -> plainJava("io.leadflow.scoring.handling..").check(SCORING))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.leadflow.scoring.persistence")
                .hasMessageContaining("io.smallrye.mutiny.Uni");
    }
}
