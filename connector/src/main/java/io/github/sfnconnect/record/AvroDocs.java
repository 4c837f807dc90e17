package io.github.sfnconnect.record;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Gives a Connect struct schema the parameters from which Avro converters write Avro {@code doc}s.
 * <p>
 * Connect's own {@code doc} reaches Avro only as a {@code connect.doc} property, which Avro tools do not show. The
 * {@code AvroData} mapping shared by Confluent's and Apicurio's Avro converters takes a record's {@code doc} from the
 * struct parameter {@value #RECORD_DOC} and each field's from {@value #FIELD_DOC_PREFIX}{@code <field>}, and sets
 * these parameters itself when it reads Avro back into Connect. JSON users see them under {@code parameters}.
 */
final class AvroDocs {

    static final String RECORD_DOC = "io.confluent.connect.avro.record.doc";
    static final String FIELD_DOC_PREFIX = "io.confluent.connect.avro.field.doc.";

    /** Builds the struct with its own doc as the record's Avro doc and each field schema's doc as the field's. */
    static Schema build(SchemaBuilder struct) {
        if (struct.doc() != null) {
            struct.parameter(RECORD_DOC, struct.doc());
        }
        for (Field field : struct.fields()) {
            if (field.schema().doc() != null) {
                struct.parameter(FIELD_DOC_PREFIX + field.name(), field.schema().doc());
            }
        }
        return struct.build();
    }

    private AvroDocs() {
    }
}
