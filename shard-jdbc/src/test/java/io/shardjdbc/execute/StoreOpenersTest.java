package io.shardjdbc.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.directory.StoreFactory;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The driver finds the metadata store on the classpath, and names the artifact to add when there is none. */
class StoreOpenersTest {
    @Test
    void directoryServiceOnTheClasspathIsTheStore() throws SQLException {
        assertThat(StoreOpeners.factory(StoreOpeners.class.getClassLoader())).isInstanceOf(StoreFactory.class);
    }

    @Test
    void withoutAStoreOnTheClasspathTheErrorSaysWhatToAdd() {
        ClassLoader nothing = new ClassLoader(ClassLoader.getPlatformClassLoader()) { };
        assertThatThrownBy(() -> StoreOpeners.factory(nothing))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("metadata:").hasMessageContaining("io.shardjdbc:directory-service")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }
}
