package io.leadflow.nurturing.domain;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import io.leadflow.support.api.FieldError;

/**
 * The build check of the decision core: what nurturing decides (sequence choice, touch planning, enrollment plans,
 * send windows, consent) is plain Java. {@code domain} depends on the JDK, the events it reads and writes, its own
 * classes, logging and the field-error vocabulary of validation; no persistence, messaging, mail, metrics, live push
 * or framework class. The transaction scripts that load, decide and store are in {@code handling}.
 */
class DomainIsPlainJavaTest {

    static final JavaClasses NURTURING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.leadflow.nurturing");

    static ArchRule plainJava(String packageIdentifier) {
        return classes().that().resideInAPackage(packageIdentifier)
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "io.leadflow.events..",
                        "io.leadflow.nurturing.domain..", "org.jboss.logging..")
                        .or(equivalentTo(FieldError.class)))
                .because("the decision core is plain Java, unit-tested without Quarkus");
    }

    @Test
    void theDomainDependsOnNoPersistenceMessagingOrFramework() {
        assertThat(NURTURING.that(resideInAnyPackage("io.leadflow.nurturing.domain"))).isNotEmpty();
        plainJava("io.leadflow.nurturing.domain..").check(NURTURING);
    }

    @Test
    void theCheckFailsOnCodeThatUsesPersistenceOrMessaging() {
        assertThatThrownBy(() -> plainJava("io.leadflow.nurturing.handling..").check(NURTURING))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.leadflow.nurturing.persistence")
                .hasMessageContaining("io.smallrye.mutiny.Uni");
    }
}
