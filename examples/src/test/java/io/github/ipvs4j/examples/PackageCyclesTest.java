package io.github.ipvs4j.examples;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The packages of ipvs-api, ipvs-netlink, ipvs-testkit and the examples (every module this one sees,
 * main code only) form a graph without cycles. Here because this module depends on all of them.
 */
class PackageCyclesTest {
    private static final String ROOT = "io.github.ipvs4j";

    /** Each package is its own slice, the root package included. */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".") ? SliceIdentifier.of(pkg)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of ipvs4j";
        }
    };

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void everyModuleIsSeen() {
        assertThat(MAIN_CLASSES.stream().map(JavaClass::getPackageName).distinct())
                .contains(ROOT, ROOT + ".model", ROOT + ".spi", ROOT + ".apply", ROOT + ".rules",
                        ROOT + ".internal", ROOT + ".netlink", ROOT + ".testkit", ROOT + ".examples");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(MAIN_CLASSES);
    }
}
