package dev.gradus.spark.ml;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/** Checks of the input columns a Gradus stage reads, with errors that name the column, its param and the schema. */
final class Columns {
    private Columns() {}

    /** The column {@code name} (the value of param {@code param}) must exist and hold ML vectors. */
    static void requireVector(StructType schema, String name, String param, String stage) {
        DataType t = require(schema, name, param, stage);
        if (!t.equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException(stage + ": column '" + name + "' (" + param + ") is " + t.simpleString()
                    + ", not an ML vector; VectorAssembler makes one from numeric columns");
        }
    }

    /** The column {@code name} (the value of param {@code param}) must exist and be numeric. */
    static void requireNumeric(StructType schema, String name, String param, String stage) {
        DataType t = require(schema, name, param, stage);
        if (!(t instanceof NumericType)) {
            throw new IllegalArgumentException(stage + ": column '" + name + "' (" + param + ") is " + t.simpleString()
                    + ", not numeric; StringIndexer turns string labels into class indices");
        }
    }

    private static DataType require(StructType schema, String name, String param, String stage) {
        String[] names = schema.fieldNames();
        if (!Arrays.asList(names).contains(name)) {
            throw new IllegalArgumentException(stage + ": no column '" + name + "' (" + param + "); the DataFrame has "
                    + Arrays.toString(names));
        }
        return schema.apply(name).dataType();
    }
}
